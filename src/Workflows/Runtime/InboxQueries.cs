using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Organisation;

namespace ReformFlow.Workflows.Runtime;

/// <summary>
/// One item waiting for the person. For a workflow step <see cref="TaskId"/> is the task and <see cref="InstanceId"/> the
/// workflow instance; for a membership request (<see cref="Process"/> <c>association-membership</c>) <see cref="TaskId"/> is the
/// request (POST /api/v1/membership-requests/{id}/accept|refuse) and <see cref="InstanceId"/> the association.
/// <see cref="Link"/> is the page where it is dealt with.
/// </summary>
public sealed record InboxItem(Guid TaskId, Guid InstanceId, string Process, string TitleKey, string Subject, string State, DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt, string Link);

/// <summary>The filters of the task list besides the text search: one process, only overdue tasks.</summary>
public sealed record TaskFilter(string? Process = null, bool? Overdue = null);

/// <summary>
/// The person's open items. Workflow steps are <see cref="InboxTask"/> rows; a pending membership request is read straight from
/// <see cref="Domain.Associations.MembershipApplication"/> and joined to the list with UNION ALL, in the same SQL statement.
/// </summary>
/// <remarks>
/// Why a union rather than an InboxTask row per request: the people who decide a request are the association's <em>current</em>
/// leaders (memberships with role Leader), not a role assignment an InboxTask can name. Rows made per leader when the request
/// arrives would go stale when a leader leaves or another is elected, and would need a second copy of the request's state kept
/// in step on accept, refuse and withdraw. Reading the request itself is always right, needs no new table, and stays one query
/// (count, filter, sort and page together).
/// </remarks>
public static class InboxQueries
{
    /// <summary>The process name of membership requests in the task and done lists (they have no workflow instance).</summary>
    public const string MembershipProcess = "association-membership";

    /// <summary>The processes whose tasks the list can be filtered by.</summary>
    public static readonly IReadOnlyList<string> Processes =
    [
        "association-founding", MembershipProcess, "association-annual-review", "instructor-renewal", "instructor-evaluation",
        "cadre-school-presidium", "cadre-school-department", "cadre-college",
    ];

    /// <summary>The page where an item is dealt with: the workflow's page, or the association's list of requests.</summary>
    public static string LinkOf(string process, Guid instanceId) =>
        process == MembershipProcess ? $"/Associations/Details/{instanceId}#requests" : $"/Workflows/{instanceId}";

    /// <summary>
    /// One page of the open items for this person: tasks addressed to them or to a role and scope they hold, and membership
    /// requests of associations they lead, all decided in SQL. <c>q</c> searches the subject; sort keys: <c>since</c>
    /// (default, oldest first), <c>due</c> (no due date last), <c>subject</c>.
    /// </summary>
    public static async Task<Paged<InboxItem>> ForActorAsync(ReformFlowDb db, Actor actor, ListQuery list, TaskFilter filter, DateTimeOffset now, CancellationToken ct)
    {
        var rows = Open(db, actor, filter, now);
        if (list.Q is { } q) rows = rows.Where(x => x.Subject.Contains(q));
        var desc = list.Descending;
        var ordered = list.SortKey switch
        {
            "due" => rows.OrderBy(x => x.DueAt == null).ThenBy(x => x.DueAt, desc),
            "subject" => rows.OrderBy(x => x.Subject, desc),
            _ => rows.OrderBy(x => x.CreatedAt, desc),
        };
        return (await ordered.ThenBy(x => x.Id).ToPagedAsync(list, ct))
            .Map(x => new InboxItem(x.Id, x.InstanceId, x.Process, x.TitleKey, x.Subject, x.State, x.CreatedAt, x.DueAt, LinkOf(x.Process, x.InstanceId)));
    }

    /// <summary>How many items wait for the person (the menu's badge): one COUNT over the same rows as the list.</summary>
    public static Task<int> CountForActorAsync(ReformFlowDb db, Actor actor, DateTimeOffset now, CancellationToken ct) =>
        Open(db, actor, new TaskFilter(), now).CountAsync(ct);

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid InstanceId { get; init; }
        public string Process { get; init; } = "";
        public string TitleKey { get; init; } = "";
        public string Subject { get; init; } = "";
        public string State { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? DueAt { get; init; }
    }

    private static IQueryable<Row> Open(ReformFlowDb db, Actor actor, TaskFilter filter, DateTimeOffset now)
    {
        IQueryable<Row>? rows = null;
        if (filter.Process is null || filter.Process != MembershipProcess)
            rows = from t in db.InboxTasks.AsNoTracking().Where(AddressedTo(actor))
                   join i in db.WorkflowInstances.AsNoTracking() on t.InstanceId equals i.Id
                   where t.CompletedAt == null && t.UniversityId == actor.UniversityId
                         && (filter.Process == null || t.Process == filter.Process)
                         && (filter.Overdue != true || (t.DueAt != null && t.DueAt < now))
                   select new Row { Id = t.Id, InstanceId = t.InstanceId, Process = t.Process, TitleKey = t.TitleKey, Subject = i.Title, State = i.State, CreatedAt = t.CreatedAt, DueAt = t.DueAt };
        // Membership requests have no due date, so "overdue only" leaves them out; only a student can lead an association.
        if ((filter.Process is null || filter.Process == MembershipProcess) && filter.Overdue != true && actor.StudentId is { } sid)
        {
            var requests = MembershipRequests(db, actor, sid);
            rows = rows is null ? requests : rows.Concat(requests);
        }
        return rows ?? db.InboxTasks.Where(_ => false).Select(t => new Row { Id = t.Id });
    }

    /// <summary>
    /// Pending requests to join an association the student leads now. A suspended or cancelled association decides nothing
    /// (AS-1.7), so its requests wait off the list until it is reinstated; a request leaves the list once it is not pending.
    /// </summary>
    private static IQueryable<Row> MembershipRequests(ReformFlowDb db, Actor actor, Guid studentId) =>
        from r in db.MembershipApplications.AsNoTracking()
        join a in db.Associations.AsNoTracking() on r.AssociationId equals a.Id
        join s in db.Students.AsNoTracking() on r.StudentId equals s.Id
        where r.Status == Domain.Associations.MembershipApplicationStatus.Pending && r.UniversityId == actor.UniversityId
              && a.Status == Domain.Associations.AssociationStatus.Active
              && db.Memberships.Any(m => m.AssociationId == r.AssociationId && m.StudentId == studentId && m.LeftAt == null
                                         && m.Role == Domain.Associations.MemberRole.Leader)
        select new Row
        {
            Id = r.Id, InstanceId = r.AssociationId, Process = MembershipProcess, TitleKey = "tasks.membership-request",
            Subject = a.Name + " · " + s.Name + " " + s.StudentNumber, State = "JoinRequested", CreatedAt = r.CreatedAt, DueAt = null,
        };

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
