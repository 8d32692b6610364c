using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Instructors;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Web.Pages.Associations.Renewals;

/// <summary>One instructor renewal: the teacher answers, the guidance unit decides, the leaders resubmit or withdraw.</summary>
public sealed class DetailsModel(CurrentActor current, InstructorRenewalService renewals, InstructorRenewalQueries queries) : AppPageModel
{
    public RenewalView View { get; private set; } = null!;
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Comment { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostActAsync(Guid id, string action, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await TryAsync(() => renewals.ActAsync(actor, id, action, Comment, Version, ct)))
        {
            Flash("details.done", Texts.Get($"enum.Trigger.{action}"));
            return RedirectToPage(new { id });
        }
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var view = await queries.GetAsync(await current.GetAsync(ct), id, ct);
        if (view is null) return false;
        View = view;
        Version = view.Version;
        return true;
    }
}
