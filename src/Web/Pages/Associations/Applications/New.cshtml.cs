using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Web.Pages.Associations.Applications;

public sealed class NewModel(CurrentActor current, ReformFlowDb db, FoundingService founding) : AppPageModel
{
    [BindProperty] public DraftFields Draft { get; set; } = new();
    public DraftChoices Choices { get; private set; } = new([], new Dictionary<string, string>());

    public async Task OnGetAsync(CancellationToken ct) => Choices = await DraftChoices.LoadAsync(db, (await current.GetAsync(ct)).UniversityId, Draft.Instructors, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        Guid id = default;
        var ok = await TryAsync(async () =>
        {
            id = (await founding.CreateDraftAsync(actor, Draft.ToForm(), ct)).Id;
            if (Draft.CharterFile is { Length: > 0 } file)
            {
                await using var stream = file.OpenReadStream();
                await founding.AttachCharterAsync(actor, id, file.FileName, stream, ct);
            }
        });
        if (ok || id != default)
        {
            Flash("draft.created");
            return RedirectToPage("Details", new { id });
        }
        Choices = await DraftChoices.LoadAsync(db, actor.UniversityId, Draft.Instructors, ct);
        return Page();
    }
}
