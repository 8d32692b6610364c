using Microsoft.AspNetCore.Http.HttpResults;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Instructors;

namespace ReformFlow.Web.Api;

public sealed record RenewalProposalBody(string? StaffNumber, string? Comment = null);
public sealed record RenewalActionBody(string? Comment = null, int? ExpectedVersion = null);

/// <summary>AS-2.1, AS-2.2, AS-1.3: renewing an association's instructor, with the same checks as the renewal pages.</summary>
public static class InstructorRenewalApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var byAssociation = v1.MapGroup("/associations/{associationId:guid}/instructor-renewals").WithTags("Instructor renewal");

        byAssociation.MapGet("/", async (Guid associationId, [AsParameters] ListParams list, InstructorRenewalProcess.State? state, int? year,
                HttpContext http, CurrentActor current, InstructorRenewalQueries q, XlsxExport export, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            var filter = new RenewalFilter(state, year);
            if (list.IsXlsx)
                return await q.ListAsync(actor, associationId, XlsxExport.All(list.ToQuery()), filter, ct) is { } all
                    ? export.Result(http.Request, "instructor-renewals", "instructors.renewal-title", all, Pages.Associations.Renewals.IndexModel.Columns)
                    : Results.NotFound();
            return await q.ListAsync(actor, associationId, list.ToQuery(), filter, ct) is { } rows ? TypedResults.Ok(rows) : Results.NotFound();
        }).WithSummary("The association's instructor renewals, paged, newest first (its members, instructors, guidance unit, student work department; " +
                       "q: teacher's name or staff number; state; year: proposed in; sort: proposed, teacher, state, ends; format=xlsx for every matching row)");

        byAssociation.MapPost("/", async Task<Created<RenewalView>> (Guid associationId, RenewalProposalBody body, CurrentActor current,
            InstructorRenewalService renewals, InstructorRenewalQueries q, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            var instance = await renewals.ProposeAsync(actor, associationId, body.StaffNumber, body.Comment, ct);
            return TypedResults.Created($"/api/v1/instructor-renewals/{instance.Id}", (await q.GetAsync(actor, instance.Id, ct))!);
        }).WithSummary("A leader proposes re-appointing the instructor (their staff number) or another teacher of the bank. " +
                       "Refused with every reason: not in the bank (AS-2.1), already guiding 2, not a Party member for " +
                       "ideological-political and volunteer associations (AS-2.2), more than 60 days before the term ends, one already open");

        var one = v1.MapGroup("/instructor-renewals").WithTags("Instructor renewal");

        one.MapGet("/{id:guid}", async Task<Results<Ok<RenewalView>, NotFound>> (Guid id, CurrentActor current, InstructorRenewalQueries q, CancellationToken ct) =>
                await q.GetAsync(await current.GetAsync(ct), id, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound())
            .WithSummary("One renewal: state, version, teacher, terms, history, my actions, diagram");

        one.MapPost("/{id:guid}/actions/{action}", async Task<Ok<RenewalView>> (Guid id, string action, RenewalActionBody? body, CurrentActor current,
            InstructorRenewalService renewals, InstructorRenewalQueries q, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            await renewals.ActAsync(actor, id, action, body?.Comment, body?.ExpectedVersion, ct);
            // Whoever may act on a renewal may see it (the teacher, the leaders, the guidance unit).
            return TypedResults.Ok((await q.GetAsync(actor, id, ct))!);
        }).WithSummary("AcceptInstruction, DeclineInstruction (the teacher); GuidanceApprove, GuidanceReturn, GuidanceReject (the guidance unit, " +
                       "comment required to return or reject, expectedVersion required); Resubmit, Withdraw (the leaders)");
    }
}
