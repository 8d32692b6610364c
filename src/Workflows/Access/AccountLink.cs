using System.Security.Cryptography;
using System.Text;

namespace ReformFlow.Workflows.Access;

public enum AccountLinkPurpose { FirstSignIn, Reset }

/// <summary>
/// A one-time link to set a password: the first sign-in of an imported student or teacher, an administrator's reset,
/// or a forgotten password. Only the token's SHA-256 is stored, so the database does not hold working links; the token
/// itself is shown once (the administrator's list) or emailed. Used once, then <see cref="UsedAt"/> is set; issuing
/// another link for the same account deletes the unused ones.
/// </summary>
public sealed class AccountLink
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string UserId { get; set; } = "";
    public Guid? UniversityId { get; set; }
    public AccountLinkPurpose Purpose { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>A new token (32 random bytes, URL-safe) and its link row.</summary>
    public static (AccountLink Link, string Token) New(string userId, Guid? universityId, AccountLinkPurpose purpose, DateTimeOffset now, TimeSpan lifetime)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (new AccountLink
        {
            UserId = userId, UniversityId = universityId, Purpose = purpose, TokenHash = Hash(token), CreatedAt = now, ExpiresAt = now + lifetime,
        }, token);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

public sealed class AccountOptions
{
    /// <summary>Accounts:LinkDays — how long a first-sign-in or reset link works (default 14 days).</summary>
    public int LinkDays { get; set; } = 14;
    /// <summary>Accounts:ForgotLinkHours — how long a link sent by "forgot password" works (default 2 hours).</summary>
    public int ForgotLinkHours { get; set; } = 2;
    /// <summary>Accounts:ForgotIntervalMinutes — at most one "forgot password" email per account in this time (default 5).</summary>
    public int ForgotIntervalMinutes { get; set; } = 5;
}
