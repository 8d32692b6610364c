using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Instructors;

/// <summary>What one operation on an instructor renewal knows: the proposal, the association, the teacher's facts now.</summary>
public sealed class InstructorRenewalContext
{
    public required ReformFlowDb Db { get; init; }
    public required WorkflowInstance Instance { get; init; }
    public required InstructorRenewal Renewal { get; init; }
    public required Association Association { get; init; }
    public required InstructorFacts Teacher { get; init; }
    /// <summary>The appointment renewed (tracked, so approval can restart its term); null for another teacher.</summary>
    public required InstructorAppointment? Current { get; init; }
    public required Actor Actor { get; init; }
    public required DateTimeOffset Now { get; init; }
    public required IReadOnlyList<Guid> LeaderStudentIds { get; init; }
    public required IReadOnlyList<string> LeaderUserIds { get; init; }
    public required string? TeacherUserId { get; init; }

    public bool ActorIsLeader => Actor.StudentId is { } s && LeaderStudentIds.Contains(s);
    public bool ActorIsTeacher => Actor.TeacherId == Renewal.TeacherId;

    public static async Task<InstructorRenewalContext> LoadAsync(ReformFlowDb db, WorkflowInstance instance, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var renewal = await db.InstructorRenewals.SingleAsync(r => r.Id == instance.SubjectId, ct);
        var association = await db.Associations.AsNoTracking().SingleAsync(a => a.Id == renewal.AssociationId, ct);
        var leaders = await LeaderStudentIdsAsync(db, association.Id, ct);
        return new InstructorRenewalContext
        {
            Db = db, Instance = instance, Renewal = renewal, Association = association, Actor = actor, Now = now,
            Teacher = await FactsAsync(db, renewal.TeacherId, association.Id, renewal.Id, now, ct),
            Current = renewal.RenewsAppointmentId is { } id ? await db.InstructorAppointments.SingleAsync(a => a.Id == id, ct) : null,
            LeaderStudentIds = leaders,
            LeaderUserIds = await db.Users.Where(u => u.StudentId != null && leaders.Contains(u.StudentId.Value)).Select(u => u.Id).ToListAsync(ct),
            TeacherUserId = await db.Users.Where(u => u.TeacherId == renewal.TeacherId).Select(u => u.Id).FirstOrDefaultAsync(ct),
        };
    }

    public static Task<List<Guid>> LeaderStudentIdsAsync(ReformFlowDb db, Guid associationId, CancellationToken ct) =>
        db.CurrentLeaders().Where(m => m.AssociationId == associationId)
            .Select(m => m.StudentId).ToListAsync(ct);

    /// <summary>
    /// The facts <see cref="FoundingRules.CheckInstructorAccept"/> needs (AS-2.1, AS-2.2). The associations a teacher
    /// guides are counted without this one (a renewal adds none here): running appointments elsewhere, accepted
    /// instructorships of open founding applications, and accepted renewals still open for other associations.
    /// </summary>
    public static async Task<InstructorFacts> FactsAsync(ReformFlowDb db, Guid teacherId, Guid associationId, Guid? renewalId, DateTimeOffset now, CancellationToken ct)
    {
        var teacher = await db.Teachers.AsNoTracking().SingleAsync(t => t.Id == teacherId, ct);
        var inBank = await db.InstructorBank.AnyAsync(b => b.TeacherId == teacherId && b.UniversityId == teacher.UniversityId && b.RemovedAt == null, ct);
        var running = db.RunningAppointments(now);
        var guided = await running.Where(a => a.TeacherId == teacherId && a.AssociationId != associationId)
            .Select(a => a.AssociationId).Distinct().CountAsync(ct);
        var founding = await (from p in db.Set<ProposedInstructor>()
                              join i in db.WorkflowInstances on p.ApplicationId equals i.SubjectId
                              where p.TeacherId == teacherId && p.Response == InstructorResponse.Accepted
                                    && i.Process == FoundingProcess.ProcessName && !i.IsClosed
                              select p.Id).CountAsync(ct);
        string[] accepted = [nameof(InstructorRenewalProcess.State.GuidanceReview), nameof(InstructorRenewalProcess.State.ReturnedToLeaders)];
        var renewals = await (from r in db.InstructorRenewals
                              join i in db.WorkflowInstances on r.Id equals i.SubjectId
                              where r.TeacherId == teacherId && r.AssociationId != associationId && r.Id != renewalId
                                    && i.Process == InstructorRenewalProcess.ProcessName && !i.IsClosed && accepted.Contains(i.State)
                                    // a renewal of a running appointment there adds nothing that is not counted already
                                    && !running.Any(a => a.TeacherId == teacherId && a.AssociationId == r.AssociationId)
                              select r.AssociationId).Distinct().CountAsync(ct);
        return new InstructorFacts(teacher, inBank, guided + founding + renewals);
    }
}
