using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ReformFlow.Domain.Access;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.AnnualReview;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Pages.Associations.Review;

/// <summary>The cycle over the reports the viewer may read (AnnualReportVisibility); the counts at a glance for the bodies over all of them.</summary>
public sealed class IndexModel(CurrentActor current, AnnualReviewService reviews, StructureQueries structure, XlsxExport export, TimeProvider clock, IOptions<AppOptions> app) : AppPageModel
{
    public CycleProgress? Progress { get; private set; }
    public bool IsReviewer { get; private set; }
    /// <summary>The student work department (and administrators) open a cycle from here; the yearly job opens it on its day anyway.</summary>
    public bool MayOpen { get; private set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    // The list's search, filters, sort and page, from the query string (links keep them).
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public AnnualReviewProcess.State? State { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? CollegeId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    [FromQuery(Name = "pageSize")] public int? PageSize { get; set; }
    public bool Filtered => Q is not null || State is not null || CollegeId is not null;
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<StructureRow> Colleges { get; private set; } = [];
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
        Progress = await reviews.ProgressAsync(actor, Year, Query, Filter, ct);
        Years = await reviews.YearsAsync(actor, ct);
        if (actor.UniversityId is { } uni) Colleges = await structure.ActiveCollegesAsync(uni, ct);
    }

    /// <summary>Every report the list shows with these filters, as .xlsx (XlsxExport).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct) =>
        await reviews.ProgressAsync(await current.GetAsync(ct), Year, XlsxExport.All(Query), Filter, ct) is { } all
            ? export.File(Request, "annual-reviews", "review.title", all.Rows, Columns)
            : NotFound();

    private ListQuery Query => ListQuery.Of(PageNumber, PageSize, Sort, Q);
    private ReviewFilter Filter => new(State, CollegeId);

    public static readonly XlsxColumn<ReviewRow>[] Columns =
    [
        new("details.registration-number", r => r.RegistrationNumber), new("details.name", r => r.Association),
        new("draft.guidance-unit", r => XlsxExport.English ? r.GuidanceUnitEn : r.GuidanceUnit),
        new("tasks.state", r => XlsxExport.State(r.State)), new("tasks.overdue", r => r.Overdue), new("review.deadline", r => r.DueAt),
    ];
}
