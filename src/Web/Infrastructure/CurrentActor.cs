using System.Security.Claims;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Web.Infrastructure;

/// <summary>The signed-in person as an <see cref="Actor"/>, loaded once per request from the database (roles may change at any time).</summary>
public sealed class CurrentActor(IHttpContextAccessor http, ReformFlowDb db)
{
    private Actor? _actor;

    public async Task<Actor?> FindAsync(CancellationToken ct = default)
    {
        if (_actor is not null) return _actor;
        var id = http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return null;
        return _actor = await ActorLoader.LoadAsync(db, id, ct);
    }

    public async Task<Actor> GetAsync(CancellationToken ct = default) =>
        await FindAsync(ct) ?? throw new UnauthorizedAccessException();
}
