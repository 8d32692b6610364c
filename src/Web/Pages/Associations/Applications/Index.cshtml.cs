using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;

namespace ReformFlow.Web.Pages.Associations.Applications;

public sealed class IndexModel(CurrentActor current, FoundingQueries queries) : AppPageModel
{
    public IReadOnlyList<ApplicationSummary> Items { get; private set; } = [];
    public bool IsStudent { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        IsStudent = actor.StudentId is not null;
        Items = await queries.ListAsync(actor, ct);
    }
}
