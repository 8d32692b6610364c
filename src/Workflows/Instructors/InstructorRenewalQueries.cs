using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Instructors;

/// <summary>One row of an association's renewals, newest first.</summary>
public sealed record RenewalRow(Guid InstanceId, string Teacher, string StaffNumber, bool IsReappointment, string State, DateTimeOffset ProposedAt, DateTimeOffset? TermEndsAt);

public sealed record RenewalView(
    Guid InstanceId, string State, int Version, bool IsClosed, string Title,
    Guid AssociationId, string Association, string RegistrationNumber, AssociationStatus AssociationStatus,
    string Teacher, string StaffNumber, bool IsReappointment, DateTimeOffset? CurrentTermEndsAt,
    DateTimeOffset ProposedAt, DateTimeOffset? CompletedAt, DateTimeOffset? TermEndsAt,
    IReadOnlyList<HistoryView> History, IReadOnlyList<ActionView> Actions, string Diagram);

/// <summary>What the renewal pages and API read. Seen by the association's members, the teacher, its guidance unit and the student work department.</summary>
public sealed class InstructorRenewalQueries(ReformFlowDb db, InstructorRenewalProcess process)
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

    /// <summary>The association's renewals, or null when the actor may not see them.</summary>
    public async Task<IReadOnlyList<RenewalRow>?> ListAsync(Actor actor, Guid associationId, CancellationToken ct)
    {
        var association = await db.Associations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == associationId && a.UniversityId == actor.UniversityId, ct);
        if (association is null || !await SeesAsync(actor, association, ct)) return null;
        return await (from r in db.InstructorRenewals.AsNoTracking()
                      join i in db.WorkflowInstances.AsNoTracking() on r.Id equals i.SubjectId
                      join t in db.Teachers.AsNoTracking() on r.TeacherId equals t.Id
                      where r.AssociationId == associationId && i.Process == process.Name
                      orderby r.ProposedAt descending
                      select new RenewalRow(i.Id, t.Name, t.StaffNumber, r.RenewsAppointmentId != null, i.State, r.ProposedAt, r.TermEndsAt)).ToListAsync(ct);
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
