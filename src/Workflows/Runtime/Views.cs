using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Runtime;

/// <summary>An action the viewer holds the role for; <see cref="Blockers"/> lists why it cannot fire yet, if anything.</summary>
public sealed record ActionView(string Trigger, bool IsDecision, IReadOnlyList<Reason> Blockers);

/// <summary>One row of an instance's history, oldest first.</summary>
public sealed record HistoryView(string Actor, string Role, string Trigger, string From, string To, string? Comment, DateTimeOffset At)
{
    public static async Task<List<HistoryView>> LoadAsync(ReformFlowDb db, Guid instanceId, CancellationToken ct) =>
        await db.WorkflowHistory.AsNoTracking().Where(h => h.InstanceId == instanceId).OrderBy(h => h.Id)
            .Select(h => new HistoryView(h.ActorName, h.ActorRole, h.Trigger, h.FromState, h.ToState, h.Comment, h.At)).ToListAsync(ct);
}
