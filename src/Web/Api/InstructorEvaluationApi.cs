using ReformFlow.Domain.Associations;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Instructors;

namespace ReformFlow.Web.Api;

public sealed record RateBody(EvaluationResult? Rating, string? Comment = null);
public sealed record EvaluationActionBody(string? Comment = null, int? ExpectedVersion = null);

/// <summary>AS-2.3 / AS-2.4: the yearly instructor evaluation, with the same checks as the /Instructors/Evaluations pages.</summary>
public static class InstructorEvaluationApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/instructor-evaluations").WithTags("Instructor evaluation");

        g.MapGet("/", async ([AsParameters] ListParams list, int? year, InstructorEvaluationProcess.State? state, Guid? collegeId, HttpContext http,
            CurrentActor current, InstructorEvaluationQueries evaluations, XlsxExport export, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            var filter = new EvaluationFilter(year, state, collegeId);
            return list.IsXlsx
                ? export.Result(http.Request, "instructor-evaluations", "evaluations.title",
                    await evaluations.ListAsync(actor, XlsxExport.All(list.ToQuery()), filter, ct), Pages.Instructors.Evaluations.IndexModel.Columns)
                : TypedResults.Ok(await evaluations.ListAsync(actor, list.ToQuery(), filter, ct));
        }).WithSummary("The evaluations the caller may see, paged: all of the university for the student work department, " +
                       "the guidance unit's associations, a teacher's own, a member's associations' (q: instructor or association name or number; " +
                       "year; state; collegeId: the guidance unit's college; sort: year, teacher, association, state, ends; format=xlsx for every matching row)");

        g.MapGet("/{id:guid}", async (Guid id, CurrentActor current, InstructorEvaluationQueries q, CancellationToken ct) =>
                await q.GetAsync(await current.GetAsync(ct), id, ct) is { } view ? Results.Ok(view) : Results.NotFound())
            .WithSummary("One evaluation: state, version, rating counts (names only for the guidance unit and the student work department), history, my actions");

        g.MapPost("/{id:guid}/rate", async (Guid id, RateBody body, CurrentActor current, InstructorEvaluationService evaluations, InstructorEvaluationQueries q, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            if (body.Rating is not { } rating) throw new Domain.Common.DomainException("evaluation.rating-invalid");
            await evaluations.RateAsync(actor, id, rating, body.Comment, ct);
            return Results.Ok(await q.GetAsync(actor, id, ct));
        }).WithSummary("Rate the instructor (a current member, while the window is open): Excellent, Competent or Failed, optional comment; rating again replaces it");

        g.MapPost("/{id:guid}/actions/{action}", async (Guid id, string action, EvaluationActionBody? body, CurrentActor current,
            InstructorEvaluationService evaluations, InstructorEvaluationQueries q, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            await evaluations.ActAsync(actor, id, action, body?.Comment, body?.ExpectedVersion, ct);
            return Results.Ok(await q.GetAsync(actor, id, ct));
        }).WithSummary("CloseRating (leaders), GuidanceSubmitOpinion (comment), DecideExcellent, DecideCompetent, DecideFailed (comment required; " +
                       "ends every running appointment of the teacher). Decisions need expectedVersion; a stale one gets 409");
    }
}
