using Microsoft.AspNetCore.Mvc;
using ReformFlow.Domain.Unions;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;
using ReformFlow.Workflows.Unions;

namespace ReformFlow.Web.Pages.Unions;

/// <summary>The university's student unions, school level first, with their size findings now (SU-3.1 … SU-3.3); searched, filtered and paged in SQL.</summary>
public sealed class IndexModel(CurrentActor current, UnionQueries unions, StructureQueries structure) : AppPageModel
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
        List = await unions.ListAsync(actor, ListQuery.Of(PageNumber, PageSize, Sort, Q), new UnionFilter(Level, CollegeId), ct);
    }
}
