using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Instructors;

/// <summary>Proposing an instructor renewal and acting on one (AS-2.1, AS-2.2, AS-1.3).</summary>
public sealed class InstructorRenewalService(ReformFlowDb db, WorkflowRunner runner, InstructorRenewalProcess process, TimeProvider clock)
{
    /// <summary>
    /// A current leader proposes the teacher with <paramref name="staffNumber"/>: the association's instructor again
    /// (their appointment here is renewed) or another teacher of the bank (a new appointment). The checks and the
    /// insert share one write transaction, so two leaders proposing at once start one renewal.
    /// </summary>
    public async Task<WorkflowInstance> ProposeAsync(Actor actor, Guid associationId, string? staffNumber, string? comment, CancellationToken ct)
    {
        TextLimits.Check(comment, TextLimits.Comment, TextField.Comment);
        await using var tx = await db.BeginWriteAsync(ct);
        var now = clock.GetUtcNow();
        var association = await db.Associations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == associationId && a.UniversityId == actor.UniversityId, ct)
            ?? throw new NotFoundException("association");
        if (actor.StudentId is not { } studentId || !(await InstructorRenewalContext.LeaderStudentIdsAsync(db, associationId, ct)).Contains(studentId))
            throw new ForbiddenActionException(new Reason(null, "access.association-leader-only"));
        var number = staffNumber?.Trim() ?? "";
        var teacher = await db.Teachers.AsNoTracking().SingleOrDefaultAsync(t => t.StaffNumber == number && t.UniversityId == association.UniversityId, ct)
            ?? throw DomainException.ForMeasure("AS-2.1", "rule.renewal-unknown-teacher", number);

        var reasons = new List<Reason>();
        var open = await (from r in db.InstructorRenewals
                          join i in db.WorkflowInstances on r.Id equals i.SubjectId
                          where r.AssociationId == associationId && i.Process == process.Name && !i.IsClosed
                          select r.Id).AnyAsync(ct);
        if (open) reasons.Add(new Reason(null, "rule.renewal-already-open"));
        // The teacher's latest appointment here that was not ended early is the one renewed, running or run out.
        var current = await db.InstructorAppointments.Where(a => a.AssociationId == associationId && a.TeacherId == teacher.Id && a.EndedAt == null)
            .OrderByDescending(a => a.EndsAt).FirstOrDefaultAsync(ct);
        if (current is not null && InstructorRenewal.TooEarly(current, now))
            reasons.Add(new Reason("AS-2.2", "rule.renewal-too-early", (int)InstructorRenewal.Window.TotalDays));
        var facts = await InstructorRenewalContext.FactsAsync(db, teacher.Id, associationId, null, now, ct);
        reasons.AddRange(InstructorRenewalProcess.Guards(association, facts, current));
        if (reasons.Count > 0) throw new DomainException(reasons);

        var renewal = new InstructorRenewal(association.UniversityId, associationId, teacher.Id, current, studentId, now);
        db.InstructorRenewals.Add(renewal);
        var instance = await runner.StartAsync(process, renewal.Id, association.UniversityId, $"{association.Name} · {teacher.Name}", actor, nameof(Role.Student), ct);
        if (!string.IsNullOrWhiteSpace(comment))
        {
            var start = await db.WorkflowHistory.SingleAsync(h => h.InstanceId == instance.Id, ct);
            start.Comment = comment.Trim();
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return instance;
    }

    public Task<WorkflowInstance> ActAsync(Actor actor, Guid instanceId, string action, string? comment, int? expectedVersion, CancellationToken ct) =>
        runner.FireAsync(process, instanceId, actor, new ActionRequest(action, comment, expectedVersion), ct);
}
