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
            foreach (var r in d.Reasons) ModelState.AddModelError(field, Reader.Reason(r));
        }
        catch (ForbiddenActionException f)
        {
            ModelState.AddModelError(field, Reader.Reason(f.Reason));
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

    /// <summary>Reasons in words for this reader (with measure IDs for officials only, see <see cref="Tr.ForStudent"/>).</summary>
    private Tr Reader => HttpContext.RequestServices.GetRequiredService<Tr>();

    protected void Flash(string key, params object[] args) => TempData["Flash"] = Texts.Get(key, args);

}
