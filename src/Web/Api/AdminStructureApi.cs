using Microsoft.AspNetCore.Http.HttpResults;
using ReformFlow.Domain.Organisation;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Organisation;

namespace ReformFlow.Web.Api;

/// <summary>
/// The university's structure for its administrators: colleges, majors, classes and organisation units. Lists take
/// ?q= (code or name) and ?page= (50 a page); deactivate and reactivate instead of delete. The same service as /Admin/Structure.
/// </summary>
public static class AdminStructureApi
{
    /// <summary>Mapped into the admin group, whose filter lets only administrators in; the service checks the university again.</summary>
    public static void Map(RouteGroupBuilder admin)
    {
        var g = admin.MapGroup("/structure");

        g.MapGet("/colleges", async (string? q, int? page, CurrentActor current, StructureQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.CollegesAsync(await UniAsync(current, ct), q, page ?? 1, ct)))
            .WithSummary("Colleges, 50 a page, searched by code or name");
        g.MapPost("/colleges", async (CollegeForm body, CurrentActor current, StructureService service, CancellationToken ct) =>
        {
            var c = await service.CreateCollegeAsync(await current.GetAsync(ct), body, ct);
            return TypedResults.Created($"/api/v1/admin/structure/colleges/{c.Id}", new { c.Id, c.Code, c.Name, c.NameEn, c.IsActive });
        }).WithSummary("Add a college: code, Chinese and English name, each unique in the university");
        g.MapPut("/colleges/{id:guid}", async (Guid id, CollegeForm body, CurrentActor current, StructureService service, CancellationToken ct) =>
        {
            var c = await service.EditCollegeAsync(await current.GetAsync(ct), id, body, ct);
            return TypedResults.Ok(new { c.Id, c.Code, c.Name, c.NameEn, c.IsActive });
        }).WithSummary("Change a college's code or names");

        g.MapGet("/majors", async (string? q, int? page, Guid? collegeId, CurrentActor current, StructureQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.MajorsAsync(await UniAsync(current, ct), collegeId, q, page ?? 1, ct)))
            .WithSummary("Majors, optionally of one college, 50 a page, searched by name");
        g.MapPost("/majors", async (MajorForm body, CurrentActor current, StructureService service, CancellationToken ct) =>
        {
            var m = await service.CreateMajorAsync(await current.GetAsync(ct), body, ct);
            return TypedResults.Created($"/api/v1/admin/structure/majors/{m.Id}", new { m.Id, m.CollegeId, m.Name, m.NameEn, m.IsActive });
        }).WithSummary("Add a major to an active college; its name is unique in the college");
        g.MapPut("/majors/{id:guid}", async (Guid id, MajorForm body, CurrentActor current, StructureService service, CancellationToken ct) =>
        {
            var m = await service.EditMajorAsync(await current.GetAsync(ct), id, body, ct);
            return TypedResults.Ok(new { m.Id, m.CollegeId, m.Name, m.NameEn, m.IsActive });
        }).WithSummary("Rename a major");

        g.MapGet("/classes", async (string? q, int? page, Guid? majorId, Guid? collegeId, int? grade, CurrentActor current, StructureQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.ClassesAsync(await UniAsync(current, ct), majorId, collegeId, grade, q, page ?? 1, ct)))
            .WithSummary("Classes, optionally of one major, college or grade, 50 a page, searched by name");
        g.MapPost("/classes", async (ClassForm body, CurrentActor current, StructureService service, CancellationToken ct) =>
        {
            var c = await service.CreateClassAsync(await current.GetAsync(ct), body, ct);
            return TypedResults.Created($"/api/v1/admin/structure/classes/{c.Id}", new { c.Id, c.MajorId, c.Grade, c.Name, c.NameEn, c.IsActive });
        }).WithSummary("Add a class (行政班) of an active major and a grade; its name is unique in the university");
        g.MapPut("/classes/{id:guid}", async (Guid id, ClassForm body, CurrentActor current, StructureService service, CancellationToken ct) =>
        {
            var c = await service.EditClassAsync(await current.GetAsync(ct), id, body, ct);
            return TypedResults.Ok(new { c.Id, c.MajorId, c.Grade, c.Name, c.NameEn, c.IsActive });
        }).WithSummary("Change a class's grade or names");

        g.MapGet("/units", async (string? q, int? page, OrgUnitKind? kind, Guid? collegeId, CurrentActor current, StructureQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.UnitsAsync(await UniAsync(current, ct), kind, collegeId, q, page ?? 1, ct)))
            .WithSummary("Organisation units, optionally of one kind or college, 50 a page, searched by name");
        g.MapPost("/units", async (UnitForm body, CurrentActor current, StructureService service, CancellationToken ct) =>
        {
            var u = await service.CreateUnitAsync(await current.GetAsync(ct), body, ct);
            return TypedResults.Created($"/api/v1/admin/structure/units/{u.Id}", new { u.Id, u.Kind, u.Name, u.NameEn, u.CollegeId, u.IsActive });
        }).WithSummary("Add an organisation unit of any kind (optionally of a college); its name is unique among units of its kind");
        g.MapPut("/units/{id:guid}", async (Guid id, UnitForm body, CurrentActor current, StructureService service, CancellationToken ct) =>
        {
            var u = await service.EditUnitAsync(await current.GetAsync(ct), id, body, ct);
            return TypedResults.Ok(new { u.Id, u.Kind, u.Name, u.NameEn, u.CollegeId, u.IsActive });
        }).WithSummary("Rename an organisation unit or move it to another college");

        g.MapPost("/{kind}/{id:guid}/deactivate", (string kind, Guid id, CurrentActor current, StructureService service, CancellationToken ct) =>
                SetActiveAsync(kind, id, false, current, service, ct))
            .WithSummary("Deactivate a college, major, class or unit (kind: colleges, majors, classes, units): kept in history, no longer offered for new work");
        g.MapPost("/{kind}/{id:guid}/reactivate", (string kind, Guid id, CurrentActor current, StructureService service, CancellationToken ct) =>
                SetActiveAsync(kind, id, true, current, service, ct))
            .WithSummary("Make a deactivated college, major, class or unit available again");
    }

    private static async Task<Results<NoContent, NotFound>> SetActiveAsync(string kind, Guid id, bool active, CurrentActor current, StructureService service, CancellationToken ct)
    {
        if (KindOf(kind) is not { } k) return TypedResults.NotFound();
        await service.SetActiveAsync(await current.GetAsync(ct), k, id, active, ct);
        return TypedResults.NoContent();
    }

    internal static StructureKind? KindOf(string segment) => segment.ToLowerInvariant() switch
    {
        "colleges" => StructureKind.College, "majors" => StructureKind.Major, "classes" => StructureKind.Class, "units" => StructureKind.Unit, _ => null,
    };

    private static async Task<Guid> UniAsync(CurrentActor current, CancellationToken ct) =>
        (await current.GetAsync(ct)).UniversityId ?? throw new Workflows.Runtime.ForbiddenActionException(new Domain.Common.Reason(null, "access.denied"));
}
