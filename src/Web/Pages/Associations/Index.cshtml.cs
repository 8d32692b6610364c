using Microsoft.AspNetCore.Mvc;
using ReformFlow.Domain.Associations;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Pages.Associations;

/// <summary>The registered associations of the university (public cards), searched, filtered, sorted and paged in SQL.</summary>
public sealed class IndexModel(CurrentActor current, AssociationQueries associations, StructureQueries structure, XlsxExport export) : AppPageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public AssociationStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public AssociationCategory? Category { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? CollegeId { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    /// <summary>The years offered by the year filter (registered in).</summary>
    public IReadOnlyList<int> Years { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    [FromQuery(Name = "pageSize")] public int? PageSize { get; set; }

    public Paged<AssociationRow> List { get; private set; } = new([], 1, ListQuery.DefaultPageSize, 0);
    public IReadOnlyList<StructureRow> Colleges { get; private set; } = [];
    public bool Filtered => Q is not null || Status is not null || Category is not null || CollegeId is not null || Year is not null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (actor.UniversityId is { } uni) Colleges = await structure.ActiveCollegesAsync(uni, ct);
        List = await associations.ListAsync(actor, Query, Filter, ct);
        Years = await associations.YearsAsync(actor, ct);
    }

    /// <summary>Every association the list shows with these filters, as .xlsx (XlsxExport).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct) =>
        export.File(Request, "associations", "associations.title",
            await associations.ListAsync(await current.GetAsync(ct), XlsxExport.All(Query), Filter, ct), Columns);

    private ListQuery Query => ListQuery.Of(PageNumber, PageSize, Sort, Q);
    private AssociationFilter Filter => new(Status, Category, null, CollegeId, Year);

    public static readonly XlsxColumn<AssociationRow>[] Columns =
    [
        new("details.registration-number", a => a.RegistrationNumber), new("details.name", a => a.Name), new("draft.category", a => a.Category),
        new("draft.guidance-unit", a => XlsxExport.English ? a.GuidanceUnitEn : a.GuidanceUnit), new("details.instructors", a => a.Instructors),
        new("associations.members", a => a.Members), new("details.status", a => a.Status), new("associations.registered", a => a.RegisteredAt),
    ];
}
