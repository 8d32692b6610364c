using Microsoft.AspNetCore.Mvc;
using ReformFlow.Domain.Associations;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;

namespace ReformFlow.Web.Pages.Associations.Applications;

public sealed class DetailsModel(CurrentActor current, FoundingService founding, FoundingQueries queries) : AppPageModel
{
    /// <summary>Actions shown together on one form, in the order their buttons appear.</summary>
    public static readonly string[][] Groups =
    [
        ["Submit", "Withdraw"],
        ["ConfirmSponsorship", "DeclineSponsorship"],
        ["AcceptInstruction", "DeclineInstruction"],
        ["GuidanceApprove", "GuidanceReturn", "GuidanceReject"],
        ["RecordOpinion"],
        ["CommitteeApprove", "CommitteeReturn", "CommitteeReject"],
    ];

    public ApplicationView View { get; private set; } = null!;
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public CommitteeVote? Vote { get; set; }
    [BindProperty] public List<string> StudentNumbers { get; set; } = [];
    /// <summary>The action of a refused post: its form shows the typed comment again (the other forms stay empty).</summary>
    public string? PostedAction { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostActAsync(Guid id, string action, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await TryAsync(() => founding.ActAsync(actor, id, action, Comment, Version, Vote, ct)))
        {
            Flash("details.done", Texts($"enum.Trigger.{action}"));
            return RedirectToPage(new { id });
        }
        PostedAction = action;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostInviteAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var numbers = DraftFields.Split(StudentNumbers); // one per picked chip, or several typed in the field
        if (await TryAsync(() => founding.InviteSponsorsAsync(actor, id, numbers, ct)))
        {
            Flash("details.invited", numbers.Count);
            return RedirectToPage(new { id });
        }
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRemoveSponsorAsync(Guid id, string studentNumber, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await TryAsync(() => founding.RemoveSponsorAsync(actor, id, studentNumber, ct)))
            return RedirectToPage(new { id });
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public bool Can(string action) => View.Actions.Any(a => a.Trigger == action);

    private static string Texts(string key) => ReformFlow.Workflows.Localization.Texts.Get(key);

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var view = await queries.GetAsync(await current.GetAsync(ct), id, ct);
        if (view is null) return false;
        View = view;
        Version = view.Version;
        return true;
    }
}
