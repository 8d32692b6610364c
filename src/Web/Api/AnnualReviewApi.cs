using ReformFlow.Domain.Access;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.AnnualReview;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Api;

public sealed record ReportBody(string Activities, string Finances, string? Violations = null, int? ExpectedVersion = null);
/// <param name="Items">ReviewPassWithRectification: what must be rectified, one item a line (AS-1.5).</param>
/// <param name="Vote">RecordOpinion: Support, Oppose or Abstain (AS-1.8).</param>
/// <param name="Report">ReportRectification: what the leaders rectified (AS-1.5).</param>
public sealed record ReviewActionBody(string? Comment = null, int? ExpectedVersion = null, DateTimeOffset? Deadline = null,
    string? Items = null, Domain.Associations.CommitteeVote? Vote = null, string? Report = null);
public sealed record OpenCycleBody(int AcademicYear, DateTimeOffset Deadline);

public static class AnnualReviewApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/annual-reviews").WithTags("Annual review");

        g.MapGet("/", async (int? year, CurrentActor current, AnnualReviewService reviews, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            return await reviews.ProgressAsync(actor, year, ListQuery.Of(1, 1, null, null), new ReviewFilter(), ct) is { } p
                ? Results.Ok(new { p.Cycle.AcademicYear, p.Cycle.OpenedAt, p.Cycle.Deadline, byState = p.ByState, overdue = p.Overdue, reports = p.Rows.Total })
                : Results.NotFound();
        }).WithSummary("The cycle at a glance: counts by state, overdue reports and the number of reports, over the reports I may read (AS-1.5); the reports themselves are at /annual-reviews/reports");

        g.MapGet("/reports", async ([AsParameters] ListParams list, int? year, AnnualReviewProcess.State? state, Guid? collegeId, HttpContext http,
            CurrentActor current, AnnualReviewService reviews, XlsxExport export, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            var filter = new ReviewFilter(state, collegeId);
            if (list.IsXlsx)
                return await reviews.ProgressAsync(actor, year, XlsxExport.All(list.ToQuery()), filter, ct) is { } all
                    ? export.Result(http.Request, "annual-reviews", "review.title", all.Rows, Pages.Associations.Review.IndexModel.Columns)
                    : Results.NotFound();
            return await reviews.ProgressAsync(actor, year, list.ToQuery(), filter, ct) is { } p ? TypedResults.Ok(p.Rows) : Results.NotFound();
        }).WithSummary("The reports of a cycle I may read, paged (q: registration number or name; state; collegeId: the guidance unit's college; year: the academic year, the newest cycle by default; sort: number, name, state, due; format=xlsx for every matching row)");

        g.MapPost("/cycles", async (OpenCycleBody body, CurrentActor current, AnnualReviewService reviews, CancellationToken ct) =>
        {
            var cycle = await reviews.OpenCycleAsync(await current.GetAsync(ct), body.AcademicYear, body.Deadline, ct);
            return Results.Ok(new { cycle.Id, cycle.AcademicYear, cycle.OpenedAt, cycle.Deadline });
        }).WithSummary("Open a cycle now (student work department); the daily job opens it on the configured date anyway");

        g.MapGet("/{id:guid}", async (Guid id, CurrentActor current, AnnualReviewQueries q, CancellationToken ct) =>
            await q.GetAsync(await current.GetAsync(ct), id, ct) is { } view ? Results.Ok(view) : Results.NotFound())
            .WithSummary("One association's annual review: report, state, version, history, my actions");

        g.MapPost("/{id:guid}/report", async (Guid id, ReportBody body, CurrentActor current, AnnualReviewService reviews, AnnualReviewQueries q, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            await reviews.SubmitAsync(actor, id, new ReportInput(body.Activities, body.Finances, body.Violations), body.ExpectedVersion, ct);
            return Results.Ok(await q.GetAsync(actor, id, ct));
        }).WithSummary("Submit the annual report (association leaders)");

        g.MapPost("/{id:guid}/actions/{action}", async (Guid id, string action, ReviewActionBody? body, CurrentActor current, AnnualReviewService reviews, AnnualReviewQueries q, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            await reviews.ActAsync(actor, id, action, body?.Comment, body?.ExpectedVersion,
                new DecisionInput(body?.Deadline, body?.Items, body?.Vote, body?.Report), ct);
            return Results.Ok(await q.GetAsync(actor, id, ct));
        }).WithSummary("InstructorConfirm, GuidanceSubmitOpinion, RecordOpinion (vote), ReviewPass, ReviewPassWithRectification (deadline, items), ReviewFail, "
            + "CancelForMissedDeadline, ExtendDeadline (deadline), ReportRectification (report), CloseRectification, ReturnRectification, FailRectification");
    }
}
