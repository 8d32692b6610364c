using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Web.Pages.Account;

/// <summary>
/// The page a one-time link opens (first sign-in, reset, forgotten password): the person sets a password and may leave an
/// email address for later resets. An unknown, used or expired link gets the same answer.
/// </summary>
[EnableRateLimiting(SignInThrottle.AddressPolicy)]
public sealed class SetPasswordModel(AccountService accounts) : AppPageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    [BindProperty] public string? Email { get; set; }
    public LinkView? Link { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Link = await accounts.FindLinkAsync(Token, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Link = await accounts.FindLinkAsync(Token, ct);
        if (Link is null) return Page();
        if (Password != Confirm)
        {
            ModelState.AddModelError("", Texts.Get("accounts.passwords-differ"));
            return Page();
        }
        string? userName = null;
        if (!await TryAsync(async () => userName = await accounts.SetPasswordAsync(Token, Password, Email, ct))) return Page();
        Flash("accounts.password-set", userName!);
        return RedirectToPage("/Account/Login");
    }
}
