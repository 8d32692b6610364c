using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.AnnualReview;

public sealed record CycleProgress(ReviewCycle Cycle, IReadOnlyDictionary<string, int> ByState, IReadOnlyList<ReviewRow> Rows);
public sealed record ReviewRow(Guid InstanceId, string Association, string RegistrationNumber, string State, DateTimeOffset DueAt, bool Overdue);

/// <summary>Opening a cycle, acting on a report, and the reviewers' overview (AS-1.5).</summary>
public sealed class AnnualReviewService(ReformFlowDb db, WorkflowRunner runner, AnnualReviewProcess process, TimeProvider clock)
{
    /// <summary>
    /// Opens the cycle of an academic year for every active association, once: the unique indexes on
    /// cycle and report make a second run (or two nodes at once) create nothing twice.
    /// </summary>
    /// <summary>The student work department (or an administrator) opens the cycle now, from the page or the API (AS-1.5).</summary>
    public Task<ReviewCycle> OpenCycleAsync(Actor actor, int academicYear, DateTimeOffset deadline, CancellationToken ct)
    {
        if (actor.UniversityId is not { } universityId || (!actor.Holds(Role.StudentWorkDepartment) && !actor.Holds(Role.UniversityAdmin)))
            throw new ForbiddenActionException(new Reason(null, "access.review-open-swd-only"));
        return OpenCycleAsync(universityId, academicYear, deadline, ct);
    }

    public async Task<ReviewCycle> OpenCycleAsync(Guid universityId, int academicYear, DateTimeOffset deadline, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cycle = await db.ReviewCycles.SingleOrDefaultAsync(c => c.UniversityId == universityId && c.AcademicYear == academicYear, ct);
        if (cycle is null)
        {
            cycle = new ReviewCycle(universityId, academicYear, now, deadline);
            db.ReviewCycles.Add(cycle);
            await db.SaveChangesAsync(ct);
        }
        var cycleId = cycle.Id;
        var pending = await db.Associations
            .Where(a => a.UniversityId == universityId && a.Status == AssociationStatus.Active && a.RegisteredAt <= cycle.OpenedAt
                && !db.AnnualReports.Any(r => r.CycleId == cycleId && r.AssociationId == a.Id))
            .OrderBy(a => a.RegistrationNumber).ToListAsync(ct);
        foreach (var association in pending)
        {
            var report = new AnnualReport(universityId, cycle.Id, association.Id, cycle.Deadline);
            db.AnnualReports.Add(report);
            await runner.StartAsync(process, report.Id, universityId, $"{association.Name} · {academicYear}–{academicYear + 1}", Actor.System, "System", ct);
        }
        return cycle;
    }

    public Task<WorkflowInstance> SubmitAsync(Actor actor, Guid instanceId, ReportInput input, int? expectedVersion, CancellationToken ct) =>
        runner.FireAsync(process, instanceId, actor, new ActionRequest(nameof(AnnualReviewProcess.Trigger.SubmitReport), null, expectedVersion, input), ct);

    public Task<WorkflowInstance> ActAsync(Actor actor, Guid instanceId, string action, string? comment, int? expectedVersion, DateTimeOffset? deadline, CancellationToken ct) =>
        ActAsync(actor, instanceId, action, comment, expectedVersion, new DecisionInput(deadline), ct);

    public Task<WorkflowInstance> ActAsync(Actor actor, Guid instanceId, string action, string? comment, int? expectedVersion, DecisionInput input, CancellationToken ct) =>
        runner.FireAsync(process, instanceId, actor, new ActionRequest(action, comment, expectedVersion, input), ct);

    /// <summary>
    /// The cycle at a glance: how many associations in each state, which are overdue — counted over the reports the actor
    /// may read (<see cref="AnnualReportVisibility"/>): all of them for the committee, the student work department and the
    /// administrator; a guidance unit's own associations; a leader's or instructor's own.
    /// </summary>
    public async Task<CycleProgress?> ProgressAsync(Actor actor, int? academicYear, CancellationToken ct)
    {
        var cycle = await db.ReviewCycles.AsNoTracking().Where(c => c.UniversityId == actor.UniversityId && (academicYear == null || c.AcademicYear == academicYear))
            .OrderByDescending(c => c.AcademicYear).FirstOrDefaultAsync(ct);
        if (cycle is null) return null;
        var now = clock.GetUtcNow();
        var rows = await (from r in AnnualReportVisibility.Visible(db, actor, now).AsNoTracking()
                          join i in db.WorkflowInstances.AsNoTracking() on r.Id equals i.SubjectId
                          join a in db.Associations.AsNoTracking() on r.AssociationId equals a.Id
                          where r.CycleId == cycle.Id && i.Process == process.Name
                          orderby a.RegistrationNumber
                          select new { i.Id, a.Name, a.RegistrationNumber, i.State, i.IsClosed, r.DueAt, r.RectificationDeadline }).ToListAsync(ct);
        // Overdue: a report missing after its deadline, or a rectification unreported after its own (AS-1.5).
        var list = rows.Select(x => new ReviewRow(x.Id, x.Name, x.RegistrationNumber, x.State, x.DueAt,
            x.State == nameof(AnnualReviewProcess.State.Overdue) || (!x.IsClosed && x.State == nameof(AnnualReviewProcess.State.Preparing) && x.DueAt < now)
            || (x.State == nameof(AnnualReviewProcess.State.PassedWithRectification) && x.RectificationDeadline < now))).ToList();
        return new CycleProgress(cycle, list.GroupBy(r => r.State).ToDictionary(g => g.Key, g => g.Count()), list);
    }
}
