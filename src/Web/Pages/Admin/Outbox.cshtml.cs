using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Pages.Admin;

/// <summary>
/// Outgoing mail for administrators: failures stay here, with the error, until someone retries them. Searched, filtered
/// and paged in SQL (OutboxQueries) — every message can be reached, not only the newest 200.
/// </summary>
public sealed class OutboxModel(CurrentActor current, ReformFlowDb db, OutboxQueries outbox, OutboxSender sender, IOutboxKicker kicker, XlsxExport export) : AppPageModel
{
    public Paged<OutboxRow> List { get; private set; } = new([], 1, ListQuery.DefaultPageSize, 0);
    public Dictionary<OutboxStatus, int> Counts { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public OutboxStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    [FromQuery(Name = "pageSize")] public int? PageSize { get; set; }
    public bool Filtered => Q is not null || Status is not null || Year is not null;

    private ListQuery Query => ListQuery.Of(PageNumber, PageSize, Sort, Q);
    private OutboxFilter Filter => new(Status, Year);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!actor.Holds(Role.UniversityAdmin)) return Forbid();
        Counts = await db.Outbox.AsNoTracking().Where(m => m.UniversityId == actor.UniversityId)
            .GroupBy(m => m.Status).ToDictionaryAsync(g => g.Key, g => g.Count(), ct);
        Years = await outbox.YearsAsync(actor.UniversityId, ct);
        List = await outbox.ListAsync(actor.UniversityId, Query, Filter, ct);
        return Page();
    }

    /// <summary>Every message the list shows with these filters, as .xlsx (XlsxExport).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!actor.Holds(Role.UniversityAdmin)) return Forbid();
        return export.File(Request, "outbox", "outbox.title", await outbox.ListAsync(actor.UniversityId, XlsxExport.All(Query), Filter, ct), Columns);
    }

    public static readonly XlsxColumn<OutboxRow>[] Columns =
    [
        new("outbox.created", m => m.CreatedAt), new("outbox.to", m => $"{m.ToName} <{m.ToAddress}>"), new("outbox.subject", m => m.Subject),
        new("details.status", m => m.Status), new("outbox.attempts", m => m.Attempts), new("outbox.error", m => m.LastError),
    ];

    public async Task<IActionResult> OnPostRetryAsync(Guid messageId, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!actor.Holds(Role.UniversityAdmin)) return Forbid();
        if (await sender.RetryAsync(messageId, actor.UniversityId, ct) == 1)
        {
            kicker.Kick();
            Flash("outbox.retrying");
        }
        return RedirectToPage(new { Status });
    }
}
