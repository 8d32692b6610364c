using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReformFlow.Web.Infrastructure;

namespace ReformFlow.Web.Pages.Account;

public sealed class LogoutModel(Sessions sessions) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Account/Login");

    public async Task<IActionResult> OnPostAsync()
    {
        // Ends every session of this person, so a copy of the cookie replayed later is refused too.
        await sessions.SignOutEverywhereAsync(User, HttpContext.RequestAborted);
        return RedirectToPage("/Account/Login");
    }
}
