using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Associations;

/// <summary>What one operation on a founding application knows: the application and every fact its guards read.</summary>
public sealed class FoundingContext
{
    public required ReformFlowDb Db { get; init; }
    public required WorkflowInstance Instance { get; init; }
    public required AssociationApplication App { get; init; }
    public required Actor Actor { get; init; }
    public required DateTimeOffset Now { get; init; }
    public required OrgUnit? GuidanceUnit { get; init; }
    public required IReadOnlyList<SponsorFacts> ConfirmedSponsors { get; init; }
    /// <summary>Confirmed sponsors with their other active memberships only (for the check at registration).</summary>
    public required IReadOnlyList<SponsorFacts> ConfirmedSponsorsAtRegistration { get; init; }
    public required InstructorFacts? ActorAsInstructor { get; init; }
    public IReadOnlyDictionary<Guid, string> UserIdByStudent { get; private set; } = new Dictionary<Guid, string>();
    public IReadOnlyDictionary<Guid, string> UserIdByTeacher { get; private set; } = new Dictionary<Guid, string>();
    public required IReadOnlyList<string> CommitteeMemberUserIds { get; init; }
    public required Guid? CommitteeUnitId { get; init; }
    /// <summary>Invitations the initiator sent in the last 24 hours over all their applications (read only for the initiator of a draft).</summary>
    public int InvitationsSentInLastDay { get; private init; }

    public bool ActorIsInitiator => Actor.StudentId == App.InitiatorStudentId;

    public static async Task<FoundingContext> LoadAsync(ReformFlowDb db, WorkflowInstance instance, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var app = await db.AssociationApplications
            .Include(a => a.Sponsors).Include(a => a.Instructors).Include(a => a.Opinions)
            .AsSplitQuery()
            .SingleAsync(a => a.Id == instance.SubjectId, ct);
        var guidance = app.GuidanceUnitId is { } gid ? await db.OrgUnits.FindAsync([gid], ct) : null;

        var confirmedIds = app.Sponsors.Where(s => s.Status == SponsorStatus.Confirmed).Select(s => s.StudentId).ToList();
        var students = await db.Students.Where(s => confirmedIds.Contains(s.Id)).ToListAsync(ct);
        var memberships = await db.CountingTowardLimit().Where(m => confirmedIds.Contains(m.StudentId))
            .GroupBy(m => m.StudentId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        // Other applications already submitted and still open count too: registering them would add a membership.
        var inFlight = await (
            from s in db.Set<Sponsor>()
            join a in db.AssociationApplications on s.ApplicationId equals a.Id
            join i in db.WorkflowInstances on a.Id equals i.SubjectId
            where confirmedIds.Contains(s.StudentId) && s.Status == SponsorStatus.Confirmed && a.Id != app.Id
                  && i.Process == FoundingProcess.ProcessName && !i.IsClosed && i.State != nameof(FoundingProcess.State.Draft)
            group s by s.StudentId into g
            select new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

        InstructorFacts? asInstructor = null;
        if (actor.TeacherId is { } tid && app.Instructors.Any(i => i.TeacherId == tid))
        {
            var teacher = await db.Teachers.SingleAsync(t => t.Id == tid, ct);
            var inBank = await db.InstructorBank.AnyAsync(b => b.TeacherId == tid && b.RemovedAt == null, ct);
            var appointments = await db.RunningAppointments(now).CountAsync(a => a.TeacherId == tid, ct);
            var accepting = await (
                from p in db.Set<ProposedInstructor>()
                join i in db.WorkflowInstances on p.ApplicationId equals i.SubjectId
                where p.TeacherId == tid && p.Response == InstructorResponse.Accepted && p.ApplicationId != app.Id
                      && i.Process == FoundingProcess.ProcessName && !i.IsClosed
                select p.Id).CountAsync(ct);
            asInstructor = new InstructorFacts(teacher, inBank, appointments + accepting);
        }

        var committee = await db.OrgUnits.Where(o => o.UniversityId == app.UniversityId && o.Kind == OrgUnitKind.ReviewCommittee)
            .Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
        var isInitiatorOfDraft = actor.StudentId == app.InitiatorStudentId && instance.State == nameof(FoundingProcess.State.Draft);
        var ctx = new FoundingContext
        {
            InvitationsSentInLastDay = isInitiatorOfDraft ? await InvitationsSentSinceAsync(db, app.InitiatorStudentId, now - TimeSpan.FromDays(1), ct) : 0,
            Db = db, Instance = instance, App = app, Actor = actor, Now = now, GuidanceUnit = guidance,
            ConfirmedSponsors = students.Select(s => new SponsorFacts(s, memberships.GetValueOrDefault(s.Id) + inFlight.GetValueOrDefault(s.Id))).ToList(),
            ConfirmedSponsorsAtRegistration = students.Select(s => new SponsorFacts(s, memberships.GetValueOrDefault(s.Id))).ToList(),
            ActorAsInstructor = asInstructor,
            CommitteeMemberUserIds = await db.RoleAssignments
                .Where(r => r.Role == Domain.Access.Role.ReviewCommitteeMember && r.UniversityId == app.UniversityId)
                .Select(r => r.UserId).Distinct().ToListAsync(ct),
            CommitteeUnitId = committee,
        };
        await ctx.LoadPeopleAsync(ct);
        return ctx;
    }

    /// <summary>
    /// Every invitation opens a "confirm sponsorship" task (and its email) that stays on record when the
    /// invitation is later withdrawn, so counting those tasks counts invitations sent, removals included.
    /// </summary>
    private static Task<int> InvitationsSentSinceAsync(ReformFlowDb db, Guid initiatorStudentId, DateTimeOffset since, CancellationToken ct) =>
        (from t in db.InboxTasks
         join i in db.WorkflowInstances on t.InstanceId equals i.Id
         join a in db.AssociationApplications on i.SubjectId equals a.Id
         where i.Process == FoundingProcess.ProcessName && a.InitiatorStudentId == initiatorStudentId
               && t.Key.StartsWith(FoundingProcess.SponsorTaskPrefix) && t.CreatedAt >= since
         select t.Id).CountAsync(ct);

    /// <summary>
    /// The sign-ins of the application's students and teachers, for addressing tasks. Loaded again
    /// after an action, since inviting sponsors or proposing instructors brings in new people.
    /// </summary>
    public async Task LoadPeopleAsync(CancellationToken ct)
    {
        var studentIds = App.Sponsors.Select(s => s.StudentId).Append(App.InitiatorStudentId).Distinct().ToList();
        var teacherIds = App.Instructors.Select(i => i.TeacherId).ToList();
        UserIdByStudent = await Db.Users.Where(u => u.StudentId != null && studentIds.Contains(u.StudentId.Value))
            .ToDictionaryAsync(u => u.StudentId!.Value, u => u.Id, ct);
        UserIdByTeacher = await Db.Users.Where(u => u.TeacherId != null && teacherIds.Contains(u.TeacherId.Value))
            .ToDictionaryAsync(u => u.TeacherId!.Value, u => u.Id, ct);
    }
}
