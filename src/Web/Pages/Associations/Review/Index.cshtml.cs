using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.AnnualReview;

namespace ReformFlow.Web.Pages.Associations.Review;

/// <summary>The cycle over the reports the viewer may read (AnnualReportVisibility); the counts at a glance for the bodies over all of them.</summary>
public sealed class IndexModel(CurrentActor current, AnnualReviewService reviews) : AppPageModel
{
    public CycleProgress? Progress { get; private set; }
    public bool IsReviewer { get; private set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        IsReviewer = AnnualReportVisibility.SeesWholeCycle(actor);
        Progress = await reviews.ProgressAsync(actor, Year, ct);
    }
}
