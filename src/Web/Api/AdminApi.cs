using ReformFlow.Domain.Access;
using ReformFlow.Web.Infrastructure;
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

        g.MapGet("/outbox", async ([AsParameters] ListParams list, OutboxStatus? status, int? year, HttpContext http, CurrentActor current,
            OutboxQueries outbox, XlsxExport export, CancellationToken ct) =>
        {
            var uni = (await current.GetAsync(ct)).UniversityId;
            var filter = new OutboxFilter(status, year);
            return list.IsXlsx
                ? export.Result(http.Request, "outbox", "outbox.title", await outbox.ListAsync(uni, XlsxExport.All(list.ToQuery()), filter, ct), Pages.Admin.OutboxModel.Columns)
                : TypedResults.Ok(await outbox.ListAsync(uni, list.ToQuery(), filter, ct));
        }).WithSummary("Outgoing mail, newest first, paged (q: recipient or subject; status; year written; sort: created, to, subject, status, attempts; format=xlsx for every matching row); failures stay visible here");

        g.MapPost("/outbox/{id:guid}/retry", async (Guid id, CurrentActor current, OutboxSender sender, IOutboxKicker kicker, CancellationToken ct) =>
        {
            var n = await sender.RetryAsync(id, (await current.GetAsync(ct)).UniversityId, ct);
            kicker.Kick();
            return n == 1 ? Results.NoContent() : Results.NotFound();
        }).WithSummary("Send a failed message again, or a message held after a restore");
    }
}
