using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Web.Pages.Account;

/// <summary>A signed-in person changes their password. Every other session ends (new stamp); this browser is signed in again.</summary>
public sealed class PasswordModel(CurrentActor current, AccountService accounts, UserManager<AppUser> users, SignInManager<AppUser> signIn) : AppPageModel
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? Confirm { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await current.FindAsync(ct) is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await current.FindAsync(ct) is not { } me) return Challenge();
        if (NewPassword != Confirm)
        {
            ModelState.AddModelError("", Texts.Get("accounts.passwords-differ"));
            return Page();
        }
        if (!await TryAsync(() => accounts.ChangePasswordAsync(me, CurrentPassword, NewPassword, ct))) return Page();
        if (await users.FindByIdAsync(me.UserId) is { } user) await signIn.SignInAsync(user, isPersistent: false);
        Flash("accounts.password-changed");
        return RedirectToPage("/Tasks/Index");
    }
}
