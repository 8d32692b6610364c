using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Web.Pages.Associations.Applications;

public sealed class NewModel(CurrentActor current, ReformFlowDb db, FoundingService founding, DraftChecks checks) : AppPageModel
{
    [BindProperty] public DraftFields Draft { get; set; } = new();
    public DraftChoices Choices { get; private set; } = new([], new Dictionary<string, string>());

    public async Task OnGetAsync(CancellationToken ct) => Choices = await DraftChoices.LoadAsync(db, (await current.GetAsync(ct)).UniversityId, Draft.Instructors, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        Guid id = default;
        if (await TryAsync(async () => id = (await founding.CreateDraftAsync(actor, Draft.ToForm(), ct)).Id))
        {
            // The draft is kept even when its charter file is refused: the reason goes beside the file field on the Edit page.
            if (!await TryAsync(() => AttachCharterAsync(founding, actor, id, Draft, ct), DraftFields.CharterFileField))
                return DraftFields.CharterRefused(this, id);
            Flash("draft.created");
            // AS-2.2 said at once: a teacher who may not guide this category is named beside the instructor field on Edit.
            if ((await checks.InstructorWarningsAsync(actor, Draft.Category, DraftFields.Split(Draft.Instructors), ct)).Count > 0)
                return RedirectToPage("Edit", new { id });
            return RedirectToPage("Details", new { id });
        }
        Choices = await DraftChoices.LoadAsync(db, checks, actor, Draft, ct);
        return Page();
    }

    /// <summary>Attaches the chosen charter file, if any (New and Edit alike).</summary>
    public static async Task AttachCharterAsync(FoundingService founding, ReformFlow.Workflows.Access.Actor actor, Guid id, DraftFields draft, CancellationToken ct)
    {
        if (draft.CharterFile is not { Length: > 0 } file) return;
        await using var stream = file.OpenReadStream();
        await founding.AttachCharterAsync(actor, id, file.FileName, stream, ct);
    }
}
