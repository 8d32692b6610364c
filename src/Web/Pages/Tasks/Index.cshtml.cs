using Microsoft.AspNetCore.Mvc.RazorPages;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Pages.Tasks;

public sealed class IndexModel(CurrentActor current, ReformFlowDb db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<InboxItem> Items { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Items = await InboxQueries.ForActorAsync(db, await current.GetAsync(ct), ct);
    }
}
