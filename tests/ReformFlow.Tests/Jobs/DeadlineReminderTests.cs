using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Jobs;

namespace ReformFlow.Tests.Jobs;

/// <summary>Deadline reminders with a fake clock: idempotent, catching up after downtime, escalating, and silent for finished work.</summary>
public sealed class DeadlineReminderTests
{
    private static async Task<int> RunJobAsync(AppFactory app)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<DeadlineReminderJob>().RunAsync();
    }

    private static Task<List<string>> SubjectsAsync(AppFactory app, string contains) =>
        app.WithDbAsync(db => db.Outbox.Where(m => m.Subject.Contains(contains)).Select(m => m.ToAddress + " | " + m.Subject).ToListAsync());

    [Fact]
    public async Task Reminder_before_the_due_date_is_sent_once_however_often_the_job_runs()
    {
        using var app = new AppFactory();
        await new Founding(app).UpToCommitteeAsync("提醒测试协会");
        Assert.Equal(0, await RunJobAsync(app)); // nothing is near its due date yet

        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromHours(1));
        var first = await RunJobAsync(app);
        var second = await RunJobAsync(app);

        var reminders = await SubjectsAsync(app, "待办提醒");
        Assert.True(first > 0);
        Assert.Equal(0, second);
        Assert.Equal(first, reminders.Count);
        // The chair's decision is due in 14 days: one "7 days left" reminder, addressed to the chair.
        Assert.Single(reminders, r => r.StartsWith("chair@") && r.Contains("对社团成立申请作出决定"));
        // Each committee member's opinion (due in 10 days) also got its reminder.
        Assert.Contains(reminders, r => r.StartsWith("member1@") && r.Contains("填写意见"));
    }

    [Fact]
    public async Task After_downtime_only_the_latest_step_is_sent_and_overdue_items_are_escalated()
    {
        using var app = new AppFactory();
        await new Founding(app).UpToCommitteeAsync("停机补发协会");

        // The app was down for 18 days: the 7-day and 1-day reminders were missed, the item is overdue by 4 days.
        app.Clock.Advance(TimeSpan.FromDays(18));
        await RunJobAsync(app);

        var chairMail = await app.WithDbAsync(db => db.Outbox.Where(m => m.ToAddress.StartsWith("chair@")).Select(m => m.Subject).ToListAsync());
        Assert.DoesNotContain(chairMail, s => s.Contains("待办提醒"));
        Assert.Single(chairMail, s => s.Contains("对社团成立申请作出决定") && s.Contains("已逾期"));
        var escalations = await SubjectsAsync(app, "逾期超过 3 天");
        Assert.Contains(escalations, s => s.StartsWith("swd@") && s.Contains("对社团成立申请作出决定"));
        var recorded = await app.WithDbAsync(db => db.SentReminders.Select(r => r.Key).ToListAsync());
        Assert.Contains(recorded, k => k.EndsWith(":before-7"));
        Assert.Contains(recorded, k => k.EndsWith(":before-1"));

        var outboxBefore = await app.WithDbAsync(db => db.Outbox.CountAsync());
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await RunJobAsync(app));
        Assert.Equal(outboxBefore, await app.WithDbAsync(db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task Finished_work_gets_no_reminder()
    {
        using var app = new AppFactory();
        var founding = new Founding(app);
        var id = await founding.UpToCommitteeAsync("已办结协会");
        var member = await Api.SignInAsync(app, "member1");
        var view = await member.ActAsync(id, "RecordOpinion", new { vote = "Support" });
        await (await Api.SignInAsync(app, "chair")).ActAsync(id, "CommitteeReject", new { expectedVersion = Founding.Version(view), comment = "不符合条件" });

        app.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, await RunJobAsync(app));
        Assert.Empty(await SubjectsAsync(app, "ReformFlow】已逾期"));
    }

    [Fact]
    public async Task Two_runs_at_once_send_each_reminder_once()
    {
        using var app = new AppFactory();
        await new Founding(app).UpToCommitteeAsync("并发提醒协会");
        app.Clock.Advance(TimeSpan.FromDays(8));
        var results = await Task.WhenAll(RunJobAsync(app), RunJobAsync(app), RunJobAsync(app));
        var reminders = await SubjectsAsync(app, "待办提醒");
        Assert.Equal(results.Sum(), reminders.Count);
        Assert.Equal(reminders.Count, reminders.Distinct().Count());
    }
}
