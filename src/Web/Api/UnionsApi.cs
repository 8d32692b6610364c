using ReformFlow.Domain.Organisation;
using ReformFlow.Domain.Unions;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Unions;

namespace ReformFlow.Web.Api;

public sealed record CreateUnionBody(UnionLevel Level, Guid? CollegeId = null);
public sealed record DepartmentBody(string Name, string NameEn, string? Justification = null);
/// <summary>The reason is required; left out, the domain refuses with its own message (union.end-reason-required).</summary>
public sealed record EndPositionBody(string? Reason = null);
public sealed record NominateBody(SelectionChain Chain, Guid UnionId, string StudentNumber, PositionKind Kind, string Statement, Guid? DepartmentId = null, string? Justification = null);
public sealed record NominationActionBody(string? Comment = null, int? ExpectedVersion = null, string? Justification = null, NominationDraft? Draft = null);
public sealed record AcademicRecordBody(string StudentNumber, decimal MajorRankPercentile, decimal ClassRankPercentile, int FailedCourses, PoliticalStatus? PoliticalStatus = null);
public sealed record AcademicRecordsBody(IReadOnlyList<AcademicRecordBody> Records);

/// <summary>Student unions (SU-3.x, SU-5.5), the three selection chains (SU-5.2 … SU-5.4) and academic data (SU-4.x).</summary>
public static class UnionsApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var u = v1.MapGroup("/unions").WithTags("Student unions");
        u.MapGet("/", async ([AsParameters] ListParams list, UnionLevel? level, Guid? collegeId, HttpContext http,
            CurrentActor current, UnionQueries q, XlsxExport export, Tr texts, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            var filter = new UnionFilter(level, collegeId);
            return list.IsXlsx
                ? export.Result(http.Request, "unions", "unions.title", await q.ListAsync(actor, XlsxExport.All(list.ToQuery()), filter, ct),
                    Pages.Unions.IndexModel.Columns(texts))
                : TypedResults.Ok(await q.ListAsync(actor, list.ToQuery(), filter, ct));
        }).WithSummary("The university's unions with staff counts and every size rule they break now (SU-3.1 … SU-3.3), a page at a time: " +
                       "page, pageSize (≤ 100), sort (level|name, -key descending), q (name), level, collegeId; format=xlsx for every matching row");
        u.MapPost("/", async (CreateUnionBody body, CurrentActor current, UnionService s, CancellationToken ct) =>
        {
            var union = await s.CreateUnionAsync(await current.GetAsync(ct), body.Level, body.CollegeId, ct);
            return Results.Created($"/api/v1/unions/{union.Id}", new { union.Id, union.Level, union.Name, union.NameEn });
        }).WithSummary("Create the school-level or graduate union (school league committee) or a college union (that college's league organisation)");
        u.MapGet("/{id:guid}", async (Guid id, CurrentActor current, UnionQueries q, CancellationToken ct) =>
            await q.GetAsync(await current.GetAsync(ct), id, ct) is { } v ? Results.Ok(v) : Results.NotFound())
            .WithSummary("Presidium, departments, size findings, composition (SU-5.5), flags and nominations (officials)");
        u.MapPost("/{id:guid}/departments", async (Guid id, DepartmentBody body, CurrentActor current, UnionService s, CancellationToken ct) =>
        {
            var d = await s.AddDepartmentAsync(await current.GetAsync(ct), id, body.Name ?? "", body.NameEn ?? "", body.Justification, ct);
            return Results.Created($"/api/v1/unions/{id}", new { d.Id, d.Name, d.NameEn });
        }).WithSummary("Add a working department; a 7th school-level department needs a justification (SU-3.2)");
        u.MapPost("/positions/{positionId:guid}/chair", async (Guid positionId, CurrentActor current, UnionService s, CancellationToken ct) =>
        {
            await s.MakeChairAsync(await current.GetAsync(ct), positionId, ct);
            return Results.NoContent();
        }).WithSummary("Name the chair from the presidium, by rotation (SU-2.1)");
        u.MapPost("/positions/{positionId:guid}/end", async (Guid positionId, EndPositionBody body, CurrentActor current, UnionService s, CancellationToken ct) =>
        {
            await s.EndPositionAsync(await current.GetAsync(ct), positionId, body.Reason ?? "", ct);
            return Results.NoContent();
        }).WithSummary("End a cadre's position, with the reason (e.g. no longer eligible, SU-4.x)");

        var n = v1.MapGroup("/nominations").WithTags("Cadre selection");
        n.MapPost("/", async (NominateBody body, CurrentActor current, UnionService s, NominationQueries q, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            var instance = await s.NominateAsync(actor, new NominateInput(body.Chain, body.UnionId, body.StudentNumber, body.Kind, body.DepartmentId, body.Statement ?? "", body.Justification), ct);
            return Results.Created($"/api/v1/nominations/{instance.Id}", await q.GetAsync(actor, instance.Id, ct));
        }).WithSummary("Put a student forward (SU-5.2/5.3: college league organisation; SU-5.4: class league branch); ineligible students are refused (SU-4.1, SU-4.2)");
        n.MapGet("/", async ([AsParameters] ListParams list, string? state, Guid? collegeId, int? year, HttpContext http,
            CurrentActor current, NominationQueries q, XlsxExport export, CancellationToken ct) =>
        {
            if (state is not null && !NominationQueries.States.Contains(state))
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"One of {string.Join(", ", NominationQueries.States)}."] });
            var actor = await current.GetAsync(ct);
            var filter = new NominationFilter(state, collegeId, year);
            return list.IsXlsx
                ? export.Result(http.Request, "nominations", "nominations.title", await q.ListAsync(actor, XlsxExport.All(list.ToQuery()), filter, ct),
                    Pages.Unions.Nominations.IndexModel.Columns)
                : TypedResults.Ok(await q.ListAsync(actor, list.ToQuery(), filter, ct));
        }).WithSummary("The nominations of every union I may open, paged, newest change first (school-wide bodies: all; college and class bodies: " +
                       "their nominees'; q: nominee name or student number, union name; state (of any chain); collegeId: the nominee's college; " +
                       "year: put forward in; sort: nominee, number, union, state, created, updated; format=xlsx for every matching row)");
        n.MapGet("/{id:guid}", async (Guid id, CurrentActor current, NominationQueries q, CancellationToken ct) =>
            await q.GetAsync(await current.GetAsync(ct), id, ct) is { } v ? Results.Ok(v) : Results.NotFound())
            .WithSummary("A nomination: nominee, eligibility now, seat findings, state, version, history, my actions");
        n.MapPost("/{id:guid}/actions/{action}", async (Guid id, string action, NominationActionBody? body, CurrentActor current, UnionService s, NominationQueries q, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            await s.ActAsync(actor, id, action, body?.Comment, body?.ExpectedVersion, body?.Justification, body?.Draft, ct);
            return Results.Ok(await q.GetAsync(actor, id, ct));
        }).WithSummary("Recommend, Edit (draft), Withdraw; CollegePartyConsent/Return/Reject; StudentWorkAgree, LeagueCommitteeAgree, JointReturn, JointReject; PartyCommitteeDetermine/Return/Reject; CollegeLeagueApprove/Return/Reject; CollegePartyDetermine/Return/Reject");

        v1.MapPut("/students/academic-records", async (AcademicRecordsBody body, CurrentActor current, AcademicRecordService s, CancellationToken ct) =>
        {
            var records = (body.Records ?? []).GroupBy(r => r.StudentNumber?.Trim() ?? "").ToDictionary(g => g.Key,
                g => new AcademicRecordInput(g.Last().MajorRankPercentile, g.Last().ClassRankPercentile, g.Last().FailedCourses, g.Last().PoliticalStatus));
            var result = await s.RecordAsync(await current.GetAsync(ct), records, ct);
            return Results.Ok(result);
        }).WithBodyLimit(RequestBodyLimits.AcademicRecords).WithTags("Students").WithSummary("New academic data (student work department): rankings, failed courses, political status; sitting cadres who no longer qualify are flagged to their league body (SU-4.1, SU-4.2)");
    }
}
