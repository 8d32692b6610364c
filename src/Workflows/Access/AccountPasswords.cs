using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Access;

/// <summary>What a one-time link is for, shown on the page that opens it.</summary>
public sealed record LinkView(string UserName, string DisplayName, AccountLinkPurpose Purpose, DateTimeOffset ExpiresAt);

/// <summary>The person's own side: opening a link and setting a password, changing it, asking for a reset link.</summary>
public sealed partial class AccountService
{
    /// <summary>The link's account, or null when the token is unknown, used or expired (the page says so, the same for all three).</summary>
    public async Task<LinkView?> FindLinkAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return null;
        var hash = AccountLink.Hash(token);
        var now = clock.GetUtcNow();
        return await (from l in db.AccountLinks.AsNoTracking()
                      join u in db.Users.AsNoTracking() on l.UserId equals u.Id
                      where l.TokenHash == hash && l.UsedAt == null && l.ExpiresAt > now
                      select new LinkView(u.UserName!, u.DisplayName, l.Purpose, l.ExpiresAt)).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Sets the password through a link, once: the link is marked used, other unused links of the account go, the
    /// security stamp is renewed (any session from before ends). An optional email address is kept for "forgot password".
    /// </summary>
    public async Task<string> SetPasswordAsync(string? token, string? password, string? email, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var hash = AccountLink.Hash(token ?? "");
        var now = clock.GetUtcNow();
        var link = string.IsNullOrWhiteSpace(token) ? null
            : await db.AccountLinks.SingleOrDefaultAsync(l => l.TokenHash == hash && l.UsedAt == null && l.ExpiresAt > now, ct);
        var user = link is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Id == link.UserId, ct);
        if (link is null || user is null) throw new DomainException("accounts.link-invalid");
        await CheckPasswordAsync(user, password);
        var address = CheckEmail(email);
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password!);
        user.SecurityStamp = SecurityStamps.NewStamp();
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        if (address is not null)
        {
            user.Email = address;
            user.NormalizedEmail = users.NormalizeEmail(address);
        }
        link.UsedAt = now;
        await db.AccountLinks.Where(l => l.UserId == user.Id && l.UsedAt == null && l.Id != link.Id).ExecuteDeleteAsync(ct);
        AuditEntry.Add(db, now, user.UniversityId, Self(user), AuditKind.AccountPasswordSet, user.UserName!, $"link={link.Purpose}" + (address is null ? "" : " email=set"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return user.UserName!;
    }

    /// <summary>A signed-in person changes their password with the current one; every other session ends (new stamp).</summary>
    public async Task ChangePasswordAsync(Actor me, string? current, string? next, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == me.UserId, ct) ?? throw new Runtime.NotFoundException("account");
        if (string.IsNullOrEmpty(current) || !await users.CheckPasswordAsync(user, current)) throw new DomainException("accounts.current-password-wrong");
        await CheckPasswordAsync(user, next);
        user.PasswordHash = users.PasswordHasher.HashPassword(user, next!);
        user.SecurityStamp = SecurityStamps.NewStamp();
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        AuditEntry.Add(db, clock.GetUtcNow(), user.UniversityId, me, AuditKind.AccountPasswordChanged, user.UserName!, "");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// "Forgot password": when the name (or email address) belongs to an unlocked account with an email address, and no
    /// such link went to it in the last Accounts:ForgotIntervalMinutes, a reset link is emailed. The caller learns
    /// nothing either way. The password stays until the link is used, so a stranger's request locks nobody out.
    /// </summary>
    public async Task RequestResetAsync(string? nameOrEmail, CancellationToken ct)
    {
        var key = (nameOrEmail ?? "").Trim();
        if (key.Length is 0 or > 254) return;
        var now = clock.GetUtcNow();
        await using var tx = await db.BeginWriteAsync(ct);
        var normalizedName = users.NormalizeName(key);
        var normalizedEmail = users.NormalizeEmail(key);
        var matches = await db.Users.Where(u => u.NormalizedUserName == normalizedName || (key.Contains('@') && u.NormalizedEmail == normalizedEmail)).Take(2).ToListAsync(ct);
        // An address shared by two accounts does not say which one: nothing is sent.
        var user = matches.Count == 1 ? matches[0] : null;
        if (user is null || string.IsNullOrWhiteSpace(user.Email) || user.LockoutEnd > now) return;
        var since = now - TimeSpan.FromMinutes(options.Value.ForgotIntervalMinutes);
        if (await db.AccountLinks.AnyAsync(l => l.UserId == user.Id && l.Purpose == AccountLinkPurpose.Reset && l.CreatedAt > since, ct)) return;
        await db.AccountLinks.Where(l => l.UserId == user.Id && l.UsedAt == null && l.Purpose == AccountLinkPurpose.Reset).ExecuteDeleteAsync(ct);
        var (link, token) = AccountLink.New(user.Id, user.UniversityId, AccountLinkPurpose.Reset, now, TimeSpan.FromHours(options.Value.ForgotLinkHours));
        db.AccountLinks.Add(link);
        QueueLinkEmail(user.UniversityId ?? Guid.Empty, user.Email!, user.DisplayName, user.PreferredCulture, UrlOf(token), link.ExpiresAt, "email.account-forgot.subject", "email.account-forgot.body");
        AuditEntry.Add(db, now, user.UniversityId, null, AuditKind.AccountResetRequested, user.UserName!, "emailed");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Kick();
    }

    /// <summary>Identity's password rules (ServiceRegistration), each failure as a reason in the reader's language.</summary>
    private async Task CheckPasswordAsync(AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password)) throw new DomainException("accounts.password-required");
        if (password.Length > 128) throw new DomainException("text.too-long", "password", 128);
        var reasons = new List<Reason>();
        foreach (var v in users.PasswordValidators)
        {
            var r = await v.ValidateAsync(users, user, password);
            foreach (var e in r.Errors)
                reasons.Add(e.Code switch
                {
                    nameof(IdentityErrorDescriber.PasswordTooShort) => new Reason(null, "accounts.password-too-short", users.Options.Password.RequiredLength),
                    nameof(IdentityErrorDescriber.PasswordRequiresDigit) or nameof(IdentityErrorDescriber.PasswordRequiresLower)
                        or nameof(IdentityErrorDescriber.PasswordRequiresUpper) or nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric)
                        or nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => new Reason(null, "accounts." + e.Code),
                    _ => new Reason(null, "accounts.password-invalid", e.Description),
                });
        }
        if (reasons.Count > 0) throw new DomainException(reasons);
    }

    private static string? CheckEmail(string? email)
    {
        var e = email?.Trim();
        if (string.IsNullOrEmpty(e)) return null;
        if (e.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(e, out var parsed) || parsed.Address != e) throw new DomainException("accounts.email-invalid");
        return e;
    }

    private static Actor Self(AppUser user) => new(user.Id, user.DisplayName, user.UniversityId, user.StudentId, user.TeacherId, []);
}
