using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Organisation;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Api;

/// <summary>A bank teacher as /instructors has always answered it.</summary>
public sealed record BankReference(string StaffNumber, string Name, bool IsPartyMember, int Guiding);

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

        v1.MapGet("/tasks", async ([AsParameters] ListParams list, string? process, bool? overdue, HttpContext http, CurrentActor current, ReformFlowDb db,
                TimeProvider clock, XlsxExport export, CancellationToken ct) =>
            {
                var actor = await current.GetAsync(ct);
                var filter = new TaskFilter(process, overdue);
                return list.IsXlsx
                    ? export.Result(http.Request, "tasks", "tasks.title", await InboxQueries.ForActorAsync(db, actor, XlsxExport.All(list.ToQuery()), filter, clock.GetUtcNow(), ct), Pages.Tasks.IndexModel.Columns)
                    : TypedResults.Ok(await InboxQueries.ForActorAsync(db, actor, list.ToQuery(), filter, clock.GetUtcNow(), ct));
            })
            .WithTags("Me").WithSummary("My tasks (workflow steps and membership requests of associations I lead), oldest first, a page at a time: page, pageSize (≤ 100), sort (since|due|subject, -key descending), q (subject), process, overdue; format=xlsx for every matching row");

        v1.MapGet("/tasks/done", async ([AsParameters] ListParams list, string? process, int? year, HttpContext http, CurrentActor current, ReformFlowDb db,
            XlsxExport export, Microsoft.Extensions.Options.IOptions<Workflows.Email.AppOptions> app, CancellationToken ct) =>
            {
                var actor = await current.GetAsync(ct);
                var filter = DoneFilter.ForYear(process, year, app.Value);
                return list.IsXlsx
                    ? export.Result(http.Request, "done", "done.title", await DoneQueries.ForActorAsync(db, actor, XlsxExport.All(list.ToQuery()), filter, ct), Pages.Tasks.DoneModel.Columns)
                    : TypedResults.Ok(await DoneQueries.ForActorAsync(db, actor, list.ToQuery(), filter, ct));
            })
            .WithTags("Me").WithSummary("What I did (已办): my workflow steps and membership decisions, newest first, a page at a time: " +
                                         "page, pageSize (≤ 100), sort (at|subject, -key descending; default newest first), q (subject), process, year (acted in, in the installation's zone); format=xlsx for every matching row");

        v1.MapGet("/org-units", async (OrgUnitKind? kind, bool? guidanceUnits, CurrentActor current, ReformFlowDb db, CancellationToken ct) =>
        {
            var a = await current.GetAsync(ct);
            // A picker for new work: deactivated units are not offered (they stay in the history that names them).
            var units = await db.OrgUnits.AsNoTracking().Where(o => o.UniversityId == a.UniversityId && o.DeactivatedAt == null && (kind == null || o.Kind == kind)).ToListAsync(ct);
            return Results.Ok(units.Where(o => guidanceUnits != true || o.CanBeGuidanceUnit).OrderBy(o => o.Kind).ThenBy(o => o.Name)
                .Select(o => new { o.Id, o.Kind, o.Name, o.NameEn, o.CollegeId }));
        }).WithTags("Reference").WithSummary("Organisation units of my university (guidanceUnits=true: those that may be business guidance units)");

        v1.MapGet("/instructors", async ([AsParameters] ListParams list, CurrentActor current, InstructorBankService bank, CancellationToken ct) =>
                TypedResults.Ok((await bank.ListAsync(await current.GetAsync(ct), list.ToQuery(), new BankFilter(), ct))
                    .Map(t => new BankReference(t.StaffNumber, t.Name, t.IsPartyMember, t.RunningAppointments))))
            .WithTags("Reference").WithSummary("The instructor bank (AS-2.1), a page at a time (see /instructor-bank for filters)");

        v1.MapGet("/associations", async ([AsParameters] ListParams list, AssociationStatus? status, AssociationCategory? category, Guid? guidanceUnitId, Guid? collegeId, int? year,
                HttpContext http, CurrentActor current, AssociationQueries associations, XlsxExport export, CancellationToken ct) =>
            {
                var actor = await current.GetAsync(ct);
                var filter = new AssociationFilter(status, category, guidanceUnitId, collegeId, year);
                return list.IsXlsx
                    ? export.Result(http.Request, "associations", "associations.title", await associations.ListAsync(actor, XlsxExport.All(list.ToQuery()), filter, ct), Pages.Associations.IndexModel.Columns)
                    : TypedResults.Ok(await associations.ListAsync(actor, list.ToQuery(), filter, ct));
            })
            .WithTags("Associations").WithSummary("Registered associations of my university, a page at a time: page, pageSize (≤ 100), " +
                                                   "sort (number|name|members|registered|status|category, -key descending), q (number, name), status, category, guidanceUnitId, collegeId, year (registered); format=xlsx for every matching row");
    }
}
