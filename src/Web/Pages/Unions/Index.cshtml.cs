using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Unions;

namespace ReformFlow.Web.Pages.Unions;

/// <summary>The university's student unions, school level first, with their size findings now (SU-3.1 … SU-3.3).</summary>
public sealed class IndexModel(CurrentActor current, UnionQueries unions) : AppPageModel
{
    public IReadOnlyList<UnionSummary> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await unions.ListAsync(await current.GetAsync(ct), ct);
}
