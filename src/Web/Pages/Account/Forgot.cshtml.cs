using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Access;

namespace ReformFlow.Web.Pages.Account;

/// <summary>"Forgot password": the answer is the same whether or not the account exists (AccountService.RequestResetAsync).</summary>
[EnableRateLimiting(SignInThrottle.AddressPolicy)]
public sealed class ForgotModel(AccountService accounts) : AppPageModel
{
    [BindProperty] public string? UserName { get; set; }
    public bool Sent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await accounts.RequestResetAsync(UserName, ct);
        Sent = true;
        return Page();
    }
}
