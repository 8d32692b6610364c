using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using ReformFlow.Workflows.Email;

namespace ReformFlow.Workflows.Data;

/// <summary>A backup or restore that cannot be done; the message says why and what to do, and nothing was changed.</summary>
public sealed class BackupException(string message) : Exception(message);

public sealed record BackupResult(string File, long Bytes, string LastMigration);

/// <summary>What a restore did: where the previous database was kept, and what became of the mail that was not sent in the copy.</summary>
public sealed record RestoreResult(string Database, string? PreviousKeptAs, string LastMigration, int MailMarkedSent, int MailToSend, int MailHeld);

/// <summary>
/// Online backup with SQLite's backup API, and restore, for administrators (README "Backup and restore",
/// docs/decisions/0010). The backup is one consistent snapshot taken while the app keeps writing (WAL:
/// the copy reads one snapshot in a single step, writers go on). A restore refuses while any app process
/// is running on the database, checks the backup, keeps the current file aside, and makes sure mail that
/// the live system already sent after the backup was taken is not sent again.
/// </summary>
public static class DatabaseBackup
{
    // Every connection here is unpooled, so no file stays open once a step is done (and no pool of the
    // running app's is touched when this runs inside it, as in the tests).
    public static BackupResult Backup(string connectionString, string target)
    {
        var source = DataSource(connectionString);
        var file = Path.GetFullPath(target);
        if (!File.Exists(source)) throw new BackupException($"There is no database at {source}: check ConnectionStrings__ReformFlow.");
        if (SamePath(file, source)) throw new BackupException("The backup cannot be written over the database itself; name another file.");
        if (File.Exists(file)) throw new BackupException($"{file} already exists; a backup never overwrites a file. Name a new file.");
        var folder = Path.GetDirectoryName(file)!;
        if (!Directory.Exists(folder)) throw new BackupException($"Cannot write the backup to {file}: the folder {folder} does not exist.");
        // Written under a temporary name and renamed when complete and checked, so a file with the
        // backup's name is always a whole backup.
        var partial = file + ".partial";
        try
        {
            using (File.Create(partial)) { }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new BackupException($"Cannot write the backup to {file}: {e.Message}");
        }
        try
        {
            string last;
            using (var src = Open(connectionString, readOnly: true))
            using (var dst = Open(Cs(partial), readOnly: false))
            {
                last = LastMigration(src) ?? throw new BackupException($"{source} is not a ReformFlow database (no migrations history).");
                // One step: the whole copy reads one snapshot, so it is consistent however many writes run meanwhile.
                src.BackupDatabase(dst);
                // One self-contained file (no -wal beside it), checked before it gets its name.
                Exec(dst, "PRAGMA journal_mode=DELETE;");
                CheckIntegrity(dst, file);
            }
            File.Move(partial, file);
            return new BackupResult(file, new FileInfo(file).Length, last);
        }
        catch (SqliteException e)
        {
            throw new BackupException($"The backup to {file} failed: {e.Message}");
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Replaces the database with <paramref name="backupFile"/>. Refuses while an app process is running on
    /// it (a fresh <see cref="SenderInstance"/> heartbeat), and refuses a file that is not an intact ReformFlow
    /// database of this version or older. The current file is kept beside it as *.before-restore-{time}.
    /// Mail the copy had not sent: Sent if the current database says it was sent, still to send if the
    /// current database says it was not, otherwise Held for an administrator (never sent twice automatically).
    /// </summary>
    public static async Task<RestoreResult> RestoreAsync(string connectionString, string backupFile, TimeProvider clock)
    {
        var database = DataSource(connectionString);
        var backup = Path.GetFullPath(backupFile);
        if (!File.Exists(backup)) throw new BackupException($"There is no backup at {backup}.");
        if (SamePath(backup, database)) throw new BackupException("The backup is the database itself; name the backup file.");
        var now = clock.GetUtcNow();
        var live = File.Exists(database) ? await ReadLiveAsync(database, now) : null;

        var restoring = database + ".restoring";
        DeleteWithCompanions(restoring);
        try
        {
            // Through SQLite rather than a file copy, so a backup still in WAL mode comes with its -wal.
            using (var src = Open(Cs(backup), readOnly: true))
            using (var dst = Open(Cs(restoring), readOnly: false))
            {
                if (LastMigration(src) is null) throw new BackupException($"{backup} is not a ReformFlow database (no migrations history).");
                src.BackupDatabase(dst);
                CheckIntegrity(dst, backup);
            }
        }
        catch (SqliteException e)
        {
            DeleteWithCompanions(restoring);
            throw new BackupException($"{backup} cannot be read as a database: {e.Message}");
        }
        catch
        {
            DeleteWithCompanions(restoring);
            throw;
        }

        RestoreResult result;
        try
        {
            result = await PrepareCopyAsync(restoring, database, live, now);
        }
        catch (SqliteException e)
        {
            DeleteWithCompanions(restoring);
            throw new BackupException($"{backup} could not be brought up to this version: {e.Message}");
        }
        catch
        {
            DeleteWithCompanions(restoring);
            throw;
        }

        string? keptAs = null;
        if (File.Exists(database))
        {
            keptAs = $"{database}.before-restore-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";
            // Checkpointed when readable, so the kept file stands alone; its -wal/-shm move with it anyway.
            if (live is not null) TryCheckpoint(database);
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                if (File.Exists(database + suffix)) File.Move(database + suffix, keptAs + suffix);
        }
        File.Move(restoring, database);
        return result with { PreviousKeptAs = keptAs };
    }

    /// <summary>The current database's view: whether an app runs on it, and the fate of each message. Null when unreadable.</summary>
    private static async Task<Dictionary<Guid, (OutboxStatus Status, DateTimeOffset? SentAt)>?> ReadLiveAsync(string database, DateTimeOffset now)
    {
        try
        {
            await using var db = Context(Cs(database, SqliteOpenMode.ReadWrite));
            var tables = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync();
            if (tables.Contains("SenderInstances"))
            {
                var alive = now - SenderInstance.Lease;
                var running = await db.SenderInstances.AsNoTracking().Where(i => i.HeartbeatAt >= alive).ToListAsync();
                if (running.Count > 0)
                {
                    var r = running[0];
                    throw new BackupException($"ReformFlow is running on {database} ({r.Host}, last seen {(now - r.HeartbeatAt).TotalSeconds:0} s ago). "
                        + $"Stop every app process first; a process that was killed counts as running for {SenderInstance.Lease.TotalSeconds:0} s after its last heartbeat.");
                }
            }
            if (!tables.Contains("Outbox")) return null;
            var rows = await db.Outbox.AsNoTracking().Select(m => new { m.Id, m.Status, m.SentAt }).ToListAsync();
            return rows.ToDictionary(m => m.Id, m => (m.Status, m.SentAt));
        }
        catch (SqliteException)
        {
            return null; // unreadable (damaged, or not a database): every open message of the copy is held
        }
    }

    /// <summary>Brings the copy to this version's schema and applies the mail rule; checks it was not made by a newer version.</summary>
    private static async Task<RestoreResult> PrepareCopyAsync(string restoring, string database, Dictionary<Guid, (OutboxStatus Status, DateTimeOffset? SentAt)>? live, DateTimeOffset now)
    {
        await using var db = Context(Cs(restoring));
        var known = db.Database.GetMigrations().ToHashSet();
        var applied = await db.Database.GetAppliedMigrationsAsync();
        if (applied.FirstOrDefault(m => !known.Contains(m)) is { } newer)
            throw new BackupException($"The backup was made by a newer version of ReformFlow (migration {newer}); restore it with that version.");
        await db.Database.MigrateAsync();

        await db.SenderInstances.ExecuteDeleteAsync();
        int sent = 0, toSend = 0, held = 0;
        var open = await db.Outbox.Where(m => m.Status != OutboxStatus.Sent && m.Status != OutboxStatus.Held).ToListAsync();
        foreach (var m in open)
        {
            m.ClaimedBy = null;
            var fate = live is not null && live.TryGetValue(m.Id, out var f) ? f : ((OutboxStatus Status, DateTimeOffset? SentAt)?)null;
            switch (fate?.Status)
            {
                case OutboxStatus.Sent:
                    m.Status = OutboxStatus.Sent;
                    m.SentAt = fate.Value.SentAt;
                    m.LastError = null;
                    sent++;
                    break;
                case OutboxStatus.Pending or OutboxStatus.Failed:
                    // The live system had not sent it: the copy's own state stands (a claim in the copy is void).
                    if (m.Status == OutboxStatus.Sending) { m.Status = OutboxStatus.Pending; m.NextAttemptAt = now; }
                    if (m.Status == OutboxStatus.Pending) toSend++;
                    break;
                default:
                    // Sending or Held in the live database, unknown to it, or no readable live database: nobody can say.
                    if (m.Status == OutboxStatus.Failed) break;
                    m.Status = OutboxStatus.Held;
                    m.LastError = "Held after restoring a backup: it may have been sent after the backup was taken. Check, then send it or leave it.";
                    held++;
                    break;
            }
        }
        await db.SaveChangesAsync();
        var last = (await db.Database.GetAppliedMigrationsAsync()).Last();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=DELETE;");
        return new RestoreResult(database, null, last, sent, toSend, held);
    }

    private static ReformFlowDb Context(string connectionString) =>
        new(new DbContextOptionsBuilder<ReformFlowDb>().UseSqlite(connectionString).Options);

    private static string Cs(string file, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate) =>
        new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString();

    private static string DataSource(string connectionString) =>
        Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);

    private static SqliteConnection Open(string connectionString, bool readOnly)
    {
        var b = new SqliteConnectionStringBuilder(connectionString)
        {
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate, Pooling = false,
        };
        var c = new SqliteConnection(b.ToString());
        c.Open();
        Exec(c, "PRAGMA busy_timeout = 60000;");
        return c;
    }

    private static string? LastMigration(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'";
        if (cmd.ExecuteScalar() is null) return null;
        cmd.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1";
        return cmd.ExecuteScalar() as string;
    }

    private static void CheckIntegrity(SqliteConnection c, string what)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check;";
        var answer = cmd.ExecuteScalar() as string;
        if (answer != "ok") throw new BackupException($"{what} failed SQLite's integrity check: {answer}");
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static void TryCheckpoint(string database)
    {
        try
        {
            using var c = Open(Cs(database), readOnly: false);
            Exec(c, "PRAGMA wal_checkpoint(TRUNCATE);");
        }
        catch (SqliteException)
        {
            // The -wal file moves with it.
        }
    }

    private static void DeleteWithCompanions(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" }) File.Delete(path + suffix);
    }

    private static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}
