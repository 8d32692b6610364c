using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Web.Infrastructure;

/// <summary>Ending sessions: a cookie or bearer token holds only while the user's security stamp is the one it carries.</summary>
public sealed class Sessions(UserManager<AppUser> users, SignInManager<AppUser> signIn, ReformFlowDb db)
{
    /// <summary>
    /// Sign-out ends every session of the user — this browser's cookie, a copy of it replayed later, other
    /// browsers and every bearer and refresh token — by renewing the security stamp, then removes this cookie.
    /// </summary>
    public async Task SignOutEverywhereAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        if (await users.GetUserAsync(principal) is { } user)
        {
            await using var tx = await db.BeginWriteAsync(ct);
            await users.UpdateSecurityStampAsync(user);
            await tx.CommitAsync(ct);
        }
        await signIn.SignOutAsync();
    }
}

public static class SessionCheck
{
    /// <summary>
    /// Runs after authentication on every request: a cookie or token that no longer holds (signed out, locked,
    /// roles changed, user gone: <see cref="ActorLoader.SignInHolds"/>) is treated as no sign-in at all, so the
    /// API answers 401 and pages send the browser to the sign-in page. The check reuses the request's actor load.
    /// </summary>
    public static IApplicationBuilder UseSessionCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity?.IsAuthenticated == true
            && await http.RequestServices.GetRequiredService<CurrentActor>().FindAsync(http.RequestAborted) is null)
        {
            if (!ServiceRegistration.IsBearer(http.Request))
                await http.SignOutAsync(IdentityConstants.ApplicationScheme); // the browser drops the dead cookie
            http.User = new ClaimsPrincipal(new ClaimsIdentity());
        }
        await next(http);
    });
}
