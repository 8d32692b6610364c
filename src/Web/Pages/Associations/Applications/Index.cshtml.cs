using Microsoft.AspNetCore.Mvc;
using ReformFlow.Domain.Associations;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Pages.Associations.Applications;

/// <summary>The applications the reader may see (FoundingVisibility), searched, filtered, sorted and paged in SQL from the query string.</summary>
public sealed class IndexModel(CurrentActor current, FoundingQueries queries) : AppPageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public FoundingProcess.State? State { get; set; }
    [BindProperty(SupportsGet = true)] public AssociationCategory? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    [FromQuery(Name = "pageSize")] public int? PageSize { get; set; }

    public Paged<ApplicationSummary> List { get; private set; } = new([], 1, ListQuery.DefaultPageSize, 0);
    public bool IsStudent { get; private set; }
    public bool Filtered => Q is not null || State is not null || Category is not null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        IsStudent = actor.StudentId is not null;
        List = await queries.ListAsync(actor, ListQuery.Of(PageNumber, PageSize, Sort, Q), new ApplicationFilter(State, Category), ct);
    }
}
