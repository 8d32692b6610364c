using Microsoft.EntityFrameworkCore;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Unions;

/// <summary>
/// Daily sweep of every sitting cadre (SU-4.1, SU-4.2): catches data that arrived by any other path
/// (an import, a direct correction). Idempotent: a position already flagged is not flagged again.
/// </summary>
public sealed class CadreEligibilityJob(ReformFlowDb db, CadreEligibilityMonitor monitor)
{
    public const string RecurringId = "cadre-eligibility";

    public async Task RunAsync()
    {
        foreach (var universityId in await db.Universities.Select(u => u.Id).ToListAsync())
        {
            await using var tx = await db.BeginWriteAsync();
            await monitor.RecheckAsync(universityId, null, CancellationToken.None);
            await tx.CommitAsync();
        }
    }
}
