using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;

namespace ReformFlow.Workflows.Roster;

/// <summary>
/// AS-3.1 after a roster import: the leaders of each association that lost members because they left the
/// university (graduated, withdrawn) are told once, in one message per association listing who left, through
/// the outbox and in each leader's language. Leaders who left themselves are not told; an association left with
/// no leader is not told either (its guidance unit sees the members on the association's page).
/// </summary>
public sealed class LeaverNotices(ReformFlowDb db, Notifier notifier)
{
    /// <returns>The messages queued; the caller saves them in its transaction.</returns>
    public async Task<int> QueueAsync(Guid universityId, IReadOnlyList<Membership> ended, IReadOnlyDictionary<Guid, Student> leavers, CancellationToken ct)
    {
        if (ended.Count == 0) return 0;
        var associationIds = ended.Select(m => m.AssociationId).Distinct().ToList();
        var associations = await db.Associations.AsNoTracking().Where(a => associationIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var leavingIds = leavers.Keys.ToList();
        var leaders = await db.CurrentLeaders().AsNoTracking()
            .Where(m => associationIds.Contains(m.AssociationId) && !leavingIds.Contains(m.StudentId))
            .Join(db.Users, m => m.StudentId, u => u.StudentId, (m, u) => new { m.AssociationId, UserId = u.Id }).ToListAsync(ct);
        var queued = 0;
        foreach (var group in ended.GroupBy(m => m.AssociationId).OrderBy(g => associations[g.Key].Name, StringComparer.Ordinal))
        {
            var association = associations[group.Key];
            var list = string.Join("\n", group.Select(m => leavers[m.StudentId]).OrderBy(s => s.StudentNumber, StringComparer.Ordinal)
                .Select(s => $"- {s.Name} ({s.StudentNumber})"));
            object[] args = [association.Name, group.Count(), list, notifier.LinkTo($"/Associations/Details/{association.Id}")];
            foreach (var leader in leaders.Where(l => l.AssociationId == group.Key).Select(l => l.UserId).Distinct())
                queued += await notifier.QueueNoticeAsync(leader, null, null, universityId, "email.members-left.subject", "email.members-left.body", args, ct);
        }
        return queued;
    }
}
