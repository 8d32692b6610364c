using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Instructors;

/// <summary>Opening a year's evaluations, rating and acting on one, and the list each person may see (AS-2.3, AS-2.4).</summary>
public sealed class InstructorEvaluationService(ReformFlowDb db, WorkflowRunner runner, InstructorEvaluationProcess process, TimeProvider clock)
{
    /// <summary>
    /// Opens the academic year's evaluation for every running appointment of an active association, once: the
    /// unique index on appointment and year makes a second run (or a catch-up after downtime) create nothing twice.
    /// Appointments that start after the opening date are evaluated the next year.
    /// </summary>
    public async Task<int> OpenYearAsync(Guid universityId, int academicYear, DateTimeOffset opensAt, DateTimeOffset ratingEndsAt, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var pending = await (from a in db.RunningAppointments(now)
                             join s in db.Associations on a.AssociationId equals s.Id
                             join t in db.Teachers on a.TeacherId equals t.Id
                             where a.UniversityId == universityId && a.StartsAt <= opensAt
                                   && s.Status == AssociationStatus.Active
                                   && !db.InstructorEvaluations.Any(e => e.AppointmentId == a.Id && e.AcademicYear == academicYear)
                             orderby s.RegistrationNumber, t.StaffNumber
                             select new { a, Association = s.Name, Teacher = t.Name }).ToListAsync(ct);
        foreach (var x in pending)
        {
            var evaluation = new InstructorEvaluation(universityId, x.a, academicYear, now, ratingEndsAt);
            db.InstructorEvaluations.Add(evaluation);
            await runner.StartAsync(process, evaluation.Id, universityId, $"{x.Teacher} · {x.Association} · {academicYear}–{academicYear + 1}", Actor.System, "System", ct);
        }
        return pending.Count;
    }

    public Task<WorkflowInstance> RateAsync(Actor actor, Guid instanceId, EvaluationResult rating, string? comment, CancellationToken ct) =>
        runner.FireAsync(process, instanceId, actor, new ActionRequest(nameof(InstructorEvaluationProcess.Trigger.Rate), comment, null, new RatingInput(rating)), ct);

    public async Task<WorkflowInstance> ActAsync(Actor actor, Guid instanceId, string action, string? comment, int? expectedVersion, CancellationToken ct)
    {
        var instance = await runner.FireAsync(process, instanceId, actor, new ActionRequest(action, comment, expectedVersion), ct);
        // A dismissal ends the teacher's other appointments: their open evaluations close at once, each in its own transaction.
        if (instance.State == nameof(InstructorEvaluationProcess.State.Dismissed)) await CloseForEndedAppointmentsAsync(ct);
        return instance;
    }

    /// <summary>Closes every open evaluation whose appointment has ended; the daily job calls it too. Returns how many it closed.</summary>
    public async Task<int> CloseForEndedAppointmentsAsync(CancellationToken ct)
    {
        var due = await (from i in db.WorkflowInstances.AsNoTracking()
                         join e in db.InstructorEvaluations.AsNoTracking() on i.SubjectId equals e.Id
                         join a in db.InstructorAppointments.AsNoTracking() on e.AppointmentId equals a.Id
                         where i.Process == process.Name && !i.IsClosed && a.EndedAt != null
                         select i.Id).ToListAsync(ct);
        var closed = 0;
        foreach (var id in due)
        {
            try
            {
                await runner.FireAsync(process, id, Actor.System, new ActionRequest(nameof(InstructorEvaluationProcess.Trigger.CloseForEndedAppointment)), ct);
                closed++;
            }
            catch (DomainException)
            {
                // Closed by someone else between our read and the fire: nothing to do.
            }
            db.ChangeTracker.Clear();
        }
        return closed;
    }

    /// <summary>The student work department and the university's administrator oversee every evaluation.</summary>
    public static bool SeesAll(Actor actor, Guid universityId) =>
        actor.HoldsInUniversity(Role.StudentWorkDepartment, universityId) || actor.HoldsInUniversity(Role.UniversityAdmin, universityId);
}
