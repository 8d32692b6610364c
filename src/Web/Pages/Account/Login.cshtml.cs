using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Web.Pages.Account;

/// <summary>Signing in; the per-address limit counts only the POSTs (ServiceRegistration).</summary>
[EnableRateLimiting(SignInThrottle.AddressPolicy)]
public sealed class LoginModel(SignInManager<AppUser> signIn, PasswordSignIn passwords, IOptions<DemoOptions> demo) : PageModel
{
    [BindProperty, Required] public string UserName { get; set; } = "";
    [BindProperty, Required] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public bool DemoMode => demo.Value.Enabled;
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrWhiteSpace(Password))
        {
            Error = Texts.Get("login.required");
            return Page();
        }
        var check = await passwords.CheckAsync(HttpContext, UserName, Password);
        if (check.User is not null)
        {
            await signIn.SignInAsync(check.User, isPersistent: false);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/Tasks");
        }
        Error = check.Message;
        if (check.Outcome == PasswordCheck.Throttled)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = check.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Page();
    }
}
