using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.AnnualReview;

/// <summary>What one operation on an annual review knows: the report, the association, its people now.</summary>
public sealed class AnnualReviewContext
{
    public required ReformFlowDb Db { get; init; }
    public required WorkflowInstance Instance { get; init; }
    public required AnnualReport Report { get; init; }
    public required Association Association { get; init; }
    public required ReviewCycle Cycle { get; init; }
    public required Actor Actor { get; init; }
    public required DateTimeOffset Now { get; init; }
    public required IReadOnlyList<(Student Student, MemberRole Role)> Members { get; init; }
    public required IReadOnlyList<Teacher> Instructors { get; init; }
    public required IReadOnlyList<string> LeaderUserIds { get; init; }
    public required IReadOnlyList<string> InstructorUserIds { get; init; }
    public required Guid? CommitteeUnitId { get; init; }
    /// <summary>Everyone who may give an opinion (AS-1.8); each gets a task until they have.</summary>
    public required IReadOnlyList<string> CommitteeMemberUserIds { get; init; }

    public bool ActorIsLeader => LeaderUserIds.Contains(Actor.UserId);
    public bool ActorIsInstructor => Actor.TeacherId is { } t && Instructors.Any(i => i.Id == t);

    public static async Task<AnnualReviewContext> LoadAsync(ReformFlowDb db, WorkflowInstance instance, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var report = await db.AnnualReports.Include(r => r.Opinions).SingleAsync(r => r.Id == instance.SubjectId, ct);
        var association = await db.Associations.SingleAsync(a => a.Id == report.AssociationId, ct);
        var cycle = await db.ReviewCycles.AsNoTracking().SingleAsync(c => c.Id == report.CycleId, ct);
        var members = await (from m in db.Memberships.AsNoTracking()
                             join s in db.Students.AsNoTracking() on m.StudentId equals s.Id
                             where m.AssociationId == association.Id && m.LeftAt == null
                             orderby s.StudentNumber
                             select new { s, m.Role }).ToListAsync(ct);
        var instructors = await (from a in db.RunningAppointments(now).AsNoTracking()
                                 join t in db.Teachers.AsNoTracking() on a.TeacherId equals t.Id
                                 where a.AssociationId == association.Id
                                 select t).ToListAsync(ct);
        var leaderIds = members.Where(m => m.Role == MemberRole.Leader).Select(m => (Guid?)m.s.Id).ToList();
        var teacherIds = instructors.Select(t => (Guid?)t.Id).ToList();
        return new AnnualReviewContext
        {
            Db = db, Instance = instance, Report = report, Association = association, Cycle = cycle, Actor = actor, Now = now,
            Members = members.Select(m => (m.s, m.Role)).ToList(),
            Instructors = instructors,
            LeaderUserIds = await db.Users.Where(u => leaderIds.Contains(u.StudentId)).Select(u => u.Id).ToListAsync(ct),
            InstructorUserIds = await db.Users.Where(u => teacherIds.Contains(u.TeacherId)).Select(u => u.Id).ToListAsync(ct),
            CommitteeUnitId = await db.OrgUnits.Where(o => o.UniversityId == association.UniversityId && o.Kind == OrgUnitKind.ReviewCommittee)
                .Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct),
            CommitteeMemberUserIds = await db.RoleAssignments
                .Where(r => r.Role == Role.ReviewCommitteeMember && r.UniversityId == association.UniversityId)
                .Select(r => r.UserId).Distinct().ToListAsync(ct),
        };
    }
}

/// <summary>The report's free-text parts, as the leaders write them.</summary>
public sealed record ReportInput(string Activities, string Finances, string? Violations);

/// <summary>
/// What a decision or step carries besides its comment: a date (a rectification's deadline, an extended deadline), the
/// rectification's items (AS-1.5), a member's vote (AS-1.8), the leaders' rectification report (AS-1.5).
/// </summary>
public sealed record DecisionInput(DateTimeOffset? RectificationDeadline, string? Items = null, CommitteeVote? Vote = null, string? Report = null);
