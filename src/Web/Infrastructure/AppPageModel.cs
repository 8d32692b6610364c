using Microsoft.AspNetCore.Mvc.RazorPages;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Localization;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Infrastructure;

/// <summary>Pages that act: a refused action becomes form errors in the reader's language and changes nothing.</summary>
public abstract class AppPageModel : PageModel
{
    protected async Task<bool> TryAsync(Func<Task> work)
    {
        try
        {
            await work();
            return true;
        }
        catch (DomainException d)
        {
            foreach (var r in d.Reasons) ModelState.AddModelError("", ApiExceptionHandler.Describe(r));
        }
        catch (ForbiddenActionException f)
        {
            ModelState.AddModelError("", ApiExceptionHandler.Describe(f.Reason));
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
