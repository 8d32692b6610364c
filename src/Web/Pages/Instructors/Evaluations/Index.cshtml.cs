using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Instructors;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Pages.Instructors.Evaluations;

/// <summary>AS-2.3: the evaluations the reader may see (same scope as the API), paged, searched and filtered in SQL, newest year first.</summary>
public sealed class IndexModel(CurrentActor current, InstructorEvaluationQueries evaluations, StructureQueries structure, XlsxExport export) : AppPageModel
{
    public Paged<EvaluationRow> Rows { get; private set; } = new([], 1, ListQuery.DefaultPageSize, 0);
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<StructureRow> Colleges { get; private set; } = [];
    // The list's search, filters, sort and page, from the query string (links keep them).
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public InstructorEvaluationProcess.State? State { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? CollegeId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    [FromQuery(Name = "pageSize")] public int? PageSize { get; set; }
    public bool Filtered => Q is not null || Year is not null || State is not null || CollegeId is not null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        Rows = await evaluations.ListAsync(actor, Query, Filter, ct);
        Years = await evaluations.YearsAsync(actor, ct);
        if (actor.UniversityId is { } uni) Colleges = await structure.ActiveCollegesAsync(uni, ct);
    }

    /// <summary>Every evaluation the list shows with these filters, as .xlsx (XlsxExport).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct) =>
        export.File(Request, "instructor-evaluations", "evaluations.title",
            await evaluations.ListAsync(await current.GetAsync(ct), XlsxExport.All(Query), Filter, ct), Columns);

    private ListQuery Query => ListQuery.Of(PageNumber, PageSize, Sort, Q);
    private EvaluationFilter Filter => new(Year, State, CollegeId);

    public static readonly XlsxColumn<EvaluationRow>[] Columns =
    [
        new("evaluations.year", r => $"{r.AcademicYear}–{r.AcademicYear + 1}"), new("evaluations.teacher", r => r.Teacher),
        new("instructors.staff-number", r => r.StaffNumber), new("evaluations.association", r => r.Association),
        new("details.registration-number", r => r.RegistrationNumber), new("tasks.state", r => XlsxExport.State(r.State)),
        new("evaluations.rating-ends", r => r.RatingEndsAt), new("evaluations.ratings", r => r.Ratings), new("evaluations.result", r => r.Result),
    ];
}
