using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Localization;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;
using ReformFlow.Workflows.Unions;

namespace ReformFlow.Web.Pages.Unions.Nominations;

/// <summary>
/// Every nomination the reader may open, across the unions (the same scope as each union's page and the API:
/// NominationScope), paged, searched and filtered in SQL, newest change first.
/// </summary>
public sealed class IndexModel(CurrentActor current, NominationQueries nominations, StructureQueries structure, XlsxExport export) : AppPageModel
{
    public Paged<NominationListRow> Rows { get; private set; } = new([], 1, ListQuery.DefaultPageSize, 0);
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<StructureRow> Colleges { get; private set; } = [];
    // The list's search, filters, sort and page, from the query string (links keep them).
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? CollegeId { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    [FromQuery(Name = "pageSize")] public int? PageSize { get; set; }
    public bool Filtered => Q is not null || State is not null || CollegeId is not null || Year is not null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        Rows = await nominations.ListAsync(actor, Query, Filter, ct);
        Years = await nominations.YearsAsync(actor, ct);
        if (actor.UniversityId is { } uni) Colleges = await structure.ActiveCollegesAsync(uni, ct);
    }

    /// <summary>Every nomination the list shows with these filters, as .xlsx (XlsxExport).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct) =>
        export.File(Request, "nominations", "nominations.title", await nominations.ListAsync(await current.GetAsync(ct), XlsxExport.All(Query), Filter, ct), Columns);

    private ListQuery Query => ListQuery.Of(PageNumber, PageSize, Sort, Q);
    // A state no chain has (a hand-edited link) filters nothing rather than failing the page; the API refuses it.
    private NominationFilter Filter => new(State is not null && NominationQueries.States.Contains(State) ? State : null, CollegeId, Year);

    public static string Position(NominationListRow r)
    {
        var dept = XlsxExport.English ? r.DepartmentEn : r.Department;
        return Texts.Get($"enum.PositionKind.{r.Kind}") + (dept is null ? "" : $" · {dept}");
    }

    public static readonly XlsxColumn<NominationListRow>[] Columns =
    [
        new("unions.nominee", r => r.Nominee), new("details.student-number", r => r.StudentNumber),
        new("list.college", r => XlsxExport.English ? r.CollegeEn : r.College), new("unions.name", r => XlsxExport.English ? r.UnionEn : r.Union),
        new("unions.position", Position), new("tasks.state", r => XlsxExport.State(r.State)),
        new("nominations.put-forward", r => r.CreatedAt), new("unions.updated", r => r.UpdatedAt),
    ];
}
