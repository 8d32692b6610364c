using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;

namespace ReformFlow.Web.Api;

public static class AdminApi
{
    public static void Map(RouteGroupBuilder g)
    {
        g.AddEndpointFilter(async (ctx, next) =>
        {
            var actor = await ctx.HttpContext.RequestServices.GetRequiredService<CurrentActor>().GetAsync();
            return actor.Holds(Role.UniversityAdmin) ? await next(ctx) : Results.Problem(statusCode: 403, title: Workflows.Localization.Texts.Get("access.denied"));
        });

        g.MapGet("/outbox", async (OutboxStatus? status, CurrentActor current, ReformFlowDb db, CancellationToken ct) =>
        {
            var uni = (await current.GetAsync(ct)).UniversityId;
            var rows = await db.Outbox.AsNoTracking().Where(m => m.UniversityId == uni && (status == null || m.Status == status))
                .OrderByDescending(m => m.CreatedAt).Take(500).ToListAsync(ct);
            return Results.Ok(rows.Select(m => new { m.Id, m.ToAddress, m.Subject, m.Status, m.Attempts, m.LastError, m.CreatedAt, m.SentAt, m.NextAttemptAt }));
        }).WithSummary("Outgoing mail, newest first; failures stay visible here");

        g.MapPost("/outbox/{id:guid}/retry", async (Guid id, CurrentActor current, OutboxSender sender, IOutboxKicker kicker, CancellationToken ct) =>
        {
            var n = await sender.RetryAsync(id, (await current.GetAsync(ct)).UniversityId, ct);
            kicker.Kick();
            return n == 1 ? Results.NoContent() : Results.NotFound();
        }).WithSummary("Send a failed message again, or a message held after a restore");
    }
}
