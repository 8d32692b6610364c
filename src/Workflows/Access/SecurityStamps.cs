using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using ReformFlow.Domain.Access;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Access;

/// <summary>
/// Renews a user's security stamp in the same SaveChanges that grants or removes one of their roles or locks
/// them, so every path that does so — the seeder, an administrator, a future feature — ends their open sessions
/// without remembering to. (Sign-out and password change go through Identity's UserManager, which renews it too.)
/// Bulk ExecuteUpdate/ExecuteDelete bypass the change tracker and so this hook: renew the stamps there yourself.
/// </summary>
public static class SecurityStamps
{
    public static void RenewForChanges(ReformFlowDb db)
    {
        var changed = db.ChangeTracker.Entries<RoleAssignment>()
            .Where(e => e.State is EntityState.Added or EntityState.Deleted or EntityState.Modified)
            .Select(e => e.Entity.UserId)
            .ToHashSet();
        foreach (var e in db.ChangeTracker.Entries<AppUser>())
            if (e.State == EntityState.Modified && e.Property(u => u.LockoutEnd) is { IsModified: true, CurrentValue: not null } lockout
                && !Equals(lockout.OriginalValue, lockout.CurrentValue))
                changed.Add(e.Entity.Id);
        foreach (var userId in changed)
        {
            // Find looks at tracked users first, so a user added in this same SaveChanges is renewed in place.
            if (db.Users.Find(userId) is { } user) Renew(db.Entry(user));
        }
    }

    private static void Renew(EntityEntry<AppUser> user)
    {
        user.Entity.SecurityStamp = NewStamp();
        // A new concurrency stamp makes a concurrent UserManager update of the same user (which writes every
        // column) fail instead of silently putting the old security stamp back.
        user.Entity.ConcurrencyStamp = Guid.NewGuid().ToString();
        if (user.State is EntityState.Unchanged or EntityState.Modified)
        {
            user.Property(u => u.SecurityStamp).IsModified = true;
            user.Property(u => u.ConcurrencyStamp).IsModified = true;
        }
    }

    /// <summary>Same shape as Identity's own stamps.</summary>
    public static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
}
