using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Web.Infrastructure;

public sealed class DatabaseHealthCheck(ReformFlowDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
            var universities = await db.Universities.CountAsync(ct);
            return pending == 0
                ? HealthCheckResult.Healthy($"{universities} universities")
                : HealthCheckResult.Degraded($"{pending} migrations not applied");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("database unreachable", ex);
        }
    }
}

/// <summary>Healthy when a Hangfire server has sent a heartbeat recently: otherwise reminders and mail stop.</summary>
public sealed class JobServerHealthCheck(JobStorage storage, IConfiguration config) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!config.GetValue("Jobs:RunServer", true))
            return Task.FromResult(HealthCheckResult.Healthy("job server disabled on this node"));
        var servers = storage.GetMonitoringApi().Servers();
        var alive = servers.Count(s => s.Heartbeat is { } h && DateTime.UtcNow - h < TimeSpan.FromMinutes(2));
        return Task.FromResult(alive > 0
            ? HealthCheckResult.Healthy($"{alive} job server(s)")
            : HealthCheckResult.Unhealthy("no job server heartbeat"));
    }
}
