using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Organisation;

namespace ReformFlow.Workflows.Runtime;

public sealed record InboxItem(Guid TaskId, Guid InstanceId, string Process, string TitleKey, string Subject, string State, DateTimeOffset CreatedAt, DateTimeOffset? DueAt);

/// <summary>The filters of the task list besides the text search: one process, only overdue tasks.</summary>
public sealed record TaskFilter(string? Process = null, bool? Overdue = null);

public static class InboxQueries
{
    /// <summary>The processes whose tasks the list can be filtered by.</summary>
    public static readonly IReadOnlyList<string> Processes =
    [
        "association-founding", "association-annual-review", "instructor-renewal", "instructor-evaluation",
        "cadre-school-presidium", "cadre-school-department", "cadre-college",
    ];

    /// <summary>
    /// One page of the open tasks for this person: addressed to them, or to a role and scope they hold, all decided in SQL.
    /// <c>q</c> searches the subject; sort keys: <c>since</c> (default, oldest first), <c>due</c> (no due date last), <c>subject</c>.
    /// </summary>
    public static async Task<Paged<InboxItem>> ForActorAsync(ReformFlowDb db, Actor actor, ListQuery list, TaskFilter filter, DateTimeOffset now, CancellationToken ct)
    {
        var rows = from t in db.InboxTasks.AsNoTracking().Where(AddressedTo(actor))
                   join i in db.WorkflowInstances.AsNoTracking() on t.InstanceId equals i.Id
                   where t.CompletedAt == null && t.UniversityId == actor.UniversityId
                         && (filter.Process == null || t.Process == filter.Process)
                         && (filter.Overdue != true || (t.DueAt != null && t.DueAt < now))
                   select new { t.Id, t.InstanceId, t.Process, t.TitleKey, Subject = i.Title, i.State, t.CreatedAt, t.DueAt };
        if (list.Q is { } q) rows = rows.Where(x => x.Subject.Contains(q));
        var desc = list.Descending;
        var ordered = list.SortKey switch
        {
            "due" => rows.OrderBy(x => x.DueAt == null).ThenBy(x => x.DueAt, desc),
            "subject" => rows.OrderBy(x => x.Subject, desc),
            _ => rows.OrderBy(x => x.CreatedAt, desc),
        };
        return (await ordered.ThenBy(x => x.Id).ToPagedAsync(list, ct))
            .Map(x => new InboxItem(x.Id, x.InstanceId, x.Process, x.TitleKey, x.Subject, x.State, x.CreatedAt, x.DueAt));
    }

    /// <summary>
    /// Addressed to the user, or to a role they hold: for the whole university when the task names no unit, otherwise for
    /// that very unit. Built as one OR per role assignment so that holding role A for unit X and role B for unit Y never
    /// matches a task for role A at unit Y.
    /// </summary>
    private static Expression<Func<InboxTask, bool>> AddressedTo(Actor actor)
    {
        var t = Expression.Parameter(typeof(InboxTask), "t");
        Expression body = Expression.Equal(Expression.Property(t, nameof(InboxTask.AssigneeUserId)), Expression.Constant(actor.UserId, typeof(string)));
        foreach (var a in actor.Assignments.Where(a => a.UniversityId == actor.UniversityId).Select(a => new { a.Role, a.OrgUnitId }).Distinct())
        {
            var role = Expression.Equal(Expression.Property(t, nameof(InboxTask.AssigneeRole)), Expression.Constant(a.Role, typeof(Domain.Access.Role?)));
            var unit = Expression.Property(t, nameof(InboxTask.AssigneeOrgUnitId));
            Expression scope = Expression.Equal(unit, Expression.Constant(null, typeof(Guid?)));
            if (a.OrgUnitId is { } id) scope = Expression.OrElse(scope, Expression.Equal(unit, Expression.Constant(id, typeof(Guid?))));
            body = Expression.OrElse(body, Expression.AndAlso(role, scope));
        }
        return Expression.Lambda<Func<InboxTask, bool>>(body, t);
    }
}
