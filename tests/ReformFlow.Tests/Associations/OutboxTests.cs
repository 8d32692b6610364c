using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Email;

namespace ReformFlow.Tests.Associations;

/// <summary>
/// Mail written in the workflow's transaction is delivered by <see cref="OutboxSender"/>: once each, even when
/// two senders run at once; failures back off, end as Failed, and an administrator can see and retry them.
/// Each test has a database of its own, so the outbox holds only what the test queued.
/// </summary>
public sealed class OutboxTests
{
    /// <summary>Every message handed to the transport, by Message-Id (the pickup files are named by it, so a resend would overwrite its file).</summary>
    public sealed class SendLog
    {
        public ConcurrentDictionary<string, int> Sends { get; } = new();
    }

    public sealed class CountingTransport(SendLog log, IOptions<MailOptions> options) : IMailTransport
    {
        private readonly PickupFolderTransport _pickup = new(options);

        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            log.Sends.AddOrUpdate(message.MessageId ?? "", 1, (_, n) => n + 1);
            await Task.Yield(); // let a concurrent sender interleave
            await _pickup.SendAsync(message, ct);
        }
    }

    public sealed class CountingAppFactory : AppFactory
    {
        public SendLog Log { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s =>
            {
                s.AddSingleton(Log);
                s.AddScoped<IMailTransport, CountingTransport>();
            });
        }
    }

    public sealed class ThrowingTransport : IMailTransport
    {
        public Task SendAsync(MimeMessage message, CancellationToken ct) => throw new InvalidOperationException("SMTP server unavailable (test)");
    }

    public sealed class FailingMailAppFactory : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddScoped<IMailTransport, ThrowingTransport>());
        }
    }

    /// <summary>Hangfire's client cannot be had (as when another app instance in the process has just shut its Hangfire down).</summary>
    public sealed class BrokenJobClientAppFactory : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddTransient<Hangfire.IBackgroundJobClient>(_ => throw new ObjectDisposedException("JobStorage")));
        }
    }

    [Fact]
    public async Task Platform_a_committed_decision_stands_when_the_delivery_nudge_fails()
    {
        // The nudge runs after the commit: it failed once in a while in the suite and turned a saved draft into a 500.
        using var app = new BrokenJobClientAppFactory();
        var (id, initiator) = await new Founding(app).CreateDraftAsync("邮件催发失败协会");
        var (status, view) = await initiator.GetAsync($"/api/v1/association-applications/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Draft", view!["state"]!.GetValue<string>());
        // The mail it queued is still delivered by the outbox job.
        Assert.True(await DeliverAsync(app) >= 0);
    }

    private static async Task<int> DeliverAsync(AppFactory app)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<OutboxSender>().DeliverDueAsync();
    }

    private static Task<List<OutboxMessage>> OutboxAsync(AppFactory app) =>
        app.WithDbAsync(db => db.Outbox.AsNoTracking().ToListAsync());

    private static string[] PickupFiles(AppFactory app) =>
        Directory.Exists(app.PickupFolder) ? Directory.GetFiles(app.PickupFolder, "*.eml") : [];

    [Fact]
    public async Task Messages_queued_by_a_workflow_step_are_written_as_eml_files()
    {
        using var app = new CountingAppFactory();
        var kit = new FoundingKit(app);
        var d = await kit.DraftAsync("集邮协会", sponsors: 3);
        var queued = await OutboxAsync(app);
        // One task mail to the initiator for the draft, one to each invited sponsor.
        var addresses = new List<string>();
        foreach (var n in d.Sponsors.Prepend(d.InitiatorNumber)) addresses.Add((await kit.UserAsync(n)).Email!);
        Assert.Equal(addresses.Order(), queued.Select(m => m.ToAddress).Order());
        Assert.All(queued, m => Assert.Equal(OutboxStatus.Pending, m.Status));
        Assert.Empty(PickupFiles(app));

        var sent = await DeliverAsync(app);

        Assert.Equal(queued.Count, sent);
        var files = PickupFiles(app);
        Assert.Equal(queued.Count, files.Length);
        foreach (var file in files)
        {
            var mime = await MimeMessage.LoadAsync(file);
            var row = Assert.Single(queued, m => $"{m.Id:N}@reformflow" == mime.MessageId);
            Assert.Equal(row.ToAddress, mime.To.Mailboxes.Single().Address);
            Assert.Equal(row.Subject, mime.Subject);
            Assert.Equal(row.Body.ReplaceLineEndings("\n").TrimEnd(), mime.TextBody!.ReplaceLineEndings("\n").TrimEnd());
            // On reading, MimeKit files Content-* headers under the body part.
            Assert.Equal(row.Culture, mime.Headers["Content-Language"] ?? mime.Body!.Headers["Content-Language"]);
        }
        var after = await OutboxAsync(app);
        Assert.All(after, m =>
        {
            Assert.Equal(OutboxStatus.Sent, m.Status);
            Assert.Equal(1, m.Attempts);
            Assert.Null(m.LastError);
            Assert.NotNull(m.SentAt);
        });
    }

    [Fact]
    public async Task Delivering_again_or_twice_at_once_sends_each_message_once()
    {
        using var app = new CountingAppFactory();
        var kit = new FoundingKit(app);
        var d = await kit.DraftAsync("昆虫观察社", sponsors: 12);
        var queued = await OutboxAsync(app);
        Assert.True(queued.Count > 10);

        // Two senders at once, each in its own scope (as two job runs would be).
        var counts = await Task.WhenAll(DeliverAsync(app), DeliverAsync(app), DeliverAsync(app));

        Assert.Equal(queued.Count, counts.Sum());
        Assert.Equal(queued.Count, app.Log.Sends.Count);
        Assert.All(app.Log.Sends.Values, n => Assert.Equal(1, n));
        Assert.Equal(queued.Count, PickupFiles(app).Length);
        Assert.All(await OutboxAsync(app), m => Assert.Equal(OutboxStatus.Sent, m.Status));

        // Running again sends nothing.
        Assert.Equal(0, await DeliverAsync(app));
        Assert.Equal(queued.Count, app.Log.Sends.Count);

        // A later step's mail goes out once too.
        var more = await kit.FreshStudentsAsync(2);
        var (status, _) = await d.Initiator.PostAsync($"/api/v1/association-applications/{d.Id}/sponsors", new { studentNumbers = more });
        Assert.Equal(HttpStatusCode.OK, status);
        var total = (await OutboxAsync(app)).Count;
        Assert.Equal(queued.Count + more.Count, total);
        Assert.Equal(more.Count, await DeliverAsync(app));
        Assert.Equal(0, await DeliverAsync(app));
        Assert.Equal(total, app.Log.Sends.Count);
        Assert.All(app.Log.Sends.Values, n => Assert.Equal(1, n));
        Assert.Equal(total, PickupFiles(app).Length);
    }

    [Fact]
    public async Task Failing_transport_backs_off_then_fails_and_an_admin_retries()
    {
        using var app = new FailingMailAppFactory();
        var kit = new FoundingKit(app);
        await kit.DraftAsync("无线电社", sponsors: 0);
        var id = Assert.Single(await OutboxAsync(app)).Id;
        Task<OutboxMessage> RowAsync() => app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));

        var delays = new List<TimeSpan>();
        for (var attempt = 1; attempt <= OutboxMessage.MaxAttempts; attempt++)
        {
            var now = app.Clock.GetUtcNow();
            Assert.Equal(0, await DeliverAsync(app));
            var row = await RowAsync();
            Assert.Equal(attempt, row.Attempts);
            Assert.Contains("InvalidOperationException", row.LastError);
            Assert.Contains("SMTP server unavailable", row.LastError);
            Assert.Null(row.SentAt);
            if (attempt == OutboxMessage.MaxAttempts)
            {
                Assert.Equal(OutboxStatus.Failed, row.Status);
                break;
            }
            Assert.Equal(OutboxStatus.Pending, row.Status);
            var delay = row.NextAttemptAt - now;
            delays.Add(delay);
            // Not tried again before it is due.
            app.Clock.Advance(delay - TimeSpan.FromSeconds(1));
            Assert.Equal(0, await DeliverAsync(app));
            Assert.Equal(attempt, (await RowAsync()).Attempts);
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        // Back-off: a minute first, then doubling.
        Assert.Equal(OutboxMessage.MaxAttempts - 1, delays.Count);
        Assert.InRange(delays[0], TimeSpan.FromMinutes(1) - TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1) + TimeSpan.FromMilliseconds(1));
        for (var i = 1; i < delays.Count; i++)
            Assert.InRange(delays[i].TotalMilliseconds, delays[i - 1].TotalMilliseconds * 2 - 1, delays[i - 1].TotalMilliseconds * 2 + 1);

        // Failed stays failed.
        app.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await DeliverAsync(app));
        var failed = await RowAsync();
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Equal(OutboxMessage.MaxAttempts, failed.Attempts);

        // The administrator sees it; a student may not.
        var admin = await Api.SignInAsync(app, "admin");
        var student = await Api.SignInAsync(app, Workflows.Demo.DemoData.Initiator);
        var (listed, list) = await admin.GetAsync("/api/v1/admin/outbox?status=Failed");
        Assert.Equal(HttpStatusCode.OK, listed);
        var item = Assert.Single(list!["items"]!.AsArray(), m => m!["id"]!.GetValue<Guid>() == id)!;
        Assert.Equal("Failed", item["status"]!.GetValue<string>());
        Assert.Equal(OutboxMessage.MaxAttempts, item["attempts"]!.GetValue<int>());
        Assert.Equal(failed.LastError, item["lastError"]!.GetValue<string>());
        var (_, pending) = await admin.GetAsync("/api/v1/admin/outbox?status=Pending");
        Assert.DoesNotContain(pending!["items"]!.AsArray(), m => m!["id"]!.GetValue<Guid>() == id);
        var (forbidden, _) = await student.GetAsync("/api/v1/admin/outbox?status=Failed");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        (forbidden, _) = await student.PostAsync($"/api/v1/admin/outbox/{id}/retry");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        Assert.Equal(OutboxStatus.Failed, (await RowAsync()).Status);

        // Retry puts it back in the queue, due now, with a fresh count.
        var (retried, _) = await admin.PostAsync($"/api/v1/admin/outbox/{id}/retry");
        Assert.Equal(HttpStatusCode.NoContent, retried);
        var again = await RowAsync();
        Assert.Equal(OutboxStatus.Pending, again.Status);
        Assert.Equal(0, again.Attempts);
        Assert.InRange(again.NextAttemptAt, app.Clock.GetUtcNow() - TimeSpan.FromMilliseconds(1), app.Clock.GetUtcNow());
        // Only a failed message can be retried.
        var (notFailed, _) = await admin.PostAsync($"/api/v1/admin/outbox/{id}/retry");
        Assert.Equal(HttpStatusCode.NotFound, notFailed);
        // It is tried again (and, the transport still failing, counts from one).
        Assert.Equal(0, await DeliverAsync(app));
        Assert.Equal(1, (await RowAsync()).Attempts);
    }

    // Regression: the outbox was not scoped to a university, so one university's administrator saw and could
    // retry every other university's mail. Messages now carry their university.
    [Fact]
    public async Task Admin_of_another_university_does_not_see_this_universitys_mail()
    {
        using var app = new AppFactory();
        var kit = new FoundingKit(app);
        await kit.DraftAsync("篮球协会", sponsors: 1);
        var ours = await OutboxAsync(app);
        Assert.NotEmpty(ours);
        var code = "OT" + Guid.NewGuid().ToString("N")[..6];
        var otherUni = await app.WithDbAsync(async db =>
        {
            var uni = new Domain.Organisation.University(code, "松花江大学", "Songhuajiang University");
            db.Universities.Add(uni);
            await db.SaveChangesAsync();
            return uni.Id;
        });
        var otherAdmin = await kit.AddUserAsync(code.ToLowerInvariant() + ".admin", otherUni, Domain.Access.Role.UniversityAdmin, null);
        var api = await Api.SignInAsync(app, otherAdmin.UserName!);
        var (ownAdminStatus, ownList) = await (await Api.SignInAsync(app, "admin")).GetAsync("/api/v1/admin/outbox");
        Assert.Equal(HttpStatusCode.OK, ownAdminStatus);
        Assert.Equal(ours.Count, ownList!["total"]!.GetValue<int>());

        var (status, list) = await api.GetAsync("/api/v1/admin/outbox");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain(list!["items"]!.AsArray(), m => ours.Any(o => o.Id == m!["id"]!.GetValue<Guid>()));
    }
}
