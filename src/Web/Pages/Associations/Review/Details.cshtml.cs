using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.AnnualReview;

namespace ReformFlow.Web.Pages.Associations.Review;

public sealed class DetailsModel(CurrentActor current, AnnualReviewService reviews, AnnualReviewQueries queries, Microsoft.Extensions.Options.IOptions<ReformFlow.Workflows.Email.AppOptions> app) : AppPageModel
{
    public ReportView View { get; private set; } = null!;
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public DateTime? Deadline { get; set; }
    [BindProperty] public string? Activities { get; set; }
    [BindProperty] public string? Finances { get; set; }
    [BindProperty] public string? Violations { get; set; }
    [BindProperty] public string? Items { get; set; }
    [BindProperty] public string? RectificationReport { get; set; }
    [BindProperty] public ReformFlow.Domain.Associations.CommitteeVote? Vote { get; set; }
    /// <summary>The handler of a refused post ("Act", "Opinion"): only its form shows the typed comment again.</summary>
    public string? PostedForm { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReportAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await TryAsync(() => reviews.SubmitAsync(actor, id, new ReportInput(Activities ?? "", Finances ?? "", Violations), Version, ct)))
        {
            Flash("details.done", ReformFlow.Workflows.Localization.Texts.Get("enum.Trigger.SubmitReport"));
            return RedirectToPage(new { id });
        }
        return await LoadAsync(id, ct, keepInput: true) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostActAsync(Guid id, string action, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        // A date picked on the page is a day in the installation's zone (App:TimeZone).
        DateTimeOffset? deadline = Deadline is { } d ? app.Value.EndOfLocalDay(d) : null;
        if (await TryAsync(() => reviews.ActAsync(actor, id, action, Comment, Version, new DecisionInput(deadline, Items), ct)))
        {
            Flash("details.done", ReformFlow.Workflows.Localization.Texts.Get($"enum.Trigger.{action}"));
            return RedirectToPage(new { id });
        }
        PostedForm = "Act";
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    /// <summary>AS-1.8: a committee member's opinion (not a decision: no version needed, a second one replaces the first).</summary>
    public Task<IActionResult> OnPostOpinionAsync(Guid id, CancellationToken ct) =>
        StepAsync(id, "RecordOpinion", null, new DecisionInput(null, Vote: Vote), ct);

    /// <summary>AS-1.5: the leaders report what they rectified.</summary>
    public Task<IActionResult> OnPostRectifyAsync(Guid id, CancellationToken ct) =>
        StepAsync(id, "ReportRectification", Version, new DecisionInput(null, Report: RectificationReport), ct);

    private async Task<IActionResult> StepAsync(Guid id, string action, int? version, DecisionInput input, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await TryAsync(() => reviews.ActAsync(actor, id, action, Comment, version, input, ct)))
        {
            Flash("details.done", ReformFlow.Workflows.Localization.Texts.Get($"enum.Trigger.{action}"));
            return RedirectToPage(new { id });
        }
        PostedForm = action == "RecordOpinion" ? "Opinion" : null;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public bool Can(string action) => View.Actions.Any(a => a.Trigger == action);

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct, bool keepInput = false)
    {
        var view = await queries.GetAsync(await current.GetAsync(ct), id, ct);
        if (view is null) return false;
        View = view;
        Version = view.Version;
        if (!keepInput)
        {
            Activities = view.Activities;
            Finances = view.Finances;
            Violations = view.Violations;
        }
        return true;
    }
}
