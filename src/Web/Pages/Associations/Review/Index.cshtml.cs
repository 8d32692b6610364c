using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ReformFlow.Domain.Access;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.AnnualReview;
using ReformFlow.Workflows.Email;

namespace ReformFlow.Web.Pages.Associations.Review;

/// <summary>The cycle over the reports the viewer may read (AnnualReportVisibility); the counts at a glance for the bodies over all of them.</summary>
public sealed class IndexModel(CurrentActor current, AnnualReviewService reviews, TimeProvider clock, IOptions<AppOptions> app) : AppPageModel
{
    public CycleProgress? Progress { get; private set; }
    public bool IsReviewer { get; private set; }
    /// <summary>The student work department (and administrators) open a cycle from here; the yearly job opens it on its day anyway.</summary>
    public bool MayOpen { get; private set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public int OpenYear { get; set; }
    [BindProperty] public DateTime? OpenDeadline { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = app.Value.ToLocal(clock.GetUtcNow());
        // The academic year that has begun by today (September to August), and the usual 45 days to report.
        OpenYear = today.Month >= 9 ? today.Year : today.Year - 1;
        OpenDeadline = today.Date.AddDays(45);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostOpenAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (OpenDeadline is not { } day) ModelState.AddModelError(nameof(OpenDeadline), ReformFlow.Workflows.Localization.Texts.Get("review.open-deadline-required"));
        else if (await TryAsync(() => reviews.OpenCycleAsync(actor, OpenYear, app.Value.EndOfLocalDay(day), ct)))
        {
            Flash("review.opened", OpenYear, OpenYear + 1);
            return RedirectToPage(new { Year = OpenYear });
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        IsReviewer = AnnualReportVisibility.SeesWholeCycle(actor);
        MayOpen = actor.Holds(Role.StudentWorkDepartment) || actor.Holds(Role.UniversityAdmin);
        Progress = await reviews.ProgressAsync(actor, Year, ct);
    }
}
