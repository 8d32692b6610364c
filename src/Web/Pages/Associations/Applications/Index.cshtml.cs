using Microsoft.AspNetCore.Mvc;
using ReformFlow.Domain.Associations;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Pages.Associations.Applications;

/// <summary>The applications the reader may see (FoundingVisibility), searched, filtered, sorted and paged in SQL from the query string.</summary>
public sealed class IndexModel(CurrentActor current, FoundingQueries queries, StructureQueries structure, XlsxExport export) : AppPageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public FoundingProcess.State? State { get; set; }
    [BindProperty(SupportsGet = true)] public AssociationCategory? Category { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? CollegeId { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    [FromQuery(Name = "pageSize")] public int? PageSize { get; set; }

    public Paged<ApplicationSummary> List { get; private set; } = new([], 1, ListQuery.DefaultPageSize, 0);
    public bool IsStudent { get; private set; }
    public bool Filtered => Q is not null || State is not null || Category is not null || CollegeId is not null || Year is not null;
    public IReadOnlyList<StructureRow> Colleges { get; private set; } = [];
    /// <summary>The years offered by the year filter: from the first year of the installation's data to this one.</summary>
    public IReadOnlyList<int> Years { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        IsStudent = actor.StudentId is not null;
        List = await queries.ListAsync(actor, Query, Filter, ct);
        if (actor.UniversityId is { } uni) Colleges = await structure.ActiveCollegesAsync(uni, ct);
        Years = await queries.YearsAsync(actor, ct);
    }

    /// <summary>Every application the list shows with these filters, as .xlsx (XlsxExport).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct) =>
        export.File(Request, "applications", "applications.title", await queries.ListAsync(await current.GetAsync(ct), XlsxExport.All(Query), Filter, ct), Columns);

    private ListQuery Query => ListQuery.Of(PageNumber, PageSize, Sort, Q);
    private ApplicationFilter Filter => new(State, Category, CollegeId, Year);

    public static readonly XlsxColumn<ApplicationSummary>[] Columns =
    [
        new("details.name", a => a.Name), new("draft.category", a => a.Category), new("details.initiator", a => a.Initiator),
        new("tasks.state", a => XlsxExport.State(a.State)), new("applications.updated", a => a.UpdatedAt),
    ];
}
