using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Support;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Email;

namespace ReformFlow.Tests.Platform;

/// <summary>
/// Issue 7, "backup and restore": `backup FILE` writes an online backup while the app writes; `restore FILE`
/// refuses while the app runs, checks the file, keeps the old database aside, and never lets mail that the
/// live system sent after the backup go out a second time. The commands are run exactly as the README
/// gives them, through <see cref="DatabaseCommands"/> (what Program.cs calls), with the app's configuration.
/// </summary>
public sealed class BackupRestoreTests
{
    private sealed record CommandResult(int Code, string Output, string Error);

    private static async Task<CommandResult> RunAsync(string database, params string[] command)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await DatabaseCommands.RunAsync([.. command, $"--ConnectionStrings:ReformFlow=Data Source={database}"], output, error);
        return new CommandResult(code, output.ToString(), error.ToString());
    }

    /// <summary>The app on a restored database, counting what it hands to the mail transport.</summary>
    private sealed class RestoredApp(string database) : AppFactory(database)
    {
        public OutboxTests.SendLog Log { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s =>
            {
                s.AddSingleton(Log);
                s.AddScoped<IMailTransport, OutboxTests.CountingTransport>();
            });
        }
    }

    private static async Task<int> DeliverAsync(AppFactory app)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<OutboxSender>().DeliverDueAsync();
    }

    /// <summary>
    /// The database's content as bytes: whatever still sits in its write-ahead log is folded in first. The main file alone
    /// changed under a refused restore once in a while (a log left by the app's last connection, folded in by the next
    /// one to open the file), which is no change to the data.
    /// </summary>
    private static string Hash(string file)
    {
        SqliteConnection.ClearAllPools();
        if (File.Exists(file + "-wal"))
        {
            using var c = new SqliteConnection($"Data Source={file};Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            cmd.ExecuteNonQuery();
        }
        using var s = File.OpenRead(file);
        return Convert.ToHexString(SHA256.HashData(s));
    }

    [Fact]
    public async Task Security_backup_under_load_restores_every_acknowledged_write_and_sends_no_mail_twice()
    {
        var live = new AppFactory { KeepFiles = true };
        var folder = Directory.CreateTempSubdirectory("reformflow-backup-test-").FullName;
        var backup = Path.Combine(folder, "reformflow-backup.db");
        try
        {
            var kit = new FoundingKit(live);
            var body = await kit.BodyAsync("备份测试协会");
            var numbers = await kit.FreshStudentsAsync(4);
            var writers = new List<Api>();
            foreach (var n in numbers) writers.Add(await kit.As(n));

            // Writers create a draft and then withdraw it (a decision), back to back, so that no writer reaches the cap on
            // open drafts. Each acknowledged draft is recorded with the moments of both writes: Sent when the request left,
            // At when its answer came back (the commit lies between the two).
            var acknowledged = new ConcurrentBag<(Guid Id, long Sent, long At, int Writer)>();
            var withdrawn = new ConcurrentDictionary<Guid, (long Sent, long At)>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var stop = new CancellationTokenSource();
            var load = writers.Select((w, i) => Task.Run(async () =>
            {
                for (var k = 0; !stop.IsCancellationRequested; k++)
                {
                    var sent = clock.ElapsedTicks;
                    var (status, view) = await w.PostAsync("/api/v1/association-applications", body with { Name = $"备份测试协会 {i}-{k}" });
                    Assert.True(status == HttpStatusCode.Created, $"creating a draft answered {(int)status}: {view?.ToJsonString()}");
                    var id = view!["instanceId"]!.GetValue<Guid>();
                    acknowledged.Add((id, sent, clock.ElapsedTicks, i));
                    var withdrawSent = clock.ElapsedTicks;
                    await w.ActAsync(id, "Withdraw", new { expectedVersion = FoundingKit.Version(view) });
                    withdrawn[id] = (withdrawSent, clock.ElapsedTicks);
                }
            })).ToList();
            // A writer that fails ends the test with its reason rather than leaving these waits spinning.
            async Task WaitForAsync(int count)
            {
                while (acknowledged.Count < count)
                {
                    if (load.FirstOrDefault(t => t.IsFaulted) is { } failed) await failed;
                    await Task.Delay(20);
                }
            }
            await WaitForAsync(20);

            var backupStarted = clock.ElapsedTicks;
            var result = await Task.Run(() => RunAsync(live.DatabasePath, "backup", backup));
            var backupEnded = clock.ElapsedTicks;
            var duringBackup = acknowledged.Count;
            await WaitForAsync(duringBackup + 10);
            await stop.CancelAsync();
            await Task.WhenAll(load);

            Assert.True(result.Code == 0, result.Error);
            Assert.Contains("Backed up the database to " + backup, result.Output);
            Assert.False(File.Exists(backup + ".partial"));
            var beforeBackup = acknowledged.Where(a => a.At < backupStarted).ToList();
            var before = beforeBackup.Select(a => a.Id).ToList();
            var after = acknowledged.Where(a => a.Sent > backupEnded).Select(a => a.Id).ToList();
            Assert.NotEmpty(after);

            // In the live system all mail goes out after the backup; one message is then left mid-send (a process killed
            // while sending it: fate unknown), and one is put back to Pending (not sent in the live system).
            await DeliverAsync(live);
            var inBackup = await ReadBackupOutboxAsync(backup);
            var open = inBackup.Where(m => m.Value == OutboxStatus.Pending).Select(m => m.Key).ToList();
            Assert.True(open.Count >= 3, "the backup should hold mail not yet sent");
            var unknown = open[0];
            var notSent = open[1];
            await live.WithDbAsync(db => db.Outbox.Where(m => m.Id == unknown).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sending).SetProperty(m => m.ClaimedBy, Guid.NewGuid())));
            await live.WithDbAsync(db => db.Outbox.Where(m => m.Id == notSent).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending)));
            Assert.Equal(open.Count - 2, await live.WithDbAsync(db => db.Outbox.CountAsync(m => open.Contains(m.Id) && m.Status == OutboxStatus.Sent)));

            // While the app runs, restore refuses and changes nothing.
            var refused = await RunAsync(live.DatabasePath, "restore", backup);
            Assert.Equal(1, refused.Code);
            Assert.Contains("ReformFlow is running on", refused.Error);
            Assert.Contains("Stop every app process first", refused.Error);
            Assert.Empty(Directory.GetFiles(live.Directory, "*.before-restore-*"));
            Assert.Empty(Directory.GetFiles(live.Directory, "*.restoring*"));
            Assert.Equal(after.Count, await live.WithDbAsync(db => db.WorkflowInstances.CountAsync(w => after.Contains(w.Id))));

            live.Dispose(); // a graceful stop

            var restored = await RunAsync(live.DatabasePath, "restore", backup);
            Assert.True(restored.Code == 0, restored.Error);
            Assert.Contains($"Restored {live.DatabasePath} from {backup}", restored.Output);
            Assert.Contains($"{open.Count - 2} already sent by the previous database (marked Sent), 1 still to send, 1 held for an administrator", restored.Output);
            var kept = Assert.Single(Directory.GetFiles(live.Directory, "test.db.before-restore-*"), f => !f.EndsWith("-wal") && !f.EndsWith("-shm"));
            Assert.Contains($"The previous database is kept as {kept}", restored.Output);

            using var app = new RestoredApp(live.DatabasePath);
            var instances = await app.WithDbAsync(db => db.WorkflowInstances.Select(w => w.Id).ToListAsync());
            // Every write acknowledged before the backup began is there; those requested after it ended are not (a point in time).
            Assert.All(before, id => Assert.Contains(id, instances));
            Assert.All(after, id => Assert.DoesNotContain(id, instances));
            var withHistory = await app.WithDbAsync(db => db.WorkflowHistory.Where(h => before.Contains(h.InstanceId)).Select(h => h.InstanceId).Distinct().CountAsync());
            Assert.Equal(before.Count, withHistory);
            var restoredKit = new FoundingKit(app);
            foreach (var a in beforeBackup)
            {
                var (status, view) = await (await restoredKit.As(numbers[a.Writer])).GetAsync($"/api/v1/association-applications/{a.Id}");
                Assert.Equal(HttpStatusCode.OK, status);
                // Withdrawn when the withdrawal was acknowledged before the backup began, a draft when it was sent after
                // the backup ended; in between, either is a consistent point in time.
                var w = withdrawn.TryGetValue(a.Id, out var x) ? x : (Sent: long.MaxValue, At: long.MaxValue);
                if (w.At < backupStarted) Assert.Equal("Withdrawn", FoundingKit.State(view!));
                else if (w.Sent > backupEnded) Assert.Equal("Draft", FoundingKit.State(view!));
                else Assert.Contains(FoundingKit.State(view!), new[] { "Draft", "Withdrawn" });
            }

            var outbox = await app.WithDbAsync(db => db.Outbox.AsNoTracking().ToDictionaryAsync(m => m.Id));
            Assert.Equal(OutboxStatus.Held, outbox[unknown].Status);
            Assert.Equal(OutboxStatus.Pending, outbox[notSent].Status);
            Assert.All(open.Except([unknown, notSent]), id => Assert.Equal(OutboxStatus.Sent, outbox[id].Status));

            // The restored app sends only the message nobody had sent; the held one waits for an administrator.
            Assert.Equal(1, await DeliverAsync(app));
            Assert.Equal([$"{notSent:N}@reformflow"], app.Log.Sends.Keys);
            Assert.Equal(OutboxStatus.Held, (await app.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Id == unknown))).Status);
        }
        finally
        {
            live.Dispose();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(live.Directory, recursive: true); } catch (IOException) { }
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Security_backup_refuses_an_unwritable_or_existing_path_with_a_clear_message_and_writes_nothing()
    {
        using var app = new AppFactory();
        var missing = Path.Combine(app.Directory, "no-such-folder", "b.db");
        var r = await RunAsync(app.DatabasePath, "backup", missing);
        Assert.Equal(1, r.Code);
        Assert.Equal($"Cannot write the backup to {missing}: the folder {Path.GetDirectoryName(missing)} does not exist.", r.Error.Trim());
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));

        // Not even root may create files in /proc.
        r = await RunAsync(app.DatabasePath, "backup", "/proc/reformflow-backup.db");
        Assert.Equal(1, r.Code);
        Assert.StartsWith("Cannot write the backup to /proc/reformflow-backup.db: ", r.Error);
        Assert.Empty(r.Output);

        var existing = Path.Combine(app.Directory, "existing.db");
        await File.WriteAllTextAsync(existing, "keep me");
        r = await RunAsync(app.DatabasePath, "backup", existing);
        Assert.Equal(1, r.Code);
        Assert.Contains("already exists; a backup never overwrites a file", r.Error);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing));

        r = await RunAsync(app.DatabasePath, "backup", app.DatabasePath);
        Assert.Equal(1, r.Code);
        Assert.Contains("cannot be written over the database itself", r.Error);
        Assert.Empty(Directory.GetFiles(app.Directory, "*.partial"));

        r = await RunAsync(app.DatabasePath, "backup");
        Assert.Equal(2, r.Code);
        Assert.Contains("usage:", r.Error);
    }

    [Fact]
    public async Task Security_restore_refuses_a_file_that_is_not_an_intact_ReformFlow_database_and_changes_nothing()
    {
        var app = new AppFactory { KeepFiles = true };
        try
        {
            var marker = (await new FoundingKit(app).DraftAsync("恢复拒绝测试社", sponsors: 0)).Id;
            app.Dispose();
            var hash = Hash(app.DatabasePath);

            var text = Path.Combine(app.Directory, "notes.txt");
            await File.WriteAllTextAsync(text, new string('x', 8192));
            var plain = Path.Combine(app.Directory, "plain.db");
            using (var c = new SqliteConnection($"Data Source={plain};Pooling=False"))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "CREATE TABLE t(x); INSERT INTO t VALUES (1);";
                cmd.ExecuteNonQuery();
            }

            foreach (var (file, reason) in new[]
            {
                (text, "cannot be read as a database"),
                (plain, "is not a ReformFlow database (no migrations history)"),
                (Path.Combine(app.Directory, "absent.db"), "There is no backup at"),
            })
            {
                var r = await RunAsync(app.DatabasePath, "restore", file);
                Assert.Equal(1, r.Code);
                Assert.Contains(reason, r.Error);
                Assert.Equal(hash, Hash(app.DatabasePath));
                Assert.Empty(Directory.GetFiles(app.Directory, "*.before-restore-*"));
                Assert.Empty(Directory.GetFiles(app.Directory, "*.restoring*"));
            }
            using var again = new RestoredApp(app.DatabasePath);
            Assert.True(await again.WithDbAsync(db => db.WorkflowInstances.AnyAsync(w => w.Id == marker)));
        }
        finally
        {
            app.Dispose();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(app.Directory, recursive: true); } catch (IOException) { }
        }
    }

    // With no readable database to ask, nobody knows whether the copy's unsent mail went out: it is held, not sent,
    // until an administrator sends it from the outbox (page or API).
    [Fact]
    public async Task Security_restore_without_the_previous_database_holds_unsent_mail_until_an_administrator_sends_it()
    {
        var source = new AppFactory();
        var folder = Directory.CreateTempSubdirectory("reformflow-restore-test-").FullName;
        var backup = Path.Combine(folder, "b.db");
        try
        {
            await new FoundingKit(source).DraftAsync("新机器恢复社", sponsors: 2);
            var queued = await source.WithDbAsync(db => db.Outbox.Select(m => m.Id).ToListAsync());
            Assert.Equal(3, queued.Count);
            var b = await RunAsync(source.DatabasePath, "backup", backup);
            Assert.True(b.Code == 0, b.Error);

            // A new machine: no database yet.
            var target = Path.Combine(folder, "data", "reformflow.db");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var r = await RunAsync(target, "restore", backup);
            Assert.True(r.Code == 0, r.Error);
            Assert.Contains("There was no database before.", r.Output);
            Assert.Contains("0 already sent by the previous database (marked Sent), 0 still to send, 3 held for an administrator", r.Output);

            using var app = new RestoredApp(target);
            Assert.Equal(0, await DeliverAsync(app));
            Assert.Empty(app.Log.Sends);
            var admin = await Api.SignInAsync(app, "admin");
            var (listed, list) = await admin.GetAsync("/api/v1/admin/outbox?status=Held");
            Assert.Equal(HttpStatusCode.OK, listed);
            Assert.Equal(queued.Order(), list!["items"]!.AsArray().Select(m => m!["id"]!.GetValue<Guid>()).Order());
            var page = await admin.Http.GetStringAsync("/Admin/Outbox?Status=Held");
            Assert.Contains("they may have gone out after that backup was taken", page);

            var (sent, _) = await admin.PostAsync($"/api/v1/admin/outbox/{queued[0]}/retry");
            Assert.Equal(HttpStatusCode.NoContent, sent);
            Assert.Equal(1, await DeliverAsync(app));
            Assert.Equal([$"{queued[0]:N}@reformflow"], app.Log.Sends.Keys);
            Assert.Equal(2, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Status == OutboxStatus.Held)));
        }
        finally
        {
            source.Dispose();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<Dictionary<Guid, OutboxStatus>> ReadBackupOutboxAsync(string file)
    {
        await using var db = new Workflows.Data.ReformFlowDb(new DbContextOptionsBuilder<Workflows.Data.ReformFlowDb>()
            .UseSqlite($"Data Source={file};Mode=ReadOnly;Pooling=False").Options);
        return await db.Outbox.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Status);
    }
}
