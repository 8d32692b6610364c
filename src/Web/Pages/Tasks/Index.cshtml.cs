using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Pages.Tasks;

/// <summary>My open tasks, searched, filtered, sorted and paged in SQL from the query string.</summary>
public sealed class IndexModel(CurrentActor current, ReformFlowDb db, TimeProvider clock, XlsxExport export) : AppPageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Process { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    [FromQuery(Name = "pageSize")] public int? PageSize { get; set; }

    public Paged<InboxItem> List { get; private set; } = new([], 1, ListQuery.DefaultPageSize, 0);
    public DateTimeOffset Now { get; private set; }
    public bool Filtered => Q is not null || Process is not null || Overdue == true;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        List = await InboxQueries.ForActorAsync(db, await current.GetAsync(ct), ListQuery.Of(PageNumber, PageSize, Sort, Q), new TaskFilter(Process, Overdue), Now, ct);
    }

    /// <summary>Every task the list shows with these filters, as .xlsx (XlsxExport).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct) =>
        export.File(Request, "tasks", "tasks.title", await InboxQueries.ForActorAsync(db, await current.GetAsync(ct),
            XlsxExport.All(ListQuery.Of(PageNumber, PageSize, Sort, Q)), new TaskFilter(Process, Overdue), clock.GetUtcNow(), ct), Columns);

    public static readonly XlsxColumn<InboxItem>[] Columns =
    [
        new("tasks.what", t => Workflows.Localization.Texts.Get(t.TitleKey)), new("tasks.subject", t => t.Subject),
        new("tasks.state", t => XlsxExport.State(t.State)), new("tasks.since", t => t.CreatedAt), new("tasks.due", t => t.DueAt),
    ];
}
