using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Access;

public static class ActorLoader
{
    public static async Task<Actor?> LoadAsync(ReformFlowDb db, string userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        return user is null ? null : await ActorOfAsync(db, user, ct);
    }

    /// <summary>
    /// The actor behind a cookie or bearer token, or null when that sign-in no longer holds (<see cref="SignInHolds"/>).
    /// The user row is read anyway to build the actor, so checking every request costs no extra query.
    /// </summary>
    public static async Task<Actor?> LoadSignedInAsync(ReformFlowDb db, string userId, string? securityStamp, DateTimeOffset now, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        return user is not null && SignInHolds(user, securityStamp, now) ? await ActorOfAsync(db, user, ct) : null;
    }

    /// <summary>
    /// A sign-in holds while the user is not locked and carries the security stamp it was issued with. The stamp
    /// changes on sign-out, lock, any role assignment change and password change (<see cref="SecurityStamps"/>),
    /// which ends every cookie and token issued before.
    /// </summary>
    public static bool SignInHolds(AppUser user, string? securityStamp, DateTimeOffset now) =>
        !string.IsNullOrEmpty(securityStamp) && securityStamp == user.SecurityStamp && !(user.LockoutEnd > now);

    private static async Task<Actor> ActorOfAsync(ReformFlowDb db, AppUser user, CancellationToken ct)
    {
        var assignments = await db.RoleAssignments.AsNoTracking().Where(a => a.UserId == user.Id).ToListAsync(ct);
        // Students and teachers hold their personal role implicitly: it follows from the linked record.
        if (user.StudentId is not null)
            assignments.Add(new RoleAssignment(user.Id, Role.Student, user.UniversityId, null));
        if (user.TeacherId is not null)
            assignments.Add(new RoleAssignment(user.Id, Role.Instructor, user.UniversityId, null));
        return new Actor(user.Id, user.DisplayName, user.UniversityId, user.StudentId, user.TeacherId, assignments);
    }
}
