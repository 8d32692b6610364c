using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.AnnualReview;

/// <summary>The cycle, its counts over every report the reader may read, and one page of the searched, filtered list.</summary>
public sealed record CycleProgress(ReviewCycle Cycle, IReadOnlyDictionary<string, int> ByState, int Overdue, Paged<ReviewRow> Rows);
public sealed record ReviewRow(Guid InstanceId, string Association, string RegistrationNumber, string State, DateTimeOffset DueAt, bool Overdue,
    string GuidanceUnit, string GuidanceUnitEn);
/// <summary>The filters of the annual review list besides the text search; <c>CollegeId</c> is the guidance unit's college.</summary>
public sealed record ReviewFilter(AnnualReviewProcess.State? State = null, Guid? CollegeId = null);

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
    /// administrator; a guidance unit's own associations; a leader's or instructor's own. Then one page of those reports,
    /// searched (<c>q</c>: registration number or name), filtered (state, guidance unit's college) and sorted in SQL;
    /// sort keys <c>number</c> (default), <c>name</c>, <c>state</c>, <c>due</c>. <paramref name="academicYear"/> picks
    /// the cycle, the newest by default.
    /// </summary>
    public async Task<CycleProgress?> ProgressAsync(Actor actor, int? academicYear, ListQuery list, ReviewFilter filter, CancellationToken ct)
    {
        var cycle = await db.ReviewCycles.AsNoTracking().Where(c => c.UniversityId == actor.UniversityId && (academicYear == null || c.AcademicYear == academicYear))
            .OrderByDescending(c => c.AcademicYear).FirstOrDefaultAsync(ct);
        if (cycle is null) return null;
        var now = clock.GetUtcNow();
        const string overdue = nameof(AnnualReviewProcess.State.Overdue), preparing = nameof(AnnualReviewProcess.State.Preparing),
            rectifying = nameof(AnnualReviewProcess.State.PassedWithRectification);
        var all = from r in AnnualReportVisibility.Visible(db, actor, now).AsNoTracking()
                  join i in db.WorkflowInstances.AsNoTracking() on r.Id equals i.SubjectId
                  join a in db.Associations.AsNoTracking() on r.AssociationId equals a.Id
                  join u in db.OrgUnits.AsNoTracking() on a.GuidanceUnitId equals u.Id
                  where r.CycleId == cycle.Id && i.Process == process.Name
                  select new
                  {
                      i.Id, a.Name, a.RegistrationNumber, i.State, r.DueAt, u.CollegeId, Unit = u.Name, UnitEn = u.NameEn,
                      // Overdue: a report missing after its deadline, or a rectification unreported after its own (AS-1.5).
                      Overdue = i.State == overdue || (!i.IsClosed && i.State == preparing && r.DueAt < now)
                                || (i.State == rectifying && r.RectificationDeadline < now),
                  };
        var byState = await all.GroupBy(x => x.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var overdueCount = await all.CountAsync(x => x.Overdue, ct);

        var state = filter.State?.ToString();
        var rows = all.Where(x => (state == null || x.State == state) && (filter.CollegeId == null || x.CollegeId == filter.CollegeId));
        if (list.Q is { } t) rows = rows.Where(x => x.RegistrationNumber.Contains(t) || x.Name.Contains(t));
        var desc = list.Descending;
        var ordered = list.SortKey switch
        {
            "name" => rows.OrderBy(x => x.Name, desc),
            "state" => rows.OrderBy(x => x.State, desc),
            "due" => rows.OrderBy(x => x.DueAt, desc),
            _ => rows.OrderBy(x => x.RegistrationNumber, desc),
        };
        var page = await ordered.ThenBy(x => x.Id).ToPagedAsync(list, ct);
        return new CycleProgress(cycle, byState, overdueCount,
            page.Map(x => new ReviewRow(x.Id, x.Name, x.RegistrationNumber, x.State, x.DueAt, x.Overdue, x.Unit, x.UnitEn)));
    }

    /// <summary>The academic years that have a cycle, newest first (the year filter).</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(Actor actor, CancellationToken ct) =>
        await db.ReviewCycles.AsNoTracking().Where(c => c.UniversityId == actor.UniversityId).OrderByDescending(c => c.AcademicYear)
            .Select(c => c.AcademicYear).ToListAsync(ct);
}
