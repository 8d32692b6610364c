using Microsoft.AspNetCore.Identity;
using ReformFlow.Workflows.Access;

namespace ReformFlow.Web.Api;

public sealed record TokenRequest(string UserName, string Password);

public static class AuthApi
{
    public static void Map(RouteGroupBuilder group)
    {
        group.WithTags("Authentication");
        // Scripts trade a user name and password for a bearer token; lockout applies as on the sign-in page.
        group.MapPost("/token", async (TokenRequest request, UserManager<AppUser> users, SignInManager<AppUser> signIn) =>
        {
            var user = await users.FindByNameAsync(request.UserName ?? "");
            if (user is null) return Results.Problem(statusCode: 401, title: Workflows.Localization.Texts.Get("login.failed"));
            var check = await signIn.CheckPasswordSignInAsync(user, request.Password ?? "", lockoutOnFailure: true);
            if (check.IsLockedOut) return Results.Problem(statusCode: 401, title: Workflows.Localization.Texts.Get("login.locked-out"));
            if (!check.Succeeded) return Results.Problem(statusCode: 401, title: Workflows.Localization.Texts.Get("login.failed"));
            var principal = await signIn.CreateUserPrincipalAsync(user);
            return Results.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
        }).AllowAnonymous().WithSummary("Get a bearer token for scripts");
    }
}
