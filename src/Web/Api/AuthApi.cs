using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Web.Api;

public sealed record TokenRequest(string UserName, string Password);

public sealed record RefreshRequest(string RefreshToken);

public static class AuthApi
{
    public static void Map(RouteGroupBuilder group)
    {
        group.WithTags("Authentication");
        // Scripts trade a user name and password for a bearer token (8 h) and a refresh token (7 days); the same
        // throttles as on the sign-in page apply (README "Sign-in, sessions and headers").
        group.MapPost("/token", async Task<Results<SignInHttpResult, ProblemHttpResult>> (TokenRequest request, HttpContext http, PasswordSignIn passwords, SignInManager<AppUser> signIn) =>
        {
            var check = await passwords.CheckAsync(http, request.UserName ?? "", request.Password ?? "");
            if (check.Outcome == PasswordCheck.Throttled)
            {
                http.Response.Headers.RetryAfter = check.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: check.Message);
            }
            if (check.User is null) return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: check.Message);
            return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(check.User), authenticationScheme: IdentityConstants.BearerScheme);
        }).AllowAnonymous().RequireRateLimiting(SignInThrottle.AddressPolicy).WithSummary("Get a bearer token for scripts");

        // As Identity's own /refresh: the refresh token is good until it expires, unless the session was ended since
        // (sign-out, lock, role change: the security stamp no longer matches).
        group.MapPost("/refresh", async Task<Results<SignInHttpResult, ProblemHttpResult>> (RefreshRequest request, IOptionsMonitor<BearerTokenOptions> bearer,
            UserManager<AppUser> users, SignInManager<AppUser> signIn, IOptions<IdentityOptions> identity, TimeProvider clock) =>
        {
            var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken ?? "");
            var now = clock.GetUtcNow();
            var user = ticket?.Properties.ExpiresUtc is { } expires && now < expires && users.GetUserId(ticket.Principal) is { } id
                ? await users.FindByIdAsync(id) : null;
            if (user is null || !ActorLoader.SignInHolds(user, ticket!.Principal.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType)?.Value, now))
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: Texts.Get("login.session-ended"));
            return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
        }).AllowAnonymous().WithSummary("Trade a refresh token for a new bearer token and refresh token");

        group.MapPost("/sign-out", async (HttpContext http, Sessions sessions, CancellationToken ct) =>
        {
            await sessions.SignOutEverywhereAsync(http.User, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("End every session of the caller: all its bearer, refresh tokens and cookies stop working");
    }
}
