using Microsoft.AspNetCore.Http.HttpResults;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;

namespace ReformFlow.Web.Api;

/// <summary>The chair's decision: <c>reason</c> required; <c>reviewOn</c> (yyyy-MM-dd) only for Suspend, after today.</summary>
public sealed record SanctionBody(string? Reason = null, DateOnly? ReviewOn = null);

/// <summary>AS-1.10 at any time: the review committee's chair suspends, reinstates, bans or cancels an association; the same checks as its page.</summary>
public static class SanctionsApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/associations/{id:guid}/sanctions").WithTags("Associations");

        g.MapGet("/", async Task<Results<Ok<IReadOnlyList<SanctionView>>, NotFound>> (Guid id, CurrentActor current, SanctionService sanctions, CancellationToken ct) =>
                await sanctions.HistoryAsync(await current.GetAsync(ct), id, ct) is { } history ? TypedResults.Ok(history) : TypedResults.NotFound())
            .WithSummary("The committee's decisions on the association (suspended, reinstated, banned, cancelled), newest first");

        g.MapPost("/{action}", async Task<Ok<SanctionView>> (Guid id, string action, SanctionBody? body, CurrentActor current, SanctionService sanctions, CancellationToken ct) =>
        {
            if (!Enum.TryParse<SanctionAction>(action, ignoreCase: true, out var verb) || !Enum.IsDefined(verb) || int.TryParse(action, out _))
                throw new DomainException("sanction.unknown-action", action);
            return TypedResults.Ok(await sanctions.DecideAsync(await current.GetAsync(ct), id, verb, new SanctionInput(body?.Reason, body?.ReviewOn), ct));
        }).WithSummary("Suspend (reason, optional reviewOn), Reinstate (a suspended one), Ban (取缔) or Cancel (注销) — the review committee's chair " +
                       "of the association's university; banned and cancelled are final (AS-1.7, AS-1.10). Leaders, members and instructors are emailed");
    }
}
