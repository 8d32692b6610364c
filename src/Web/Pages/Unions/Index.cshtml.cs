using Microsoft.AspNetCore.Mvc;
using ReformFlow.Domain.Unions;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;
using ReformFlow.Workflows.Unions;

namespace ReformFlow.Web.Pages.Unions;

/// <summary>The university's student unions, school level first, with their size findings now (SU-3.1 … SU-3.3); searched, filtered and paged in SQL.</summary>
public sealed class IndexModel(CurrentActor current, UnionQueries unions, StructureQueries structure, XlsxExport export, Tr texts) : AppPageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public UnionLevel? Level { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? CollegeId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    [FromQuery(Name = "pageSize")] public int? PageSize { get; set; }

    public Paged<UnionSummary> List { get; private set; } = new([], 1, ListQuery.DefaultPageSize, 0);
    public IReadOnlyList<StructureRow> Colleges { get; private set; } = [];
    public bool Filtered => Q is not null || Level is not null || CollegeId is not null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (actor.UniversityId is { } uni) Colleges = await structure.ActiveCollegesAsync(uni, ct);
        List = await unions.ListAsync(actor, Query, Filter, ct);
    }

    /// <summary>Every union the list shows with these filters, as .xlsx (XlsxExport).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct) =>
        export.File(Request, "unions", "unions.title", await unions.ListAsync(await current.GetAsync(ct), XlsxExport.All(Query), Filter, ct), Columns(texts));

    private ListQuery Query => ListQuery.Of(PageNumber, PageSize, Sort, Q);
    private UnionFilter Filter => new(Level, CollegeId);

    /// <summary>
    /// The list's columns as the reader reads them (<paramref name="t"/>: a student's findings carry no measure IDs). The
    /// flagged cadres stay empty for a reader who may not see them, as on the page.
    /// </summary>
    public static XlsxColumn<UnionSummary>[] Columns(Tr t) =>
    [
        new("unions.name", u => XlsxExport.English ? u.NameEn : u.Name), new("unions.level", u => u.Level),
        new("unions.staff", u => u.Staff), new("unions.presidium", u => u.Presidium), new("unions.departments", u => u.Departments),
        new("unions.findings", u => Findings(t, u)), new("unions.open-flags", u => u.OpenFlags),
    ];

    /// <summary>The size findings in words, as the page's column lists them: refusing limits first, "within the limits" when none.</summary>
    public static string Findings(Tr t, UnionSummary u)
    {
        var lines = new List<string>();
        if (u.Standings.Any(x => x.Aspect == SizeAspect.Staff && x.Standing == Standing.Below))
            lines.Add(t.Tag("SU-3.3") + t["unions.below-college-staff", SizeRules.CollegeStaffUsualMin, SizeRules.CollegeStaffUsualMax]);
        lines.AddRange(u.Findings.OrderByDescending(f => f.Refuses).Select(f => $"{t[f.Refuses ? "unions.limit-refuses" : "unions.limit-usual"]}: {t.Reason(f.Reason)}"));
        return lines.Count == 0 ? t["unions.within-limits"] : string.Join("\n", lines);
    }
}
