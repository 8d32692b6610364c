using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ReformFlow.Web.Infrastructure;

/// <summary>Limits on password sign-in (section <c>Security:SignIn</c>); README "Sign-in, sessions and headers".</summary>
public sealed class SignInLimits
{
    /// <summary>Sign-in attempts (page and token endpoint) one client address may make per window, right or wrong.</summary>
    public int PerAddressPermits { get; set; } = 20;
    public int PerAddressWindowSeconds { get; set; } = 60;
    /// <summary>Failed attempts on one account, from anywhere, before addresses it was never used from are slowed down.</summary>
    public int AccountFreeFailures { get; set; } = 5;
    public int AccountWindowMinutes { get; set; } = 15;
    /// <summary>Once slowed down, one attempt on the account per this many seconds from addresses it was never used from.</summary>
    public int AccountDelaySeconds { get; set; } = 60;
    /// <summary>An address where the account signed in successfully stays known (never slowed down) this long.</summary>
    public int KnownAddressDays { get; set; } = 30;
}

/// <summary>
/// Failed passwords slow guessing down instead of locking the account: a hard lockout after N failures lets anyone
/// lock the chair or the administrator out by typing wrong passwords for them. Per account, once
/// <see cref="SignInLimits.AccountFreeFailures"/> failures were seen within the window, addresses that never signed
/// in to that account get one attempt per <see cref="SignInLimits.AccountDelaySeconds"/> between them, while the
/// addresses the real person used before are not slowed at all. The per-address limit is ASP.NET Core's rate
/// limiter (<see cref="AddressPolicy"/>). State is in memory, per node; a restart forgets it.
/// </summary>
public sealed class SignInThrottle(IOptionsMonitor<SignInLimits> options, TimeProvider clock)
{
    public const string AddressPolicy = "sign-in-per-address";
    private const int SweepAbove = 10_000;
    private readonly ConcurrentDictionary<string, Account> _accounts = new();

    /// <summary>Before the password is checked: null when the attempt may go ahead, otherwise how long to wait.</summary>
    public TimeSpan? Check(string userName, string address)
    {
        var o = options.CurrentValue;
        var now = clock.GetUtcNow();
        if (_accounts.Count > SweepAbove) Sweep(now, o);
        if (!_accounts.TryGetValue(Key(userName), out var account)) return null;
        lock (account)
        {
            account.Prune(now, o);
            if (account.Known.ContainsKey(address) || account.Failures.Count < o.AccountFreeFailures) return null;
            var next = account.LastSlowedAttempt + TimeSpan.FromSeconds(o.AccountDelaySeconds);
            if (now < next) return next - now;
            account.LastSlowedAttempt = now; // this attempt takes the slot
            return null;
        }
    }

    public void Failed(string userName, string address) => Update(userName, a => a.Failures.Enqueue(clock.GetUtcNow()));

    public void Succeeded(string userName, string address) => Update(userName, a => a.Known[address] = clock.GetUtcNow());

    /// <summary>The client address the limits apply to: the connection's, or the one a configured proxy forwarded (Security:KnownProxies).</summary>
    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string Key(string userName) => userName.Trim().ToUpperInvariant();

    private void Update(string userName, Action<Account> change)
    {
        var account = _accounts.GetOrAdd(Key(userName), _ => new Account());
        lock (account) change(account);
    }

    private void Sweep(DateTimeOffset now, SignInLimits o)
    {
        foreach (var (key, account) in _accounts)
            lock (account)
            {
                account.Prune(now, o);
                if (account.Failures.Count == 0 && account.Known.Count == 0) _accounts.TryRemove(key, out _);
            }
    }

    private sealed class Account
    {
        public Queue<DateTimeOffset> Failures { get; } = new();
        public Dictionary<string, DateTimeOffset> Known { get; } = new();
        public DateTimeOffset LastSlowedAttempt { get; set; } = DateTimeOffset.MinValue;

        public void Prune(DateTimeOffset now, SignInLimits o)
        {
            while (Failures.TryPeek(out var t) && t <= now - TimeSpan.FromMinutes(o.AccountWindowMinutes)) Failures.Dequeue();
            foreach (var (address, at) in Known.ToList())
                if (at <= now - TimeSpan.FromDays(o.KnownAddressDays)) Known.Remove(address);
        }
    }
}
