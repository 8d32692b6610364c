using System.Net;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Tests.Support;

namespace ReformFlow.Tests.AnnualReview;

/// <summary>AS-1.8: committee members give opinions on an annual report before the chair decides, as in founding.</summary>
public sealed class AnnualReviewOpinionTests
{
    [Fact]
    public async Task AS_1_8_the_chair_is_refused_until_a_member_has_given_an_opinion()
    {
        using var app = new AppFactory();
        var kit = new ReviewKit(app);
        var a = await kit.RegisteredAsync("年审意见协会");
        await kit.OpenCycleAsync();
        var (report, view) = await kit.ToDecisionAsync(a);

        // The chair sees the decision blocked, with the reason, and is refused each of the three decisions.
        var chairView = await kit.ViewAsync("chair", report);
        Assert.Contains(chairView["actions"]!.AsArray(), x => x!["trigger"]!.GetValue<string>() == "ReviewPass"
            && x["blockers"]!.AsArray().Any(b => b!["key"]!.GetValue<string>() == "rule.committee-opinion-required"));
        var before = await kit.SnapshotAsync(report);
        ReviewKit.AssertRefused(HttpStatusCode.BadRequest, "AS-1.8", "rule.committee-opinion-required",
            await kit.TryAsync("chair", report, "ReviewPass", new { expectedVersion = ReviewKit.V(view) }));
        ReviewKit.AssertRefused(HttpStatusCode.BadRequest, "AS-1.8", "rule.committee-opinion-required",
            await kit.TryAsync("chair", report, "ReviewFail", new { expectedVersion = ReviewKit.V(view), comment = "违规" }));
        ReviewKit.AssertRefused(HttpStatusCode.BadRequest, "AS-1.8", "rule.committee-opinion-required",
            await kit.TryAsync("chair", report, "ReviewPassWithRectification",
                new { expectedVersion = ReviewKit.V(view), comment = "整改", deadline = app.Clock.GetUtcNow().AddDays(10), items = "整改" }));
        // Only committee members give opinions: the leader and the guidance unit are refused.
        ReviewKit.AssertRefused(HttpStatusCode.Forbidden, null, "access.committee-member-only",
            await kit.TryAsync(a.Leader, report, "RecordOpinion", new { vote = "Support" }));
        ReviewKit.AssertRefused(HttpStatusCode.Forbidden, null, "access.committee-member-only",
            await kit.TryAsync("phy.party", report, "RecordOpinion", new { vote = "Support" }));
        // Issue 9: no opinion is assumed; a member who chose none is refused (never recorded as "in favour").
        ReviewKit.AssertRefused(HttpStatusCode.BadRequest, null, "workflow.vote-required",
            await kit.TryAsync("member2", report, "RecordOpinion", new { comment = "未选择意见" }));
        Assert.Equal(before, await kit.SnapshotAsync(report));

        // Each member has a task to give an opinion; giving it closes theirs.
        var tasks = (await (await Api.SignInAsync(app, "member2")).GetAsync("/api/v1/tasks?pageSize=100&sort=-since")).Body!["items"]!.AsArray();
        Assert.Contains(tasks, t => t!["titleKey"]!.GetValue<string>() == "task.annual-opinion" && t["instanceId"]!.GetValue<Guid>() == report);
        view = await kit.ActAsync("member2", report, "RecordOpinion", new { vote = "Oppose", comment = "财务不清" });
        view = await kit.ActAsync("member2", report, "RecordOpinion", new { vote = "Support", comment = "已补充说明，同意" });
        var opinions = view["opinions"]!.AsArray();
        Assert.Equal("Support", Assert.Single(opinions)!["vote"]!.GetValue<string>());
        Assert.Contains("评审委员 周老师", opinions[0]!["member"]!.GetValue<string>());
        tasks = (await (await Api.SignInAsync(app, "member2")).GetAsync("/api/v1/tasks?pageSize=100&sort=-since")).Body!["items"]!.AsArray();
        Assert.DoesNotContain(tasks, t => t!["titleKey"]!.GetValue<string>() == "task.annual-opinion" && t["instanceId"]!.GetValue<Guid>() == report);

        view = await kit.ActAsync("chair", report, "ReviewPass", new { expectedVersion = ReviewKit.V(view) });
        Assert.Equal("Passed", ReviewKit.State(view));
        Assert.Single(view["opinions"]!.AsArray());
        Assert.Contains(view["history"]!.AsArray(), h => h!["trigger"]!.GetValue<string>() == "RecordOpinion");
        // The opinion tasks of members who did not speak close with the decision.
        Assert.Equal(0, await app.WithDbAsync(db => db.InboxTasks.CountAsync(t => t.InstanceId == report && t.CompletedAt == null)));
    }
}
