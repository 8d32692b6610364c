using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Organisation;

namespace ReformFlow.Workflows.Runtime;

/// <summary>
/// One thing the person did: a step they took in a workflow (<see cref="Action"/> is its trigger, <see cref="From"/> and
/// <see cref="To"/> the states), or a membership decision (<c>AcceptMembership</c>, <c>RefuseMembership</c>, <c>RemoveMember</c>;
/// no states). <see cref="ItemId"/> is the workflow instance or the association; <see cref="Link"/> the page to open it.
/// </summary>
public sealed record DoneItem(string Process, Guid ItemId, string Action, string Subject, string? From, string? To, string? Comment, DateTimeOffset At, string Link);

/// <summary>The filters of the done list besides the text search: the process, and the acts from <paramref name="From"/> up to
/// (not including) <paramref name="Before"/> — a year in the installation's zone (<see cref="ForYear"/>).</summary>
public sealed record DoneFilter(string? Process = null, DateTimeOffset? From = null, DateTimeOffset? Before = null)
{
    /// <summary>The process and the calendar year acted in (AppOptions.YearRange), as the page and the API take them.</summary>
    public static DoneFilter ForYear(string? process, int? year, Email.AppOptions app) =>
        year is { } y && app.YearRange(y) is var (from, to) ? new(process, from, to) : new(process);
}

/// <summary>
/// The done list (已办): what the person decided, newest first. Three sources, one SQL statement (UNION ALL, then count, sort
/// and page): the workflow history rows they wrote (<see cref="WorkflowRunner"/>, never the system's automatic steps), the
/// membership requests they accepted or refused, and the members they removed. Only the person's own acts, in their university.
/// </summary>
public static class DoneQueries
{
    public const string AcceptMembership = "AcceptMembership", RefuseMembership = "RefuseMembership", RemoveMember = "RemoveMember";

    /// <summary>
    /// One page of the person's acts. <c>q</c> searches the subject (the workflow's title; the association and the student for
    /// a membership decision); sort keys: <c>at</c> (oldest first; <c>-at</c> and the default: newest first), <c>subject</c>.
    /// </summary>
    public static async Task<Paged<DoneItem>> ForActorAsync(ReformFlowDb db, Actor actor, ListQuery list, DoneFilter filter, CancellationToken ct)
    {
        var rows = Rows(db, actor, filter);
        if (filter.From is { } from) rows = rows.Where(x => x.At >= from);
        if (filter.Before is { } before) rows = rows.Where(x => x.At < before);
        if (list.Q is { } q) rows = rows.Where(x => x.Subject.Contains(q));
        var desc = list.Descending;
        var ordered = list.SortKey switch
        {
            "subject" => rows.OrderBy(x => x.Subject, desc).ThenByDescending(x => x.At),
            "at" => rows.OrderBy(x => x.At, desc),
            _ => rows.OrderByDescending(x => x.At),
        };
        return (await ordered.ThenByDescending(x => x.Seq).ThenBy(x => x.Key).ToPagedAsync(list, ct))
            .Map(x => new DoneItem(x.Process, x.ItemId, x.Action, x.Subject, x.From, x.To, x.Comment, x.At, InboxQueries.LinkOf(x.Process, x.ItemId)));
    }

    /// <summary>The years the person acted in, newest first, for the year filter.</summary>
    public static async Task<IReadOnlyList<int>> YearsAsync(ReformFlowDb db, Actor actor, Email.AppOptions app, CancellationToken ct)
    {
        var rows = Rows(db, actor, new DoneFilter());
        var first = await rows.OrderBy(x => x.At).Select(x => (DateTimeOffset?)x.At).FirstOrDefaultAsync(ct);
        var last = await rows.OrderByDescending(x => x.At).Select(x => (DateTimeOffset?)x.At).FirstOrDefaultAsync(ct);
        return app.YearsBetween(first, last);
    }

    private sealed class Row
    {
        public string Process { get; init; } = "";
        public Guid ItemId { get; init; }
        public string Action { get; init; } = "";
        public string Subject { get; init; } = "";
        public string? From { get; init; }
        public string? To { get; init; }
        public string? Comment { get; init; }
        public DateTimeOffset At { get; init; }
        /// <summary>The history row's number, a tie-breaker for two steps in the same instant (0 for membership decisions).</summary>
        public long Seq { get; init; }
        /// <summary>With <see cref="Seq"/>, unique: the instance for a history row, the request or the membership otherwise.</summary>
        public Guid Key { get; init; }
    }

    private static IQueryable<Row> Rows(ReformFlowDb db, Actor actor, DoneFilter filter)
    {
        var membership = filter.Process is null || filter.Process == InboxQueries.MembershipProcess;
        var workflows = filter.Process != InboxQueries.MembershipProcess;
        var user = actor.UserId;
        IQueryable<Row>? rows = null;
        if (workflows)
            rows = from h in db.WorkflowHistory.AsNoTracking()
                   join i in db.WorkflowInstances.AsNoTracking() on h.InstanceId equals i.Id
                   where h.ActorUserId == user && i.UniversityId == actor.UniversityId && (filter.Process == null || i.Process == filter.Process)
                   select new Row { Process = i.Process, ItemId = i.Id, Action = h.Trigger, Subject = i.Title, From = h.FromState, To = h.ToState, Comment = h.Comment, At = h.At, Seq = h.Id, Key = i.Id };
        if (membership)
        {
            var decided = from r in db.MembershipApplications.AsNoTracking()
                          join a in db.Associations.AsNoTracking() on r.AssociationId equals a.Id
                          join s in db.Students.AsNoTracking() on r.StudentId equals s.Id
                          where r.DecidedByUserId == user && r.UniversityId == actor.UniversityId && r.DecidedAt != null
                          select new Row
                          {
                              Process = InboxQueries.MembershipProcess, ItemId = a.Id,
                              Action = r.Status == MembershipApplicationStatus.Accepted ? AcceptMembership : RefuseMembership,
                              Subject = a.Name + " · " + s.Name + " " + s.StudentNumber, From = null, To = null, Comment = r.Reason, At = r.DecidedAt!.Value, Seq = 0, Key = r.Id,
                          };
            var removed = from m in db.Memberships.AsNoTracking()
                          join a in db.Associations.AsNoTracking() on m.AssociationId equals a.Id
                          join s in db.Students.AsNoTracking() on m.StudentId equals s.Id
                          where m.RemovedByUserId == user && m.UniversityId == actor.UniversityId && m.LeftAt != null
                          select new Row
                          {
                              Process = InboxQueries.MembershipProcess, ItemId = a.Id, Action = RemoveMember,
                              Subject = a.Name + " · " + s.Name + " " + s.StudentNumber, From = null, To = null, Comment = m.RemovalReason, At = m.LeftAt!.Value, Seq = 0, Key = m.Id,
                          };
            rows = rows is null ? decided.Concat(removed) : rows.Concat(decided).Concat(removed);
        }
        return rows!;
    }
}
