using System.Net;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.AnnualReview;
using ReformFlow.Workflows.Jobs;

namespace ReformFlow.Tests.AnnualReview;

/// <summary>AS-1.5: a pass with rectification is followed up — the leaders report, the chair closes it or fails the association.</summary>
public sealed class RectificationTests
{
    private static Task<int> MailsAsync(AppFactory app, string toPrefix, string subjectPart) =>
        app.WithDbAsync(db => db.Outbox.CountAsync(m => m.ToAddress.StartsWith(toPrefix + "@") && m.Subject.Contains(subjectPart)));

    private static Task<AssociationStatus> StatusAsync(AppFactory app, Guid association) =>
        app.WithDbAsync(db => db.Associations.Where(a => a.Id == association).Select(a => a.Status).SingleAsync());

    [Fact]
    public async Task AS_1_5_the_leaders_report_the_rectification_and_the_chair_closes_it()
    {
        using var app = new AppFactory();
        var kit = new ReviewKit(app);
        var a = await kit.RegisteredAsync("星空社");
        await kit.OpenCycleAsync();
        var (report, view) = await kit.ToDecisionAsync(a);
        view = await kit.ActAsync("member1", report, "RecordOpinion", new { vote = "Support" });
        var deadline = app.Clock.GetUtcNow().AddDays(20);
        // The rectification names what to put right.
        ReviewKit.AssertRefused(HttpStatusCode.BadRequest, "AS-1.5", "rectification.items-required",
            await kit.TryAsync("chair", report, "ReviewPassWithRectification", new { expectedVersion = ReviewKit.V(view), comment = "限期整改", deadline }));
        view = await kit.PassWithRectificationAsync(report, view, deadline);
        Assert.Equal("补齐财务台账\n完善会员登记", view["rectificationItems"]!.GetValue<string>());
        Assert.False(view["isClosed"]!.GetValue<bool>());

        // The leader's task carries the deadline; the chair cannot close what was not reported.
        var tasks = (await (await Api.SignInAsync(app, a.Leader)).GetAsync("/api/v1/tasks?pageSize=100&sort=-since")).Body!["items"]!.AsArray();
        var task = Assert.Single(tasks, t => t!["titleKey"]!.GetValue<string>() == "task.rectification-report")!;
        Assert.Equal(deadline, task["dueAt"]!.GetValue<DateTimeOffset>(), TimeSpan.FromSeconds(1));
        ReviewKit.AssertRefused(HttpStatusCode.BadRequest, null, "workflow.not-in-this-state",
            await kit.TryAsync("chair", report, "CloseRectification", new { expectedVersion = ReviewKit.V(view) }));
        ReviewKit.AssertRefused(HttpStatusCode.BadRequest, "AS-1.5", "rectification.report-required",
            await kit.TryAsync(a.Leader, report, "ReportRectification", new { expectedVersion = ReviewKit.V(view), report = " " }));

        view = await kit.ActAsync(a.Leader, report, "ReportRectification", new { expectedVersion = ReviewKit.V(view), report = "已补齐 2026 年财务台账；会员登记表已更新。" });
        Assert.Equal("RectificationReview", ReviewKit.State(view));
        Assert.NotNull(view["rectificationReportedAt"]);
        tasks = (await (await Api.SignInAsync(app, "chair")).GetAsync("/api/v1/tasks?pageSize=100&sort=-since")).Body!["items"]!.AsArray();
        Assert.Contains(tasks, t => t!["titleKey"]!.GetValue<string>() == "task.rectification-close" && t["instanceId"]!.GetValue<Guid>() == report);

        view = await kit.ActAsync("chair", report, "CloseRectification", new { expectedVersion = ReviewKit.V(view), comment = "整改到位" });
        Assert.Equal("Rectified", ReviewKit.State(view));
        Assert.True(view["isClosed"]!.GetValue<bool>());
        Assert.NotNull(view["rectifiedAt"]);
        Assert.Equal(AssociationStatus.Active, await StatusAsync(app, a.AssociationId));
        Assert.Equal(1, await MailsAsync(app, a.Leader, "【ReformFlow】整改完成"));
    }

    [Fact]
    public async Task AS_1_5_a_rectification_reported_but_not_done_fails_the_association_like_a_failed_review()
    {
        using var app = new AppFactory();
        var kit = new ReviewKit(app);
        var a = await kit.RegisteredAsync("书法社");
        await kit.OpenCycleAsync();
        var (report, view) = await kit.ToDecisionAsync(a);
        view = await kit.PassWithRectificationAsync(report, view, app.Clock.GetUtcNow().AddDays(20));
        view = await kit.ActAsync(a.Leader, report, "ReportRectification", new { expectedVersion = ReviewKit.V(view), report = "正在整改中" });
        // Returned once: the leaders rectify again and report again.
        view = await kit.ActAsync("chair", report, "ReturnRectification", new { expectedVersion = ReviewKit.V(view), comment = "财务台账仍未补齐" });
        Assert.Equal("PassedWithRectification", ReviewKit.State(view));
        view = await kit.ActAsync(a.Leader, report, "ReportRectification", new { expectedVersion = ReviewKit.V(view), report = "仍在整改" });

        ReviewKit.AssertRefused(HttpStatusCode.BadRequest, null, "workflow.comment-required",
            await kit.TryAsync("chair", report, "FailRectification", new { expectedVersion = ReviewKit.V(view) }));
        Assert.Equal(AssociationStatus.Active, await StatusAsync(app, a.AssociationId));
        view = await kit.ActAsync("chair", report, "FailRectification", new { expectedVersion = ReviewKit.V(view), comment = "整改不到位，经委员会研究不予通过" });
        Assert.Equal("Failed", ReviewKit.State(view));
        Assert.Equal("Fail", view["result"]!.GetValue<string>());
        var association = await app.WithDbAsync(db => db.Associations.SingleAsync(x => x.Id == a.AssociationId));
        Assert.Equal(AssociationStatus.Cancelled, association.Status);
        Assert.Equal("整改不到位，经委员会研究不予通过", association.StatusReason);
        Assert.Equal(1, await MailsAsync(app, a.Leader, "社团已被注销"));
    }

    [Fact]
    public async Task AS_1_5_an_overdue_rectification_is_reminded_once_then_escalated_to_the_chair_once()
    {
        using var app = new AppFactory();
        var kit = new ReviewKit(app);
        var a = await kit.RegisteredAsync("围棋社");
        await kit.OpenCycleAsync();
        var (report, view) = await kit.ToDecisionAsync(a);
        view = await kit.PassWithRectificationAsync(report, view, app.Clock.GetUtcNow().AddDays(10));
        // Before the deadline, with nothing reported, the chair cannot fail it yet.
        ReviewKit.AssertRefused(HttpStatusCode.BadRequest, "AS-1.5", "rectification.not-yet-overdue",
            await kit.TryAsync("chair", report, "FailRectification", new { expectedVersion = ReviewKit.V(view), comment = "逾期" }));

        // A day before the deadline the leader is reminded, once however often the jobs run; nothing goes to the chair yet.
        app.Clock.Advance(TimeSpan.FromDays(9) + TimeSpan.FromHours(1));
        await kit.RunAsync<DeadlineReminderJob>(j => j.RunAsync());
        await kit.RunAsync<DeadlineReminderJob>(j => j.RunAsync());
        Assert.Equal(0, await kit.RunAsync<RectificationJob>(j => j.RunAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.ToAddress.StartsWith(a.Leader + "@")
            && m.Subject.Contains("待办提醒") && m.Subject.Contains("报送社团整改情况"))));
        Assert.Equal(0, await MailsAsync(app, "chair", "社团整改逾期"));

        // After the deadline the chair is told, once; a catch-up run sends nothing more.
        app.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await kit.RunAsync<RectificationJob>(j => j.RunAsync()));
        Assert.Equal(0, await kit.RunAsync<RectificationJob>(j => j.RunAsync()));
        Assert.Equal(1, await MailsAsync(app, "chair", "社团整改逾期"));
        Assert.Equal(0, await MailsAsync(app, "member1", "社团整改逾期"));

        view = await kit.ViewAsync("chair", report);
        Assert.True(view["rectificationOverdue"]!.GetValue<bool>());
        var (_, progress) = await (await Api.SignInAsync(app, "swd")).GetAsync(ReviewKit.Reviews);
        Assert.Equal(1, progress!["overdue"]!.GetValue<int>());
        view = await kit.ActAsync("chair", report, "FailRectification", new { expectedVersion = ReviewKit.V(view), comment = "逾期未整改" });
        Assert.Equal("Failed", ReviewKit.State(view));
        Assert.Equal(AssociationStatus.Cancelled, await StatusAsync(app, a.AssociationId));
        // Nothing left to escalate.
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await kit.RunAsync<RectificationJob>(j => j.RunAsync()));
    }

    [Fact]
    public async Task AS_1_5_refusals_another_associations_leader_a_member_not_leader_and_a_non_chair_change_nothing()
    {
        using var app = new AppFactory();
        var kit = new ReviewKit(app);
        var a = await kit.RegisteredAsync("话剧社");
        var other = await kit.RegisteredAsync("摄影社");
        await kit.OpenCycleAsync();
        var (report, view) = await kit.ToDecisionAsync(a);
        view = await kit.PassWithRectificationAsync(report, view, app.Clock.GetUtcNow().AddDays(20));

        var before = await kit.SnapshotAsync(report);
        var body = new { expectedVersion = ReviewKit.V(view), report = "已整改" };
        foreach (var user in new[] { other.Leader, a.Member, a.Instructor, "chair" })
            ReviewKit.AssertRefused(HttpStatusCode.Forbidden, null, "access.association-leader-only", await kit.TryAsync(user, report, "ReportRectification", body));
        Assert.Equal(before, await kit.SnapshotAsync(report));

        view = await kit.ActAsync(a.Leader, report, "ReportRectification", body);
        before = await kit.SnapshotAsync(report);
        foreach (var user in new[] { "member1", "swd", "phy.party", a.Leader })
            foreach (var action in new[] { "CloseRectification", "ReturnRectification", "FailRectification" })
                ReviewKit.AssertRefused(HttpStatusCode.Forbidden, null, "access.committee-chair-only",
                    await kit.TryAsync(user, report, action, new { expectedVersion = ReviewKit.V(view), comment = "意见" }));
        Assert.Equal(before, await kit.SnapshotAsync(report));
        Assert.Equal("RectificationReview", ReviewKit.State(await kit.ViewAsync("chair", report)));
    }
}
