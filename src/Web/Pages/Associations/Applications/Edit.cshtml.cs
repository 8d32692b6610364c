using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Web.Pages.Associations.Applications;

public sealed class EditModel(CurrentActor current, ReformFlowDb db, FoundingService founding, FoundingQueries queries, DraftChecks checks) : AppPageModel
{
    [BindProperty] public DraftFields Draft { get; set; } = new();
    [BindProperty] public int Version { get; set; }
    public DraftChoices Choices { get; private set; } = new([], new Dictionary<string, string>());
    public Guid Id { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await queries.GetAsync(actor, id, ct) is not { } view) return NotFound();
        Id = id;
        Version = view.Version;
        Draft = new DraftFields
        {
            Name = view.Name, Category = view.Category, Purpose = view.Purpose, GuidanceUnitId = view.GuidanceUnitId ?? Guid.Empty,
            CharterText = view.CharterText, DeclaresNoOutsideSponsor = view.DeclaresNoOutsideSponsor, DeclaresNoForeignAffairs = view.DeclaresNoForeignAffairs,
            Instructors = view.Instructors.Select(i => i.StaffNumber).ToList(),
        };
        // Sent here by New or by a save whose charter file was refused: the reason stands beside the file field.
        if (TempData[DraftFields.CharterRefusedKey] is string refused) ModelState.AddModelError(DraftFields.CharterFileField, refused);
        Choices = await DraftChoices.LoadAsync(db, checks, actor, Draft, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        Id = id;
        if (await TryAsync(() => founding.EditDraftAsync(actor, id, Draft.ToForm(), Version, ct)))
        {
            // Saved; a refused charter file is shown beside its field on a fresh Edit page (the draft's version has moved on).
            if (!await TryAsync(() => NewModel.AttachCharterAsync(founding, actor, id, Draft, ct), DraftFields.CharterFileField))
                return DraftFields.CharterRefused(this, id);
            Flash("draft.saved");
            // AS-2.2 said at once: saved, and back on this page where the warning stands beside the instructor field.
            if ((await checks.InstructorWarningsAsync(actor, Draft.Category, DraftFields.Split(Draft.Instructors), ct)).Count > 0)
                return RedirectToPage("Edit", new { id });
            return RedirectToPage("Details", new { id });
        }
        Choices = await DraftChoices.LoadAsync(db, checks, actor, Draft, ct);
        return Page();
    }
}
