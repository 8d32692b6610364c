using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Pages.Tasks;

/// <summary>The done list (已办): what I decided, newest first, searched, filtered and paged in SQL from the query string.</summary>
public sealed class DoneModel(CurrentActor current, ReformFlowDb db, XlsxExport export, Microsoft.Extensions.Options.IOptions<Workflows.Email.AppOptions> app) : AppPageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Process { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    [FromQuery(Name = "pageSize")] public int? PageSize { get; set; }

    public Paged<DoneItem> List { get; private set; } = new([], 1, ListQuery.DefaultPageSize, 0);
    /// <summary>The years offered by the year filter (acted in).</summary>
    public IReadOnlyList<int> Years { get; private set; } = [];
    public bool Filtered => Q is not null || Process is not null || Year is not null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        List = await DoneQueries.ForActorAsync(db, actor, ListQuery.Of(PageNumber, PageSize, Sort, Q), Filter, ct);
        Years = await DoneQueries.YearsAsync(db, actor, app.Value, ct);
    }

    private DoneFilter Filter => DoneFilter.ForYear(Process, Year, app.Value);

    /// <summary>Every row the list shows with these filters, as .xlsx (XlsxExport).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct) =>
        export.File(Request, "done", "done.title", await DoneQueries.ForActorAsync(db, await current.GetAsync(ct),
            XlsxExport.All(ListQuery.Of(PageNumber, PageSize, Sort, Q)), Filter, ct), Columns);

    public static readonly XlsxColumn<DoneItem>[] Columns =
    [
        new("done.at", d => d.At), new("done.action", d => Workflows.Localization.Texts.Get($"enum.Trigger.{d.Action}")),
        new("tasks.subject", d => d.Subject), new("tasks.process", d => Workflows.Localization.Texts.Get($"tasks.process-{d.Process}")),
        new("done.result", d => d.To is { Length: > 0 } to && to != d.From ? XlsxExport.State(to) : ""), new("done.comment", d => d.Comment),
    ];
}
