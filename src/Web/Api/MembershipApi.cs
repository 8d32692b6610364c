using ReformFlow.Domain.Associations;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;

namespace ReformFlow.Web.Api;

public sealed record MembershipRequestBody(string? Message = null);

public sealed record RefusalBody(string? Reason = null);

/// <summary>Joining and leaving registered associations (AS-3.1, AS-3.2, AS-1.7); the same checks as the association page.</summary>
public static class MembershipApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("").WithTags("Membership");

        g.MapGet("/associations/{id:guid}", async (Guid id, HttpContext http, CurrentActor current, CancellationToken ct) =>
                await Service(http).GetAsync(await current.GetAsync(ct), id, ct) is { } view ? Results.Ok(view) : Results.NotFound())
            .WithSummary("One association: status (with its reason), instructors, member count, and where I stand (member, pending request, what I may do)");

        g.MapPost("/associations/{id:guid}/membership-requests", async (Guid id, MembershipRequestBody? body, HttpContext http, CurrentActor current, CancellationToken ct) =>
        {
            var request = await Service(http).ApplyAsync(await current.GetAsync(ct), id, body?.Message, ct);
            return Results.Created($"/api/v1/membership-requests/{request.Id}", request);
        }).WithSummary("Ask to join an association (students of its university with formal status, in fewer than 2 associations)");

        g.MapGet("/associations/{id:guid}/membership-requests", async (Guid id, HttpContext http, CurrentActor current, CancellationToken ct) =>
                Results.Ok(await Service(http).PendingRequestsAsync(await current.GetAsync(ct), id, ct)))
            .WithSummary("Requests waiting for a decision, oldest first (the association's leaders)");

        g.MapPost("/membership-requests/{id:guid}/accept", async (Guid id, HttpContext http, CurrentActor current, CancellationToken ct) =>
                Results.Ok(await Service(http).AcceptAsync(await current.GetAsync(ct), id, ct)))
            .WithSummary("Accept a request (the association's leaders); refused with AS-3.2 if the student would be in more than 2 associations");

        g.MapPost("/membership-requests/{id:guid}/refuse", async (Guid id, RefusalBody? body, HttpContext http, CurrentActor current, CancellationToken ct) =>
                Results.Ok(await Service(http).RefuseAsync(await current.GetAsync(ct), id, body?.Reason, ct)))
            .WithSummary("Refuse a request, with the reason (the association's leaders)");

        g.MapPost("/membership-requests/{id:guid}/withdraw", async (Guid id, HttpContext http, CurrentActor current, CancellationToken ct) =>
                Results.Ok(await Service(http).WithdrawAsync(await current.GetAsync(ct), id, ct)))
            .WithSummary("Withdraw my own pending request");

        g.MapPost("/associations/{id:guid}/leave", async (Guid id, HttpContext http, CurrentActor current, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            var svc = Service(http);
            await svc.LeaveAsync(actor, id, ct);
            return Results.Ok(await svc.GetAsync(actor, id, ct));
        }).WithSummary("Leave an association (members; the last leader cannot)");

        g.MapPost("/associations/{id:guid}/members/{studentNumber}/remove", async (Guid id, string studentNumber, RefusalBody? body, HttpContext http, CurrentActor current, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            var svc = Service(http);
            await svc.RemoveMemberAsync(actor, id, studentNumber, body?.Reason, ct);
            return Results.Ok(await svc.GetAsync(actor, id, ct));
        }).WithSummary("Remove a member, with the reason the member is emailed (the association's leaders; a leader cannot be removed, AS-3.3)");

        g.MapGet("/associations/{id:guid}/members", async (Guid id, [AsParameters] ListParams list, MemberRole? role, Guid? collegeId, int? year, HttpContext http,
                CurrentActor current, XlsxExport export, CancellationToken ct) =>
            {
                var actor = await current.GetAsync(ct);
                var filter = new RosterFilter(role, collegeId, year);
                return list.IsXlsx
                    ? export.Result(http.Request, "roster", "associations.roster", await Service(http).RosterAsync(actor, id, XlsxExport.All(list.ToQuery()), filter, ct),
                        Pages.Associations.DetailsModel.RosterColumns)
                    : TypedResults.Ok(await Service(http).RosterAsync(actor, id, list.ToQuery(), filter, ct));
            })
            .WithSummary("The roster (its members, instructors, guidance unit, committee, student work department), leaders first, a page at a time: " +
                         "page, pageSize (≤ 100), sort (role|number|name|college|grade|joined, -key descending), q (student number, name), role, collegeId, year (joined in); format=xlsx for every matching member");
    }

    /// <summary>The registered service, or one built from the request's services while it is not registered yet.</summary>
    internal static MembershipService Service(HttpContext http) =>
        http.RequestServices.GetRequiredService<MembershipService>();
}
