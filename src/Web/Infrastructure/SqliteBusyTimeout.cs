using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ReformFlow.Web.Infrastructure;

/// <summary>
/// Sets SQLite's own busy handler on every connection. Without it Microsoft.Data.Sqlite meets a held
/// write lock by sleeping 150 ms on the thread and trying again, so under contention writers poll in
/// no order and latency grows in 150 ms steps (docs/benchmarks.md); SQLite's handler retries within
/// a few milliseconds of the lock being released.
/// </summary>
public sealed class SqliteBusyTimeout(int milliseconds) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Set(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Set(connection);
        return Task.CompletedTask;
    }

    // A pragma touches no file: setting it on every open (pooled connections included) costs microseconds.
    private void Set(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {milliseconds};";
        command.ExecuteNonQuery();
    }
}
