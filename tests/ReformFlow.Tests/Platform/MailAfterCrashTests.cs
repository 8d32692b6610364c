using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;

namespace ReformFlow.Tests.Platform;

/// <summary>
/// Issue 7, "mail exactly once, also after a crash": an outbox claim names the process that made it; a
/// process that stops heartbeating (kill -9) has its claim resolved at once, not after the 10-minute stale
/// window, while a live process's claim is never taken. The real kill -9 against an SMTP server is measured
/// by `bench/ReformFlow.Bench -- --scenario mailkill` (docs/benchmarks.md).
/// </summary>
public sealed class MailAfterCrashTests
{
    private static async Task<int> DeliverAsync(AppFactory app)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<OutboxSender>().DeliverDueAsync();
    }

    private static Task<OutboxMessage> RowAsync(AppFactory app, Guid id) =>
        app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));

    /// <summary>Another app process on the same database, as its row says: last heartbeat <paramref name="ago"/>, with <paramref name="message"/> claimed a minute ago.</summary>
    private static Task<Guid> OtherProcessClaimsAsync(AppFactory app, Guid message, TimeSpan ago) => app.WithDbAsync(async db =>
    {
        var now = app.Clock.GetUtcNow();
        var other = new SenderInstance { Id = Guid.NewGuid(), Host = "other-host pid 4242", StartedAt = now - TimeSpan.FromHours(1), HeartbeatAt = now - ago };
        db.SenderInstances.Add(other);
        await db.SaveChangesAsync();
        var claimAt = now - TimeSpan.FromMinutes(1);
        await db.Outbox.Where(m => m.Id == message).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, OutboxStatus.Sending).SetProperty(m => m.ClaimedAt, claimAt).SetProperty(m => m.ClaimedBy, other.Id));
        return other.Id;
    });

    private static async Task<List<Guid>> QueueMailAsync(AppFactory app, int sponsors)
    {
        await new FoundingKit(app).DraftAsync("邮件测试社" + Guid.NewGuid().ToString("N")[..4], sponsors: sponsors);
        return await app.WithDbAsync(db => db.Outbox.OrderBy(m => m.CreatedAt).Select(m => m.Id).ToListAsync());
    }

    private static string MessageId(Guid id) => $"{id:N}@reformflow";

    // Fails on the old code: a claim a killed process left in Sending waited out the 10-minute stale window.
    [Fact]
    public async Task Security_mail_claimed_by_a_killed_process_is_sent_again_at_once_with_the_same_message_id()
    {
        using var app = new OutboxTests.CountingAppFactory();
        var ids = await QueueMailAsync(app, sponsors: 2);
        var orphan = ids[0];
        // Its process was killed 31 s ago, mid-send: its heartbeat stopped then.
        await OtherProcessClaimsAsync(app, orphan, SenderInstance.Lease + TimeSpan.FromSeconds(1));

        var sent = await DeliverAsync(app);

        Assert.Equal(ids.Count, sent);
        Assert.Equal(1, app.Log.Sends[MessageId(orphan)]);
        var row = await RowAsync(app, orphan);
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Null(row.ClaimedBy);
        Assert.Equal(2, row.Attempts); // the interrupted attempt counts
        Assert.All(app.Log.Sends.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Security_a_live_process_claim_is_not_taken_over_until_its_heartbeat_stops()
    {
        using var app = new OutboxTests.CountingAppFactory();
        var ids = await QueueMailAsync(app, sponsors: 2);
        var theirs = ids[0];
        var other = await OtherProcessClaimsAsync(app, theirs, TimeSpan.FromSeconds(2));

        Assert.Equal(ids.Count - 1, await DeliverAsync(app));

        Assert.False(app.Log.Sends.ContainsKey(MessageId(theirs)));
        var row = await RowAsync(app, theirs);
        Assert.Equal(OutboxStatus.Sending, row.Status);
        Assert.Equal(other, row.ClaimedBy);
        Assert.Equal(0, row.Attempts);

        // Its heartbeat stops: once the lease has run out the claim is resolved by the next run.
        app.Clock.Advance(SenderInstance.Lease);
        Assert.Equal(1, await DeliverAsync(app));
        Assert.Equal(OutboxStatus.Sent, (await RowAsync(app, theirs)).Status);
        Assert.All(app.Log.Sends.Values, n => Assert.Equal(1, n));
        Assert.Equal(ids.Count, app.Log.Sends.Count);
    }

    [Fact]
    public async Task Security_this_process_is_registered_while_it_runs_and_its_row_removed_on_a_graceful_stop()
    {
        var app = new AppFactory { KeepFiles = true };
        var stopped = false;
        try
        {
            var self = app.Services.GetRequiredService<ThisSender>().Id;
            var row = await app.WithDbAsync(db => db.SenderInstances.AsNoTracking().SingleAsync(i => i.Id == self));
            Assert.InRange(row.HeartbeatAt, app.Clock.GetUtcNow() - SenderInstance.Lease, app.Clock.GetUtcNow());
            Assert.Contains($"pid {Environment.ProcessId}", row.Host);

            app.Dispose();
            stopped = true;

            await using var db = new ReformFlowDb(new DbContextOptionsBuilder<ReformFlowDb>().UseSqlite($"Data Source={app.DatabasePath};Pooling=False").Options);
            Assert.False(await db.SenderInstances.AnyAsync(i => i.Id == self));
        }
        finally
        {
            if (!stopped) app.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(app.Directory, recursive: true);
        }
    }

    /// <summary>While a message is with the transport, the database must say: every earlier one Sent, this one alone Sending, by this process.</summary>
    public sealed class InspectingTransport(ReformFlowDb db, ThisSender self, OutboxTests.SendLog log) : IMailTransport
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            await Task.Delay(5, ct); // long enough for a second run, were one allowed, to claim a message too
            var sending = await db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Sending).ToListAsync(ct);
            var one = Assert.Single(sending);
            Assert.Equal(message.MessageId, MessageId(one.Id));
            Assert.Equal(self.Id, one.ClaimedBy);
            var sent = await db.Outbox.CountAsync(m => m.Status == OutboxStatus.Sent, ct);
            Assert.Equal(log.Sends.Count, sent);
            log.Sends.AddOrUpdate(message.MessageId!, 1, (_, n) => n + 1);
        }
    }

    public sealed class InspectingAppFactory : AppFactory
    {
        public OutboxTests.SendLog Log { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s =>
            {
                s.AddSingleton(Log);
                s.AddScoped<IMailTransport, InspectingTransport>();
            });
        }
    }

    // Fails on the old code: each job run (two Hangfire workers, a kick per commit) claimed a message of its own, so a kill
    // could leave several in doubt. Now one message at a time per process, recorded Sent before the next claim.
    [Fact]
    public async Task Security_a_process_claims_one_message_at_a_time_and_records_it_sent_before_the_next_claim()
    {
        using var app = new InspectingAppFactory();
        var ids = await QueueMailAsync(app, sponsors: 5);

        // Three runs at once, as kicks after three commits would start them.
        var counts = await Task.WhenAll(DeliverAsync(app), DeliverAsync(app), DeliverAsync(app));

        Assert.Equal(ids.Count, counts.Sum());

        Assert.Equal(ids.Count, app.Log.Sends.Count);
        Assert.All(await app.WithDbAsync(db => db.Outbox.AsNoTracking().ToListAsync()), m =>
        {
            Assert.Equal(OutboxStatus.Sent, m.Status);
            Assert.Null(m.ClaimedBy);
        });
    }

    /// <summary>Another process took the message over and sent it while this one's send was failing.</summary>
    public sealed class OvertakenTransport(ReformFlowDb db) : IMailTransport
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            var id = Guid.ParseExact(message.MessageId!.Split('@')[0], "N");
            await db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sent).SetProperty(m => m.ClaimedBy, (Guid?)null).SetProperty(m => m.SentAt, DateTimeOffset.UtcNow), ct);
            throw new IOException("connection reset (test)");
        }
    }

    public sealed class OvertakenAppFactory : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddScoped<IMailTransport, OvertakenTransport>());
        }
    }

    // Fails on the old code: the failure was recorded unconditionally, turning Sent back into Pending (a second send).
    [Fact]
    public async Task Security_a_failed_send_does_not_undo_the_sent_record_of_a_process_that_took_the_message_over()
    {
        using var app = new OvertakenAppFactory();
        var ids = await QueueMailAsync(app, sponsors: 0);

        Assert.Equal(0, await DeliverAsync(app));

        var row = await RowAsync(app, Assert.Single(ids));
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Null(row.LastError);
        Assert.Equal(0, await DeliverAsync(app));
    }
}
