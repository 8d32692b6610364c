using Microsoft.AspNetCore.Mvc;
using ReformFlow.Domain.Associations;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Pages.Associations;

/// <summary>The registered associations of the university (public cards), searched, filtered, sorted and paged in SQL.</summary>
public sealed class IndexModel(CurrentActor current, AssociationQueries associations, StructureQueries structure) : AppPageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public AssociationStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public AssociationCategory? Category { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? CollegeId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    [FromQuery(Name = "pageSize")] public int? PageSize { get; set; }

    public Paged<AssociationRow> List { get; private set; } = new([], 1, ListQuery.DefaultPageSize, 0);
    public IReadOnlyList<StructureRow> Colleges { get; private set; } = [];
    public bool Filtered => Q is not null || Status is not null || Category is not null || CollegeId is not null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (actor.UniversityId is { } uni) Colleges = await structure.ActiveCollegesAsync(uni, ct);
        List = await associations.ListAsync(actor, ListQuery.Of(PageNumber, PageSize, Sort, Q), new AssociationFilter(Status, Category, null, CollegeId), ct);
    }
}
