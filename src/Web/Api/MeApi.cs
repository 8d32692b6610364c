using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Organisation;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Api;

public static class MeApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/me", async (CurrentActor current, CancellationToken ct) =>
        {
            var a = await current.GetAsync(ct);
            return Results.Ok(new
            {
                userId = a.UserId, displayName = a.DisplayName, universityId = a.UniversityId, studentId = a.StudentId, teacherId = a.TeacherId,
                roles = a.Assignments.Select(r => new { role = r.Role, orgUnitId = r.OrgUnitId }),
            });
        }).WithTags("Me").WithSummary("Who am I, with which scoped roles");

        v1.MapGet("/tasks", async (CurrentActor current, ReformFlowDb db, CancellationToken ct) =>
                Results.Ok(await InboxQueries.ForActorAsync(db, await current.GetAsync(ct), ct)))
            .WithTags("Me").WithSummary("My tasks, oldest first");

        v1.MapGet("/org-units", async (OrgUnitKind? kind, bool? guidanceUnits, CurrentActor current, ReformFlowDb db, CancellationToken ct) =>
        {
            var a = await current.GetAsync(ct);
            // A picker for new work: deactivated units are not offered (they stay in the history that names them).
            var units = await db.OrgUnits.AsNoTracking().Where(o => o.UniversityId == a.UniversityId && o.DeactivatedAt == null && (kind == null || o.Kind == kind)).ToListAsync(ct);
            return Results.Ok(units.Where(o => guidanceUnits != true || o.CanBeGuidanceUnit).OrderBy(o => o.Kind).ThenBy(o => o.Name)
                .Select(o => new { o.Id, o.Kind, o.Name, o.NameEn, o.CollegeId }));
        }).WithTags("Reference").WithSummary("Organisation units of my university (guidanceUnits=true: those that may be business guidance units)");

        v1.MapGet("/instructors", async (CurrentActor current, ReformFlowDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var a = await current.GetAsync(ct);
            var now = clock.GetUtcNow();
            var rows = await (from b in db.InstructorBank.AsNoTracking()
                              join t in db.Teachers.AsNoTracking() on b.TeacherId equals t.Id
                              where b.UniversityId == a.UniversityId && b.RemovedAt == null
                              orderby t.StaffNumber
                              select new
                              {
                                  t.StaffNumber, t.Name, t.IsPartyMember,
                                  guiding = db.InstructorAppointments.Count(x => x.TeacherId == t.Id && x.EndedAt == null && x.EndsAt > now),
                              }).ToListAsync(ct);
            return Results.Ok(rows);
        }).WithTags("Reference").WithSummary("The instructor bank (AS-2.1)");

        v1.MapGet("/associations", async (CurrentActor current, ReformFlowDb db, CancellationToken ct) =>
        {
            var a = await current.GetAsync(ct);
            var rows = await db.Associations.AsNoTracking().Where(x => x.UniversityId == a.UniversityId).OrderBy(x => x.RegistrationNumber)
                .Select(x => new
                {
                    x.Id, x.RegistrationNumber, x.Name, x.Category, x.Status, x.RegisteredAt,
                    members = db.Memberships.Count(m => m.AssociationId == x.Id && m.LeftAt == null),
                }).ToListAsync(ct);
            return Results.Ok(rows);
        }).WithTags("Associations").WithSummary("Registered associations of my university");
    }
}
