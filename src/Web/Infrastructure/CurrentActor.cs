using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Web.Infrastructure;

/// <summary>
/// The signed-in person as an <see cref="Actor"/>, loaded once per request from the database (roles may change at any
/// time). A cookie or token whose security stamp is no longer the user's, or of a locked user, yields no actor.
/// </summary>
public sealed class CurrentActor(IHttpContextAccessor http, ReformFlowDb db, IOptions<IdentityOptions> identity, TimeProvider clock)
{
    private Actor? _actor;

    public async Task<Actor?> FindAsync(CancellationToken ct = default)
    {
        if (_actor is not null) return _actor;
        var user = http.HttpContext?.User;
        var id = user?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return null;
        var stamp = user!.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return _actor = await ActorLoader.LoadSignedInAsync(db, id, stamp, clock.GetUtcNow(), ct);
    }

    /// <summary>The actor if this request has loaded them already (for synchronous readers such as <see cref="Tr.ForStudent"/>).</summary>
    public Actor? Loaded => _actor;

    public async Task<Actor> GetAsync(CancellationToken ct = default) =>
        await FindAsync(ct) ?? throw new UnauthorizedAccessException();
}
