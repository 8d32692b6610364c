using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Web.Api;

/// <summary>Locking an account is an administrator's act (failed passwords only slow guessing down: SignInThrottle).</summary>
public static class AdminUsersApi
{
    /// <summary>Mapped into the admin group, whose filter lets only administrators in.</summary>
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapPost("/users/{userName}/lock", (string userName, CurrentActor current, UserManager<AppUser> users, ReformFlowDb db, TimeProvider clock, CancellationToken ct) =>
                SetLockAsync(userName, DateTimeOffset.MaxValue, current, users, db, clock, ct))
            .WithSummary("Lock an account until unlocked: it cannot sign in, and its open sessions and tokens end at once");
        admin.MapPost("/users/{userName}/unlock", (string userName, CurrentActor current, UserManager<AppUser> users, ReformFlowDb db, TimeProvider clock, CancellationToken ct) =>
                SetLockAsync(userName, null, current, users, db, clock, ct))
            .WithSummary("Unlock an account (it signs in afresh; sessions ended by the lock stay ended)");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetLockAsync(string userName, DateTimeOffset? until, CurrentActor current,
        UserManager<AppUser> users, ReformFlowDb db, TimeProvider clock, CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        var user = await users.FindByNameAsync(userName);
        if (user is null || user.UniversityId != admin.UniversityId)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Texts.Get("workflow.not-found"));
        await using var tx = await db.BeginWriteAsync(ct);
        // Setting LockoutEnd renews the security stamp in the same save (SecurityStamps), which ends the sessions;
        // the audit entry is saved by that same save.
        AuditEntry.Add(db, clock.GetUtcNow(), admin.UniversityId, admin, until is null ? AuditKind.AccountUnlocked : AuditKind.AccountLocked, user.UserName!, "");
        user.LockoutEnabled = true;
        var result = await users.SetLockoutEndDateAsync(user, until);
        if (result.Succeeded && until is null) result = await users.ResetAccessFailedCountAsync(user);
        if (!result.Succeeded)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: string.Join(" ", result.Errors.Select(e => e.Description)));
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
