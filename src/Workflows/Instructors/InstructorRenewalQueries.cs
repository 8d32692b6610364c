using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Instructors;

/// <summary>One row of an association's renewals, newest first.</summary>
public sealed record RenewalRow(Guid InstanceId, string Teacher, string StaffNumber, bool IsReappointment, string State, DateTimeOffset ProposedAt, DateTimeOffset? TermEndsAt);

/// <summary>The renewal list's filters: state, and the year the renewal was proposed in (installation's zone).</summary>
public sealed record RenewalFilter(InstructorRenewalProcess.State? State = null, int? Year = null);

public sealed record RenewalView(
    Guid InstanceId, string State, int Version, bool IsClosed, string Title,
    Guid AssociationId, string Association, string RegistrationNumber, AssociationStatus AssociationStatus,
    string Teacher, string StaffNumber, bool IsReappointment, DateTimeOffset? CurrentTermEndsAt,
    DateTimeOffset ProposedAt, DateTimeOffset? CompletedAt, DateTimeOffset? TermEndsAt,
    IReadOnlyList<HistoryView> History, IReadOnlyList<ActionView> Actions, string Diagram);

/// <summary>What the renewal pages and API read. Seen by the association's members, the teacher, its guidance unit and the student work department.</summary>
public sealed class InstructorRenewalQueries(ReformFlowDb db, InstructorRenewalProcess process, IOptions<AppOptions> app)
{
    public async Task<RenewalView?> GetAsync(Actor actor, Guid instanceId, CancellationToken ct)
    {
        var instance = await db.WorkflowInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId && i.Process == process.Name, ct);
        if (instance is null || instance.UniversityId != actor.UniversityId) return null;
        var ctx = await process.LoadAsync(db, instance, actor, ct);
        if (!ctx.ActorIsTeacher && !await SeesAsync(actor, ctx.Association, ct)) return null;
        var r = ctx.Renewal;
        var a = ctx.Association;
        return new RenewalView(instance.Id, instance.State, instance.Version, instance.IsClosed, instance.Title,
            a.Id, a.Name, a.RegistrationNumber, a.Status, ctx.Teacher.Teacher.Name, ctx.Teacher.Teacher.StaffNumber, r.IsReappointment,
            ctx.Current?.EndsAt, r.ProposedAt, r.CompletedAt, r.TermEndsAt,
            await HistoryView.LoadAsync(db, instance.Id, ct), process.AvailableActions(instance.State, ctx), process.Diagram());
    }

    /// <summary>
    /// The association's renewals, one page, newest first, or null when the actor may not see them. <c>q</c> searches the
    /// teacher's name and staff number; sort keys proposed, teacher, state, ends.
    /// </summary>
    public async Task<Paged<RenewalRow>?> ListAsync(Actor actor, Guid associationId, ListQuery list, RenewalFilter filter, CancellationToken ct)
    {
        var association = await db.Associations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == associationId && a.UniversityId == actor.UniversityId, ct);
        if (association is null || !await SeesAsync(actor, association, ct)) return null;
        var rows = from r in db.InstructorRenewals.AsNoTracking()
                   join i in db.WorkflowInstances.AsNoTracking() on r.Id equals i.SubjectId
                   join t in db.Teachers.AsNoTracking() on r.TeacherId equals t.Id
                   where r.AssociationId == associationId && i.Process == process.Name
                   select new { r, i, t };
        if (filter.State?.ToString() is { } state) rows = rows.Where(x => x.i.State == state);
        if (filter.Year is { } year)
        {
            var (from, to) = app.Value.YearRange(year);
            rows = rows.Where(x => x.r.ProposedAt >= from && x.r.ProposedAt < to);
        }
        if (list.Q is { } q) rows = rows.Where(x => x.t.Name.Contains(q) || x.t.StaffNumber.Contains(q));
        var desc = list.Descending;
        var ordered = list.SortKey switch
        {
            "teacher" => rows.OrderBy(x => x.t.Name, desc),
            "state" => rows.OrderBy(x => x.i.State, desc),
            "ends" => rows.OrderBy(x => x.r.TermEndsAt, desc),
            // Newest first unless "proposed" is asked for explicitly.
            "proposed" => rows.OrderBy(x => x.r.ProposedAt, desc),
            _ => rows.OrderByDescending(x => x.r.ProposedAt),
        };
        return await ordered.ThenBy(x => x.i.Id)
            .Select(x => new RenewalRow(x.i.Id, x.t.Name, x.t.StaffNumber, x.r.RenewsAppointmentId != null, x.i.State, x.r.ProposedAt, x.r.TermEndsAt))
            .ToPagedAsync(list, ct);
    }

    /// <summary>The years the association's renewals were proposed in (installation's zone), newest first, for the year filter.</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(Guid associationId, CancellationToken ct)
    {
        var proposed = await db.InstructorRenewals.AsNoTracking().Where(r => r.AssociationId == associationId).Select(r => r.ProposedAt).ToListAsync(ct);
        return proposed.Select(p => app.Value.ToLocal(p).Year).Distinct().OrderDescending().ToList();
    }

    /// <summary>May the actor propose a renewal for this association: is the actor one of its current leaders?</summary>
    public async Task<bool> CanProposeAsync(Actor actor, Guid associationId, CancellationToken ct) =>
        actor.StudentId is { } s && (await InstructorRenewalContext.LeaderStudentIdsAsync(db, associationId, ct)).Contains(s);

    private async Task<bool> SeesAsync(Actor actor, Association association, CancellationToken ct) =>
        InstructorEvaluationService.SeesAll(actor, association.UniversityId)
        || actor.Holds(Role.GuidanceUnitReviewer, association.GuidanceUnitId)
        || (actor.TeacherId is { } t && await db.InstructorAppointments.AnyAsync(a => a.AssociationId == association.Id && a.TeacherId == t && a.EndedAt == null, ct))
        || (actor.StudentId is { } s && await db.Memberships.AnyAsync(m => m.AssociationId == association.Id && m.StudentId == s && m.LeftAt == null, ct));
}
