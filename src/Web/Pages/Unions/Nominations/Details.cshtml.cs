using Microsoft.AspNetCore.Mvc;
using ReformFlow.Domain.Unions;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Localization;
using ReformFlow.Workflows.Unions;

namespace ReformFlow.Web.Pages.Unions.Nominations;

/// <summary>One nomination in its chain: the nominee and their eligibility now, the seat, the joint review, the viewer's actions, history and diagram.</summary>
public sealed class DetailsModel(CurrentActor current, NominationQueries queries, UnionService service) : AppPageModel
{
    /// <summary>The states each chain passes on its way to the outcome, for the progress line.</summary>
    public static IReadOnlyList<string> PathOf(SelectionChain chain) => chain switch
    {
        SelectionChain.SchoolPresidium => ["Recommending", "CollegePartyConsent", "JointReview", "PartyCommitteeDetermination", "Candidate"],
        SelectionChain.SchoolDepartment => ["Recommending", "JointReview", "Appointed"],
        _ => ["Recommending", "CollegeLeagueApproval", "CollegePartyDetermination", "Appointed"],
    };

    public NominationView View { get; private set; } = null!;
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public string? Justification { get; set; }
    [BindProperty] public string? Statement { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostActAsync(Guid id, string action, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await TryAsync(() => service.ActAsync(actor, id, action, Comment, Version, Justification, null, ct)))
        {
            Flash("details.done", Texts.Get($"enum.Trigger.{action}"));
            return RedirectToPage(new { id });
        }
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    /// <summary>The recommending body rewrites its recommendation; the position stays as nominated.</summary>
    public async Task<IActionResult> OnPostEditAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await queries.GetAsync(actor, id, ct) is not { } seen) return NotFound();
        var draft = new NominationDraft(seen.Kind, seen.DepartmentId, Statement ?? "", Justification);
        if (await TryAsync(() => service.ActAsync(actor, id, "Edit", null, Version, Justification, draft, ct)))
        {
            Flash("nominations.edited");
            return RedirectToPage(new { id });
        }
        return await LoadAsync(id, ct, keepInput: true) ? Page() : NotFound();
    }

    public bool Can(string action) => View.Actions.Any(a => a.Trigger == action);

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct, bool keepInput = false)
    {
        var view = await queries.GetAsync(await current.GetAsync(ct), id, ct);
        if (view is null) return false;
        View = view;
        Version = view.Version;
        if (!keepInput) Statement = view.Statement;
        return true;
    }
}
