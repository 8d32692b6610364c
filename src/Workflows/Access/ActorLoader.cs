using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Access;

public static class ActorLoader
{
    public static async Task<Actor?> LoadAsync(ReformFlowDb db, string userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return null;
        var assignments = await db.RoleAssignments.AsNoTracking().Where(a => a.UserId == userId).ToListAsync(ct);
        // Students and teachers hold their personal role implicitly: it follows from the linked record.
        if (user.StudentId is not null)
            assignments.Add(new RoleAssignment(user.Id, Role.Student, user.UniversityId, null));
        if (user.TeacherId is not null)
            assignments.Add(new RoleAssignment(user.Id, Role.Instructor, user.UniversityId, null));
        return new Actor(user.Id, user.DisplayName, user.UniversityId, user.StudentId, user.TeacherId, assignments);
    }
}
