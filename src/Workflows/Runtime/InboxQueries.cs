using Microsoft.EntityFrameworkCore;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Runtime;

public sealed record InboxItem(Guid TaskId, Guid InstanceId, string Process, string TitleKey, string Subject, string State, DateTimeOffset CreatedAt, DateTimeOffset? DueAt);

public static class InboxQueries
{
    /// <summary>Every open task for this person: addressed to them, or to a role and scope they hold. Oldest first.</summary>
    public static async Task<IReadOnlyList<InboxItem>> ForActorAsync(ReformFlowDb db, Actor actor, CancellationToken ct)
    {
        var pairs = actor.Assignments.Where(a => a.UniversityId == actor.UniversityId).Select(a => new { a.Role, a.OrgUnitId }).ToList();
        var roles = pairs.Select(p => p.Role).Distinct().ToList();
        var candidates = await (
            from t in db.InboxTasks
            join i in db.WorkflowInstances on t.InstanceId equals i.Id
            where t.CompletedAt == null && t.UniversityId == actor.UniversityId
                  && (t.AssigneeUserId == actor.UserId || (t.AssigneeRole != null && roles.Contains(t.AssigneeRole.Value)))
            select new { t, i.Title, i.State }).ToListAsync(ct);
        return candidates
            .Where(x => x.t.AssigneeUserId == actor.UserId
                || pairs.Any(p => p.Role == x.t.AssigneeRole && (x.t.AssigneeOrgUnitId == null || p.OrgUnitId == x.t.AssigneeOrgUnitId)))
            .OrderBy(x => x.t.CreatedAt)
            .Select(x => new InboxItem(x.t.Id, x.t.InstanceId, x.t.Process, x.t.TitleKey, x.Title, x.State, x.t.CreatedAt, x.t.DueAt))
            .ToList();
    }
}
