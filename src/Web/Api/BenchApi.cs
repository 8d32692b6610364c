using ReformFlow.Workflows.Data;

namespace ReformFlow.Web.Api;

/// <summary>
/// The benchmark's ceiling: one HTTP request that commits one row to the application's own database,
/// through the same host, DbContext and connection string as every workflow operation.
/// Exists only when <c>Bench:Enabled</c> is true (set by bench/ReformFlow.Bench); never in production.
/// </summary>
public static class BenchApi
{
    public static void Map(WebApplication app)
    {
        if (!app.Configuration.GetValue("Bench:Enabled", false)) return;

        app.MapPost("/api/v1/bench/ceiling", async (ReformFlowDb db, CancellationToken ct) =>
        {
            db.Counters.Add(new Counter { Name = "bench:" + Guid.NewGuid().ToString("N"), Value = 1 });
            await db.SaveChangesAsync(ct);
            return Results.NoContent();
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
