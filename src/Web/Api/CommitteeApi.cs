using Microsoft.AspNetCore.Http.HttpResults;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;

namespace ReformFlow.Web.Api;

/// <summary>The end of a seat: <c>on</c> (yyyy-MM-dd) defaults to today.</summary>
public sealed record EndSeatBody(DateOnly? On = null);

/// <summary>
/// AS-1.8: the association review committee's composition. Its chair, members and the student work department read it;
/// the university's administrators record and end seats (a seat grants its committee roles, its end removes them).
/// </summary>
public static class CommitteeApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/committee").WithTags("Associations");

        g.MapGet("/", async Task<Ok<CommitteeView>> (CurrentActor current, CommitteeQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.GetAsync(await current.GetAsync(ct), ct)))
            .WithSummary("The committee: current and past seats, missing constituencies, role assignments without a seat (AS-1.8)");

        g.MapPost("/seats", async Task<Created<SeatRow>> (SeatForm body, CurrentActor current, CommitteeService service, CommitteeQueries queries, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            var seat = await service.AddSeatAsync(actor, body, ct);
            var row = (await queries.GetAsync(actor, ct)).Current.Single(s => s.Id == seat.Id);
            return TypedResults.Created($"/api/v1/committee/seats/{seat.Id}", row);
        }).WithSummary("Seat someone (administrators): userName, role (Chair|Member), constituency (PartyLeader|StudentWorkDepartment|"
                       + "RelevantDepartment|Expert), departmentId for a relevant department, since; the chair must be the party-committee leader in charge");

        g.MapPost("/seats/{id:guid}/end", async Task<Ok<SeatRow>> (Guid id, EndSeatBody? body, CurrentActor current, CommitteeService service, CommitteeQueries queries, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            await service.EndSeatAsync(actor, id, body?.On, ct);
            return TypedResults.Ok((await queries.GetAsync(actor, ct)).Past.Single(s => s.Id == id));
        }).WithSummary("End a seat (administrators); its committee roles are removed");
    }
}
