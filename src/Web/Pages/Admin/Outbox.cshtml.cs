using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;

namespace ReformFlow.Web.Pages.Admin;

/// <summary>Outgoing mail for administrators: failures stay here, with the error, until someone retries them.</summary>
public sealed class OutboxModel(CurrentActor current, ReformFlowDb db, OutboxSender sender, IOutboxKicker kicker) : AppPageModel
{
    public IReadOnlyList<OutboxMessage> Items { get; private set; } = [];
    public Dictionary<OutboxStatus, int> Counts { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public OutboxStatus? Status { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!actor.Holds(Role.UniversityAdmin)) return Forbid();
        var mine = db.Outbox.AsNoTracking().Where(m => m.UniversityId == actor.UniversityId);
        Counts = await mine.GroupBy(m => m.Status).ToDictionaryAsync(g => g.Key, g => g.Count(), ct);
        Items = await mine.Where(m => Status == null || m.Status == Status)
            .OrderByDescending(m => m.CreatedAt).Take(200).ToListAsync(ct);
        return Page();
    }

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
