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
        if (await TryAsync(() => reviews.ActAsync(actor, id, action, Comment, Version, deadline, ct)))
        {
            Flash("details.done", ReformFlow.Workflows.Localization.Texts.Get($"enum.Trigger.{action}"));
            return RedirectToPage(new { id });
        }
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
