using Microsoft.AspNetCore.Mvc.RazorPages;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Localization;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Infrastructure;

/// <summary>Pages that act: a refused action becomes form errors in the reader's language and changes nothing.</summary>
public abstract class AppPageModel : PageModel
{
    /// <param name="field">the form field the refusal belongs to (shown beside it), or "" for the whole form.</param>
    protected async Task<bool> TryAsync(Func<Task> work, string field = "")
    {
        try
        {
            await work();
            return true;
        }
        catch (DomainException d)
        {
            foreach (var r in d.Reasons) ModelState.AddModelError(field, ApiExceptionHandler.Describe(r));
        }
        catch (ForbiddenActionException f)
        {
            ModelState.AddModelError(field, ApiExceptionHandler.Describe(f.Reason));
        }
        catch (ConcurrencyConflictException)
        {
            ModelState.AddModelError("", Texts.Get("workflow.conflict"));
        }
        catch (NotFoundException)
        {
            ModelState.AddModelError("", Texts.Get("workflow.not-found"));
        }
        return false;
    }

    protected void Flash(string key, params object[] args) => TempData["Flash"] = Texts.Get(key, args);

}
