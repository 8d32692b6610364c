using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Instructors;

/// <summary>One row of the evaluation list: whose evaluation, for which association and year, where it stands.</summary>
public sealed record EvaluationRow(
    Guid InstanceId, int AcademicYear, string Teacher, string StaffNumber, Guid AssociationId, string Association, string RegistrationNumber,
    string State, DateTimeOffset RatingEndsAt, int Ratings, EvaluationResult? Result);

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

    /// <summary>
    /// The evaluations the actor may see, newest year first: all of the university for the student work department
    /// and the administrator; the guidance unit's associations for its reviewers; their own for teachers; their
    /// associations' for current members.
    /// </summary>
    public async Task<IReadOnlyList<EvaluationRow>> ListAsync(Actor actor, int? academicYear, CancellationToken ct)
    {
        if (actor.UniversityId is not { } uni) return [];
        var seesAll = SeesAll(actor, uni);
        var units = actor.Assignments.Where(x => x.Role == Role.GuidanceUnitReviewer && x.OrgUnitId != null).Select(x => x.OrgUnitId!.Value).ToList();
        var mine = db.Memberships.Where(m => m.StudentId == actor.StudentId && m.LeftAt == null).Select(m => m.AssociationId);
        return await (from e in db.InstructorEvaluations.AsNoTracking()
                      join i in db.WorkflowInstances.AsNoTracking() on e.Id equals i.SubjectId
                      join s in db.Associations.AsNoTracking() on e.AssociationId equals s.Id
                      join t in db.Teachers.AsNoTracking() on e.TeacherId equals t.Id
                      where e.UniversityId == uni && i.Process == process.Name && (academicYear == null || e.AcademicYear == academicYear)
                            && (seesAll || units.Contains(s.GuidanceUnitId) || e.TeacherId == actor.TeacherId || mine.Contains(e.AssociationId))
                      orderby e.AcademicYear descending, s.RegistrationNumber, t.StaffNumber
                      select new EvaluationRow(i.Id, e.AcademicYear, t.Name, t.StaffNumber, s.Id, s.Name, s.RegistrationNumber, i.State,
                          e.RatingEndsAt, e.Ratings.Count, e.Result)).ToListAsync(ct);
    }

    /// <summary>The student work department and the university's administrator oversee every evaluation.</summary>
    public static bool SeesAll(Actor actor, Guid universityId) =>
        actor.HoldsInUniversity(Role.StudentWorkDepartment, universityId) || actor.HoldsInUniversity(Role.UniversityAdmin, universityId);
}
