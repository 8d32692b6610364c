using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReformFlow.Web.Infrastructure;

namespace ReformFlow.Web.Pages;

/// <summary>
/// What a browser sees for a 4xx/5xx status without a body of its own (a mistyped address, an item outside
/// the reader's scope, /hangfire for a non-administrator): a page in the reader's language with the reason
/// and a way on. The API keeps its problem details (Pipeline).
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class StatusModel : PageModel
{
    private static readonly int[] Known = [400, 401, 403, 404, 405, 413, 429];

    public int Code { get; private set; }
    /// <summary>The text keys' stem: status.404.title, status.404.body …; other codes read as a general error.</summary>
    public string Key => Known.Contains(Code) ? $"status.{Code}" : "status.other";
    /// <summary>Where the reader was going: signing in returns there.</summary>
    public string? ReturnUrl { get; private set; }

    public IActionResult OnGet(int code) => Show(code);
    public IActionResult OnPost(int code) => Show(code);

    private IActionResult Show(int code)
    {
        // Asked for directly (/Status/404) the page still answers with that status, never 200.
        Code = code is >= 400 and <= 599 ? code : 404;
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        var path = original is null ? null : original.OriginalPathBase + original.OriginalPath + original.OriginalQueryString;
        ReturnUrl = Pipeline.IsLocalPath(path) ? path : null;
        Response.StatusCode = Code;
        return Page();
    }
}
