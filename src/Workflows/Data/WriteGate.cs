using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ReformFlow.Workflows.Data;

/// <summary>
/// One writer at a time per database file, queued in the process without holding a thread. SQLite
/// allows one writer anyway (BEGIN IMMEDIATE, docs/decisions/0002); without this gate the waiting
/// writers each block a thread-pool thread inside SQLite's busy handler, and under load the writer that
/// holds the lock cannot get a thread to finish on (docs/benchmarks.md). Other processes on the same
/// file, and EF's own short SaveChanges transactions, still meet SQLite's busy handler: the gate is an
/// optimisation, never the guarantee.
/// </summary>
public static class WriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new();

    /// <summary>
    /// As long as SQLite's own wait. A write transaction never begins inside another one, so a wait this
    /// long means a bug (a nested write), and it ends in an error rather than a hang.
    /// </summary>
    public static TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Waits for the gate, then begins the transaction; disposing ends both.</summary>
    public static async Task<WriteTransaction> BeginWriteAsync(this ReformFlowDb db, CancellationToken ct = default)
    {
        var gate = Gates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(MaxWait, ct))
            throw new TimeoutException($"No write transaction could begin within {MaxWait.TotalSeconds:0} s.");
        try
        {
            return new WriteTransaction(await db.Database.BeginTransactionAsync(ct), gate);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }
}

/// <summary>A transaction begun behind the <see cref="WriteGate"/>: commit it, and dispose it to release the gate.</summary>
public sealed class WriteTransaction(IDbContextTransaction transaction, SemaphoreSlim gate) : IAsyncDisposable
{
    private bool _released;

    public Task CommitAsync(CancellationToken ct = default) => transaction.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.DisposeAsync();
        }
        finally
        {
            if (!_released)
            {
                _released = true;
                gate.Release();
            }
        }
    }
}
