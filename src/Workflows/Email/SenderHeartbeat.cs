using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Email;

/// <summary>
/// Keeps this process's <see cref="SenderInstance"/> row fresh while it runs, so other processes on the same
/// database (and a restarted one) can tell its outbox claims from those of a process that is gone. A graceful
/// stop deletes the row; a kill leaves it to go stale after <see cref="SenderInstance.Lease"/>.
/// </summary>
public sealed class SenderHeartbeat(IServiceScopeFactory scopes, ThisSender self, TimeProvider clock, ILogger<SenderHeartbeat> log)
    : IHostedService, IDisposable
{
    /// <summary>Rows of processes gone longer than this are deleted at start; they only matter for a few seconds.</summary>
    private static readonly TimeSpan Forget = TimeSpan.FromDays(1);

    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private string? _connectionString;

    public async Task StartAsync(CancellationToken ct)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReformFlowDb>();
            _connectionString = db.Database.GetConnectionString();
            var now = clock.GetUtcNow();
            var forget = now - Forget;
            await db.SenderInstances.Where(i => i.HeartbeatAt < forget).ExecuteDeleteAsync(ct);
            await BeatAsync(db, ct);
        }
        _loop = LoopAsync(_stop.Token);
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(SenderInstance.HeartbeatInterval, ct);
                await using var scope = scopes.CreateAsyncScope();
                await BeatAsync(scope.ServiceProvider.GetRequiredService<ReformFlowDb>(), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A missed beat is harmless unless beats stay missing for the whole lease.
                log.LogWarning(e, "Sender heartbeat failed");
            }
        }
    }

    /// <summary>Updates the row, or (re)creates it: a restore replaces the database file under no running process, but be safe.</summary>
    private async Task BeatAsync(ReformFlowDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await db.SenderInstances.Where(i => i.Id == self.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.HeartbeatAt, now), ct) > 0) return;
        db.SenderInstances.Add(new SenderInstance
        {
            Id = self.Id, Host = $"{Environment.MachineName} pid {Environment.ProcessId}", StartedAt = now, HeartbeatAt = now,
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task StopAsync(CancellationToken ct)
    {
        // A host disposed before it is stopped (seen in the test suite) has disposed this service already, and Dispose
        // cancelled the loop: nothing is left to stop.
        try { await _stop.CancelAsync(); }
        catch (ObjectDisposedException) { return; }
        await _loop;
        try
        {
            // A context of its own: the host may already have disposed its services when it stops.
            await using var db = new ReformFlowDb(new DbContextOptionsBuilder<ReformFlowDb>().UseSqlite(_connectionString).Options);
            await db.SenderInstances.Where(i => i.Id == self.Id).ExecuteDeleteAsync(ct);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not remove this process's sender row; it goes stale in {Lease}", SenderInstance.Lease);
        }
    }

    public void Dispose()
    {
        // Cancel before disposing: disposing alone would leave the loop beating on a disposed container.
        try { _stop.Cancel(); }
        catch (ObjectDisposedException) { }
        _stop.Dispose();
    }
}
