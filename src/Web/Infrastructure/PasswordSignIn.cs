using Microsoft.AspNetCore.Identity;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Web.Infrastructure;

public enum PasswordCheck { Succeeded, Failed, LockedOut, Throttled }

public sealed record PasswordCheckResult(PasswordCheck Outcome, AppUser? User = null, TimeSpan RetryAfter = default)
{
    /// <summary>The refusal in the caller's language.</summary>
    public string Message => Outcome switch
    {
        PasswordCheck.LockedOut => Texts.Get("login.locked-out"),
        PasswordCheck.Throttled => Texts.Get("login.throttled", RetryAfterSeconds),
        _ => Texts.Get("login.failed"),
    };

    public int RetryAfterSeconds => (int)Math.Ceiling(RetryAfter.TotalSeconds);
}

/// <summary>The one password check behind the sign-in page and the token endpoint.</summary>
public sealed class PasswordSignIn(UserManager<AppUser> users, SignInManager<AppUser> signIn, SignInThrottle throttle)
{
    public async Task<PasswordCheckResult> CheckAsync(HttpContext http, string userName, string password)
    {
        var name = userName.Trim();
        var address = SignInThrottle.AddressOf(http);
        if (throttle.Check(name, address) is { } wait) return new(PasswordCheck.Throttled, RetryAfter: wait);
        var user = await users.FindByNameAsync(name);
        // An unknown name counts as a failure like any other, so the answers do not tell which names exist.
        if (user is null)
        {
            throttle.Failed(name, address);
            return new(PasswordCheck.Failed);
        }
        // No lockout on failure: SignInThrottle slows guessing down without letting anyone lock another person out.
        // A lock set by an administrator still refuses (and also ends open sessions: ActorLoader.SignInHolds).
        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
        if (check.IsLockedOut) return new(PasswordCheck.LockedOut);
        if (!check.Succeeded)
        {
            throttle.Failed(name, address);
            return new(PasswordCheck.Failed);
        }
        throttle.Succeeded(name, address);
        return new(PasswordCheck.Succeeded, user);
    }

    /// <summary>The 429 answer of both throttles: Retry-After, and problem details for scripts or a short text for browsers.</summary>
    public static Task WriteTooManyAttemptsAsync(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var title = Texts.Get("login.throttled", seconds);
        if (http.Request.Path.StartsWithSegments("/api"))
            return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = title },
            }).AsTask();
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(title);
    }
}
