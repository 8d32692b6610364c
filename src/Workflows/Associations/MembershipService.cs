using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Associations;

public sealed record MembershipRequestView(
    Guid Id, Guid AssociationId, string AssociationName, string StudentNumber, string Name, string College, string CollegeEn, int Grade,
    string? Message, MembershipApplicationStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, string? Reason);

/// <summary>The filters of the roster besides the text search; <c>Year</c>: joined in that year, in the installation's zone.</summary>
public sealed record RosterFilter(MemberRole? Role = null, Guid? CollegeId = null, int? Year = null);

public sealed record MemberView(string StudentNumber, string Name, string College, string CollegeEn, int Grade, MemberRole Role, DateTimeOffset JoinedAt);

/// <summary>Where the viewer stands with one association, and what they may do there.</summary>
/// <param name="ApplyBlockers">Why the join form cannot be sent (AS-3.1, AS-3.2), when <paramref name="CanApply"/>.</param>
/// <param name="PendingBlockers">Why the pending request could not be accepted as things stand (e.g. AS-3.2 after joining elsewhere).</param>
/// <param name="LeaveBlockers">Why the member cannot leave yet (the last leader), when <paramref name="CanLeave"/>.</param>
/// <param name="Removal">The viewer's last membership was ended by the leaders (and they are not a member again): when, by whom, why.</param>
public sealed record MyStanding(
    bool IsStudent, MemberRole? Role, DateTimeOffset? MemberSince, MembershipRequestView? PendingRequest, IReadOnlyList<Reason> PendingBlockers,
    MembershipRequestView? LastDecidedRequest, bool CanApply, IReadOnlyList<Reason> ApplyBlockers, bool CanLeave, IReadOnlyList<Reason> LeaveBlockers,
    bool IsLeader, bool CanDecide, bool CanSeeRoster, MembershipRemovalView? Removal = null);

/// <summary>A removal as the removed student reads it: the day, the leader who removed them, and the reason they were emailed.</summary>
public sealed record MembershipRemovalView(DateTimeOffset RemovedAt, string? RemovedBy, string? Reason);

public sealed record AssociationView(
    Guid Id, string RegistrationNumber, string Name, AssociationCategory Category, AssociationStatus Status, string? StatusReason,
    DateTimeOffset? StatusChangedAt, string GuidanceUnit, string GuidanceUnitEn, IReadOnlyList<string> Instructors, int MemberCount,
    DateTimeOffset RegisteredAt, MyStanding Me);

/// <summary>
/// Membership of registered associations (AS-3.1, AS-3.2, AS-1.7): students ask to join, the association's
/// leaders accept or refuse, members leave, and the roster is read as docs/decisions/0009 says.
/// Every change runs in one transaction that on SQLite is <c>BEGIN IMMEDIATE</c> (docs/decisions/0002):
/// the write lock is taken before anything is read, so "at most 2 associations per student" is
/// counted and enforced with no other writer in between. Emails go to the outbox in the same transaction.
/// </summary>
/// <remarks>
/// Rules chosen here: a leader is a member whose role is <see cref="MemberRole.Leader"/> (the founding
/// initiator, later whoever the general meeting elects, AS-3.3); an association must keep at least one
/// leader, so the last one cannot leave until another is elected. Withdrawing a request and leaving are a
/// student's own acts, not the association's, so they stay possible when it is suspended or cancelled.
/// </remarks>
public sealed class MembershipService(ReformFlowDb db, TimeProvider clock, IOptions<AppOptions> options, IOutboxKicker kicker)
{
    public const int MaxTextLength = Domain.Common.TextLimits.Message;

    private readonly DirectMail _mail = new(db, clock, options);

    public static string PagePath(Guid associationId) => $"/Associations/Details/{associationId}";

    // ---- changes ----

    public async Task<MembershipRequestView> ApplyAsync(Actor actor, Guid associationId, string? message, CancellationToken ct)
    {
        if (actor.StudentId is not { } studentId) throw new ForbiddenActionException(new Reason(null, "access.membership-students-only"));
        if (message?.Trim().Length > MaxTextLength) throw new DomainException("membership.text-too-long", MaxTextLength);

        await using var tx = await db.BeginWriteAsync(ct);
        var association = await db.Associations.SingleOrDefaultAsync(a => a.Id == associationId, ct) ?? throw new NotFoundException("association");
        var student = await db.Students.SingleAsync(s => s.Id == studentId, ct);
        if (association.UniversityId != actor.UniversityId || association.UniversityId != student.UniversityId)
            throw new ForbiddenActionException(new Reason("AS-3.1", "rule.member-other-university"));
        association.EnsureActive();
        var problems = MembershipRules.CheckApply(await FactsAsync(student, association.Id, ct));
        if (problems.Count > 0) throw new DomainException(problems);

        var request = new MembershipApplication(association.UniversityId, association.Id, student.Id, message, clock.GetUtcNow());
        db.MembershipApplications.Add(request);
        await _mail.QueueAsync(await LeaderUserIdsAsync(association.Id, ct), "email.membership-requested.subject", "email.membership-requested.body",
            [association.Name, student.Name, student.StudentNumber, request.Message ?? "—"], PagePath(association.Id), ct);
        await CommitAsync(tx, ct);
        return (await RequestViewsAsync(db.MembershipApplications.Where(r => r.Id == request.Id), ct)).Single();
    }

    public async Task<MembershipRequestView> WithdrawAsync(Actor actor, Guid requestId, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var (request, _) = await LoadRequestAsync(actor, requestId, ct);
        if (actor.StudentId != request.StudentId) throw new ForbiddenActionException(new Reason(null, "access.applicant-only"));
        request.Withdraw(clock.GetUtcNow());
        await CommitAsync(tx, ct);
        return await RequestViewAsync(requestId, ct);
    }

    /// <summary>
    /// AS-3.2, race-free: counting the student's memberships, inserting the new one and marking the request
    /// accepted happen in one immediate transaction, so of many acceptances at the same moment at most
    /// <see cref="MembershipRules.MaxAssociationsPerStudent"/> succeed and the others are refused with the reason.
    /// </summary>
    public async Task<MembershipRequestView> AcceptAsync(Actor actor, Guid requestId, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var (request, association) = await LoadRequestAsync(actor, requestId, ct);
        await EnsureLeaderAsync(actor, association.Id, ct);
        if (request.Status != MembershipApplicationStatus.Pending) throw new DomainException("membership.already-decided");
        association.EnsureActive();
        var student = await db.Students.SingleAsync(s => s.Id == request.StudentId, ct);
        if (student.UniversityId != association.UniversityId)
            throw DomainException.ForMeasure("AS-3.1", "rule.member-other-university");
        var problems = MembershipRules.CheckAccept(await FactsAsync(student, association.Id, ct));
        if (problems.Count > 0) throw new DomainException(problems);

        var now = clock.GetUtcNow();
        db.Memberships.Add(new Membership(association.UniversityId, association.Id, student.Id, MemberRole.Member, now));
        request.Accept(actor.UserId, now);
        await _mail.QueueAsync(await StudentUserIdsAsync(student.Id, ct), "email.membership-accepted.subject", "email.membership-accepted.body",
            [association.Name], PagePath(association.Id), ct);
        await CommitAsync(tx, ct);
        return await RequestViewAsync(requestId, ct);
    }

    public async Task<MembershipRequestView> RefuseAsync(Actor actor, Guid requestId, string? reason, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var (request, association) = await LoadRequestAsync(actor, requestId, ct);
        await EnsureLeaderAsync(actor, association.Id, ct);
        if (request.Status != MembershipApplicationStatus.Pending) throw new DomainException("membership.already-decided");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("membership.refusal-reason-required");
        if (reason.Trim().Length > MaxTextLength) throw new DomainException("membership.text-too-long", MaxTextLength);
        association.EnsureActive();

        request.Refuse(actor.UserId, reason, clock.GetUtcNow());
        await _mail.QueueAsync(await StudentUserIdsAsync(request.StudentId, ct), "email.membership-refused.subject", "email.membership-refused.body",
            [association.Name, request.Reason], PagePath(association.Id), ct);
        await CommitAsync(tx, ct);
        return await RequestViewAsync(requestId, ct);
    }

    /// <summary>The member leaves; the association's last leader cannot (it would be left without one).</summary>
    public async Task LeaveAsync(Actor actor, Guid associationId, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var association = await LoadAssociationAsync(actor, associationId, ct);
        var membership = actor.StudentId is { } sid
            ? await db.Memberships.SingleOrDefaultAsync(m => m.AssociationId == association.Id && m.StudentId == sid && m.LeftAt == null, ct)
            : null;
        if (membership is null) throw new DomainException("membership.not-a-member");
        if (membership.Role == MemberRole.Leader && !await OtherLeaderExistsAsync(association.Id, membership.Id, ct))
            throw new DomainException("membership.last-leader");

        membership.Leave(clock.GetUtcNow());
        var student = await db.Students.AsNoTracking().SingleAsync(s => s.Id == membership.StudentId, ct);
        await _mail.QueueAsync(await LeaderUserIdsAsync(association.Id, ct), "email.membership-left.subject", "email.membership-left.body",
            [association.Name, student.Name, student.StudentNumber], PagePath(association.Id), ct);
        await CommitAsync(tx, ct);
    }

    /// <summary>
    /// A leader takes a member off the roster, with a reason the member is emailed (through the outbox, in the same
    /// transaction). Only the association's own current leaders may, only while it is active (AS-1.7), and never a leader
    /// (AS-3.3, see <see cref="Membership.Remove"/>). Refusals change nothing.
    /// </summary>
    public async Task RemoveMemberAsync(Actor actor, Guid associationId, string studentNumber, string? reason, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var association = await LoadAssociationAsync(actor, associationId, ct);
        await EnsureLeaderAsync(actor, association.Id, ct);
        association.EnsureActive();
        var number = studentNumber.Trim();
        var membership = await (from m in db.Memberships
                                join s in db.Students on m.StudentId equals s.Id
                                where m.AssociationId == association.Id && m.LeftAt == null && s.StudentNumber == number
                                select m).SingleOrDefaultAsync(ct)
                         ?? throw new DomainException("membership.not-a-member");
        membership.Remove(actor.UserId, reason, clock.GetUtcNow());
        await _mail.QueueAsync(await StudentUserIdsAsync(membership.StudentId, ct), "email.membership-removed.subject", "email.membership-removed.body",
            [association.Name, membership.RemovalReason], PagePath(association.Id), ct);
        await CommitAsync(tx, ct);
    }

    // ---- reading ----

    /// <summary>The association as the viewer sees it; null when it does not exist or belongs to another university.</summary>
    public async Task<AssociationView?> GetAsync(Actor actor, Guid associationId, CancellationToken ct)
    {
        var a = await db.Associations.AsNoTracking().SingleOrDefaultAsync(x => x.Id == associationId, ct);
        if (a is null || a.UniversityId != actor.UniversityId) return null;
        var unit = await db.OrgUnits.AsNoTracking().SingleAsync(o => o.Id == a.GuidanceUnitId, ct);
        var now = clock.GetUtcNow();
        var instructors = await (from i in db.RunningAppointments(now).AsNoTracking()
                                 join t in db.Teachers.AsNoTracking() on i.TeacherId equals t.Id
                                 where i.AssociationId == a.Id
                                 orderby t.StaffNumber
                                 select t.Name).ToListAsync(ct);
        var memberCount = await db.Memberships.CountAsync(m => m.AssociationId == a.Id && m.LeftAt == null, ct);
        return new AssociationView(a.Id, a.RegistrationNumber, a.Name, a.Category, a.Status, a.StatusReason, a.StatusChangedAt,
            unit.Name, unit.NameEn, instructors, memberCount, a.RegisteredAt, await StandingAsync(actor, a, ct));
    }

    /// <summary>
    /// One page of the current members, leaders first, for those <see cref="AssociationVisibility"/> lets read the association's
    /// internals. <c>q</c> searches student number and name; sort keys: <c>role</c> (default), <c>number</c>, <c>name</c>,
    /// <c>college</c>, <c>grade</c>, <c>joined</c>.
    /// </summary>
    public async Task<Paged<MemberView>> RosterAsync(Actor actor, Guid associationId, ListQuery list, RosterFilter filter, CancellationToken ct)
    {
        var association = await LoadAssociationAsync(actor, associationId, ct, tracked: false);
        if (!await MaySeeRosterAsync(actor, association, ct)) throw new ForbiddenActionException(new Reason(null, "access.roster"));
        var rows = from m in db.Memberships.AsNoTracking()
                   join s in db.Students.AsNoTracking() on m.StudentId equals s.Id
                   join c in db.Colleges.AsNoTracking() on s.CollegeId equals c.Id
                   where m.AssociationId == association.Id && m.LeftAt == null
                         && (filter.Role == null || m.Role == filter.Role) && (filter.CollegeId == null || s.CollegeId == filter.CollegeId)
                   select new
                   {
                       Rank = m.Role == MemberRole.Leader ? 0 : m.Role == MemberRole.Founder ? 1 : 2, m.Id,
                       m.Role, m.JoinedAt, s.StudentNumber, s.Name, s.Grade, College = c.Name, CollegeEn = c.NameEn,
                   };
        if (filter.Year is { } y)
        {
            var (from, to) = options.Value.YearRange(y);
            rows = rows.Where(x => x.JoinedAt >= from && x.JoinedAt < to);
        }
        if (list.Q is { } t) rows = rows.Where(x => x.StudentNumber.Contains(t) || x.Name.Contains(t));
        var desc = list.Descending;
        var ordered = list.SortKey switch
        {
            "number" => rows.OrderBy(x => x.StudentNumber, desc),
            "name" => rows.OrderBy(x => x.Name, desc),
            "college" => rows.OrderBy(x => x.College, desc).ThenBy(x => x.StudentNumber),
            "grade" => rows.OrderBy(x => x.Grade, desc).ThenBy(x => x.StudentNumber),
            "joined" => rows.OrderBy(x => x.JoinedAt, desc),
            _ => rows.OrderBy(x => x.Rank, desc).ThenBy(x => x.StudentNumber),
        };
        return (await ordered.ThenBy(x => x.Id).ToPagedAsync(list, ct)).Map(x => new MemberView(x.StudentNumber, x.Name, x.College, x.CollegeEn, x.Grade, x.Role, x.JoinedAt));
    }

    /// <summary>The years the current members joined in, newest first, for the roster's year filter (no access check: the
    /// caller has read the roster).</summary>
    public async Task<IReadOnlyList<int>> RosterYearsAsync(Guid associationId, CancellationToken ct)
    {
        var current = db.Memberships.AsNoTracking().Where(m => m.AssociationId == associationId && m.LeftAt == null);
        var first = await current.OrderBy(m => m.JoinedAt).Select(m => (DateTimeOffset?)m.JoinedAt).FirstOrDefaultAsync(ct);
        var last = await current.OrderByDescending(m => m.JoinedAt).Select(m => (DateTimeOffset?)m.JoinedAt).FirstOrDefaultAsync(ct);
        return options.Value.YearsBetween(first, last);
    }

    /// <summary>Requests waiting for a decision, oldest first: for the association's leaders.</summary>
    public async Task<IReadOnlyList<MembershipRequestView>> PendingRequestsAsync(Actor actor, Guid associationId, CancellationToken ct)
    {
        var association = await LoadAssociationAsync(actor, associationId, ct, tracked: false);
        await EnsureLeaderAsync(actor, association.Id, ct);
        return await RequestViewsAsync(db.MembershipApplications.Where(r => r.AssociationId == association.Id && r.Status == MembershipApplicationStatus.Pending), ct);
    }

    // ---- helpers ----

    private async Task CommitAsync(WriteTransaction tx, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        kicker.Kick();
    }

    private async Task<Association> LoadAssociationAsync(Actor actor, Guid associationId, CancellationToken ct, bool tracked = true)
    {
        var query = tracked ? db.Associations : db.Associations.AsNoTracking();
        var association = await query.SingleOrDefaultAsync(a => a.Id == associationId, ct) ?? throw new NotFoundException("association");
        if (association.UniversityId != actor.UniversityId) throw new ForbiddenActionException(new Reason(null, "access.other-university"));
        return association;
    }

    private async Task<(MembershipApplication Request, Association Association)> LoadRequestAsync(Actor actor, Guid requestId, CancellationToken ct)
    {
        var request = await db.MembershipApplications.SingleOrDefaultAsync(r => r.Id == requestId, ct) ?? throw new NotFoundException("membership request");
        if (request.UniversityId != actor.UniversityId) throw new ForbiddenActionException(new Reason(null, "access.other-university"));
        return (request, await LoadAssociationAsync(actor, request.AssociationId, ct));
    }

    private async Task EnsureLeaderAsync(Actor actor, Guid associationId, CancellationToken ct)
    {
        if (!await IsLeaderAsync(actor, associationId, ct)) throw new ForbiddenActionException(new Reason(null, "access.leaders-only"));
    }

    private Task<bool> IsLeaderAsync(Actor actor, Guid associationId, CancellationToken ct) =>
        actor.StudentId is { } sid
            ? db.CurrentLeaders().AnyAsync(m => m.AssociationId == associationId && m.StudentId == sid, ct)
            : Task.FromResult(false);

    private Task<bool> OtherLeaderExistsAsync(Guid associationId, Guid membershipId, CancellationToken ct) =>
        db.CurrentLeaders().AnyAsync(m => m.AssociationId == associationId && m.Id != membershipId, ct);

    /// <summary>The roster follows <see cref="AssociationVisibility"/>: members, instructors, guidance unit, committee, student work department, admin.</summary>
    private Task<bool> MaySeeRosterAsync(Actor actor, Association association, CancellationToken ct) =>
        AssociationVisibility.Visible(db, actor, clock.GetUtcNow(), leadersOnly: false).AnyAsync(a => a.Id == association.Id, ct);

    private async Task<JoinFacts> FactsAsync(Student student, Guid associationId, CancellationToken ct)
    {
        var current = await db.CountingTowardLimit().Where(m => m.StudentId == student.Id).Select(m => m.AssociationId).ToListAsync(ct);
        var alreadyMember = await db.Memberships.AnyAsync(m => m.StudentId == student.Id && m.AssociationId == associationId && m.LeftAt == null, ct);
        var pending = await db.MembershipApplications.AnyAsync(r => r.StudentId == student.Id && r.AssociationId == associationId
                                                                   && r.Status == MembershipApplicationStatus.Pending, ct);
        return new JoinFacts(student, current.Distinct().Count(), alreadyMember, pending);
    }

    private Task<List<string>> LeaderUserIdsAsync(Guid associationId, CancellationToken ct)
    {
        var leaders = db.CurrentLeaders().Where(m => m.AssociationId == associationId).Select(m => m.StudentId);
        return db.Users.Where(u => u.StudentId != null && leaders.Contains(u.StudentId.Value)).Select(u => u.Id).ToListAsync(ct);
    }

    private Task<List<string>> StudentUserIdsAsync(Guid studentId, CancellationToken ct) =>
        db.Users.Where(u => u.StudentId == studentId).Select(u => u.Id).ToListAsync(ct);

    private async Task<MembershipRequestView> RequestViewAsync(Guid requestId, CancellationToken ct) =>
        (await RequestViewsAsync(db.MembershipApplications.Where(r => r.Id == requestId), ct)).Single();

    private async Task<List<MembershipRequestView>> RequestViewsAsync(IQueryable<MembershipApplication> requests, CancellationToken ct)
    {
        var rows = await (from r in requests.AsNoTracking()
                          join a in db.Associations.AsNoTracking() on r.AssociationId equals a.Id
                          join s in db.Students.AsNoTracking() on r.StudentId equals s.Id
                          join c in db.Colleges.AsNoTracking() on s.CollegeId equals c.Id
                          select new { r, Association = a.Name, s.StudentNumber, s.Name, s.Grade, College = c.Name, CollegeEn = c.NameEn }).ToListAsync(ct);
        return rows.OrderBy(x => x.r.CreatedAt).Select(x => new MembershipRequestView(x.r.Id, x.r.AssociationId, x.Association, x.StudentNumber, x.Name,
            x.College, x.CollegeEn, x.Grade, x.r.Message, x.r.Status, x.r.CreatedAt, x.r.DecidedAt, x.r.Reason)).ToList();
    }

    private async Task<MyStanding> StandingAsync(Actor actor, Association a, CancellationToken ct)
    {
        var canSeeRoster = await MaySeeRosterAsync(actor, a, ct);
        if (actor.StudentId is not { } sid)
            return new MyStanding(false, null, null, null, [], null, false, [], false, [], false, false, canSeeRoster);

        var membership = await db.Memberships.AsNoTracking().SingleOrDefaultAsync(m => m.AssociationId == a.Id && m.StudentId == sid && m.LeftAt == null, ct);
        var mine = await RequestViewsAsync(db.MembershipApplications.Where(r => r.AssociationId == a.Id && r.StudentId == sid), ct);
        var pending = mine.LastOrDefault(r => r.Status == MembershipApplicationStatus.Pending);
        var lastDecided = mine.Where(r => r.Status != MembershipApplicationStatus.Pending).MaxBy(r => r.DecidedAt);
        var isLeader = membership?.Role == MemberRole.Leader;

        var canApply = membership is null && pending is null && a.Status == AssociationStatus.Active;
        IReadOnlyList<Reason> applyBlockers = [], pendingBlockers = [];
        if (canApply || pending is not null)
        {
            var student = await db.Students.AsNoTracking().SingleAsync(s => s.Id == sid, ct);
            var facts = await FactsAsync(student, a.Id, ct);
            if (canApply) applyBlockers = MembershipRules.CheckApply(facts);
            else pendingBlockers = MembershipRules.CheckAccept(facts);
        }
        IReadOnlyList<Reason> leaveBlockers = isLeader && !await OtherLeaderExistsAsync(a.Id, membership!.Id, ct)
            ? [new Reason(null, "membership.last-leader")] : [];

        return new MyStanding(true, membership?.Role, membership?.JoinedAt, pending, pendingBlockers, lastDecided, canApply, applyBlockers,
            membership is not null, leaveBlockers, isLeader, isLeader && a.Status == AssociationStatus.Active, canSeeRoster,
            membership is null ? await RemovalAsync(a.Id, sid, ct) : null);
    }

    /// <summary>The student's last membership of the association, when the leaders ended it (not when the student left).</summary>
    private async Task<MembershipRemovalView?> RemovalAsync(Guid associationId, Guid studentId, CancellationToken ct)
    {
        var last = await (from m in db.Memberships.AsNoTracking()
                          where m.AssociationId == associationId && m.StudentId == studentId && m.LeftAt != null
                          join u in db.Users.AsNoTracking() on m.RemovedByUserId equals u.Id into us
                          from u in us.DefaultIfEmpty()
                          select new { m.LeftAt, m.RemovedByUserId, m.RemovalReason, By = u == null ? null : u.DisplayName })
            .ToListAsync(ct); // a student has few past memberships of one association: the latest is picked here
        var latest = last.MaxBy(m => m.LeftAt);
        return latest is { RemovedByUserId: not null } ? new MembershipRemovalView(latest.LeftAt!.Value, latest.By, latest.RemovalReason) : null;
    }
}
