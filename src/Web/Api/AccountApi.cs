using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Access;

namespace ReformFlow.Web.Api;

public sealed record SetPasswordBody(string? Token = null, string? Password = null, string? Email = null);
public sealed record ForgotPasswordBody(string? UserName = null);
public sealed record ChangePasswordBody(string? CurrentPassword = null, string? NewPassword = null);

/// <summary>A person's own account: set the password through a one-time link, ask for a reset link, change the password.</summary>
public static class AccountApi
{
    public static void Map(RouteGroupBuilder g)
    {
        g.WithTags("Account");
        g.MapPost("/set-password", async (SetPasswordBody body, AccountService accounts, CancellationToken ct) =>
        {
            await accounts.SetPasswordAsync(body.Token, body.Password, body.Email, ct);
            return TypedResults.NoContent();
        }).AllowAnonymous().RequireRateLimiting(SignInThrottle.AddressPolicy)
          .WithSummary("Set the password with a one-time link's token (and optionally an email address for password resets); the link then stops working");

        g.MapPost("/forgot-password", async (ForgotPasswordBody body, AccountService accounts, CancellationToken ct) =>
        {
            await accounts.RequestResetAsync(body.UserName, ct);
            return TypedResults.Accepted((string?)null, new { message = Workflows.Localization.Texts.Get("accounts.forgot-sent") });
        }).AllowAnonymous().RequireRateLimiting(SignInThrottle.AddressPolicy)
          .WithSummary("Email a reset link to the account with this user name or email address, if there is one; the answer is the same either way");

        g.MapPost("/password", async (ChangePasswordBody body, CurrentActor current, AccountService accounts, CancellationToken ct) =>
        {
            await accounts.ChangePasswordAsync(await current.GetAsync(ct), body.CurrentPassword, body.NewPassword, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("Change your password (current and new); every session, this token's included, ends: sign in again");
    }
}
