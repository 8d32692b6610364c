using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformFlow.Domain.Associations;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.AnnualReview;
using ReformFlow.Workflows.Demo;
using ReformFlow.Workflows.Jobs;

namespace ReformFlow.Tests.AnnualReview;

/// <summary>A whole review cycle with a fake clock: open → reminders → submissions → decisions → a cancellation for a missed deadline.</summary>
public sealed class AnnualReviewCycleTests
{
    private const string Reviews = "/api/v1/annual-reviews";

    private static async Task<Guid> RegisterAsync(AppFactory app, string name)
    {
        var id = await new Founding(app).UpToCommitteeAsync(name);
        var view = await (await Api.SignInAsync(app, "member1")).ActAsync(id, "RecordOpinion", new { vote = "Support" });
        view = await (await Api.SignInAsync(app, "chair")).ActAsync(id, "CommitteeApprove", new { expectedVersion = Founding.Version(view) });
        return await app.WithDbAsync(db => db.Associations.Where(a => a.Name == name).Select(a => a.Id).SingleAsync());
    }

    [Fact]
    public async Task AS_1_5_only_the_student_work_department_or_an_administrator_opens_a_cycle_by_page_or_api()
    {
        using var app = new AppFactory();
        var year = DateTimeOffset.UtcNow.Year;
        foreach (var who in new[] { DemoData.Initiator, "phy.party", "chair", "league" })
        {
            var (status, problem) = await (await Api.SignInAsync(app, who)).PostAsync($"{Reviews}/cycles", new { academicYear = year, deadline = DateTimeOffset.UtcNow.AddDays(30) });
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal("access.review-open-swd-only", Api.ProblemCodes(problem));
        }
        Assert.Equal(0, await app.WithDbAsync(db => db.ReviewCycles.CountAsync()));

        // The page's form answers the same: a student who posts it is refused and nothing opens; the department's post opens it.
        async Task<string> PostPageAsync(string who)
        {
            var client = app.CreateClient();
            var login = await client.GetStringAsync("/Account/Login");
            string Token(string html) => System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
                { ["UserName"] = who, ["Password"] = DemoData.Password, ["__RequestVerificationToken"] = Token(login) }));
            var page = await client.GetStringAsync("/Associations/Review");
            using var posted = await client.PostAsync("/Associations/Review?handler=Open", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["OpenYear"] = year.ToString(), ["OpenDeadline"] = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd"), ["__RequestVerificationToken"] = Token(page),
            }));
            return await posted.Content.ReadAsStringAsync();
        }
        var refused = await PostPageAsync(DemoData.Initiator);
        Assert.Contains(Workflows.Localization.Texts.Get(Workflows.Localization.Texts.Chinese, "access.review-open-swd-only"), refused);
        Assert.Equal(0, await app.WithDbAsync(db => db.ReviewCycles.CountAsync()));
        await PostPageAsync("swd");
        Assert.Equal(year, await app.WithDbAsync(db => db.ReviewCycles.Select(c => c.AcademicYear).SingleAsync()));
    }

    private static async Task<JsonNode> ActAsync(Api api, Guid id, string action, object body)
    {
        var (status, json) = await api.PostAsync($"{Reviews}/{id}/actions/{action}", body);
        Assert.True(status == HttpStatusCode.OK, $"{action}: {(int)status} {json?.ToJsonString()}");
        return json!;
    }

    private static int V(JsonNode view) => view["version"]!.GetValue<int>();

    private static async Task RunAsync<TJob>(AppFactory app, Func<TJob, Task> run) where TJob : notnull
    {
        await using var scope = app.Scope();
        await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }

    [Fact]
    public async Task AS_1_5_whole_cycle_with_reminders_decisions_and_a_cancellation_for_a_missed_deadline()
    {
        using var app = new AppFactory();
        var reported = await RegisterAsync(app, "按时年审协会");
        var silent = await RegisterAsync(app, "逾期未审协会");

        var swd = await Api.SignInAsync(app, "swd");
        var deadline = app.Clock.GetUtcNow().AddDays(30);
        var (status, _) = await swd.PostAsync($"{Reviews}/cycles", new { academicYear = 2026, deadline });
        Assert.Equal(HttpStatusCode.OK, status);
        // Opening twice creates nothing twice.
        await swd.PostAsync($"{Reviews}/cycles", new { academicYear = 2026, deadline });
        Assert.Equal(2, await app.WithDbAsync(db => db.AnnualReports.CountAsync()));

        var leader = await Api.SignInAsync(app, DemoData.Initiator);
        var (_, tasks) = await leader.GetAsync("/api/v1/tasks?pageSize=100&sort=-since");
        var reportTasks = tasks!["items"]!.AsArray().Where(t => t!["titleKey"]!.GetValue<string>() == "task.annual-report").ToList();
        Assert.Equal(2, reportTasks.Count);
        Assert.All(reportTasks, t => Assert.Equal(deadline, t!["dueAt"]!.GetValue<DateTimeOffset>(), TimeSpan.FromSeconds(1)));

        // 14 days before the deadline the leaders are reminded.
        app.Clock.Advance(TimeSpan.FromDays(16) + TimeSpan.FromHours(1));
        await RunAsync<DeadlineReminderJob>(app, j => j.RunAsync());
        var reminders = await app.WithDbAsync(db => db.Outbox.Where(m => m.ToAddress.StartsWith(DemoData.Initiator) && m.Subject.Contains("待办提醒") && m.Subject.Contains("提交社团年度报告")).CountAsync());
        Assert.Equal(2, reminders);

        // One association reports; its instructor, guidance unit and the committee act. (Sign-ins expire with the clock.)
        leader = await Api.SignInAsync(app, DemoData.Initiator);
        var reportedId = reportTasks.Select(t => t!["instanceId"]!.GetValue<Guid>())
            .Single(i => app.WithDbAsync(db => db.WorkflowInstances.AnyAsync(w => w.Id == i && w.Title.StartsWith("按时年审协会"))).Result);
        var silentId = reportTasks.Select(t => t!["instanceId"]!.GetValue<Guid>()).Single(i => i != reportedId);
        var (getStatus, view) = await leader.GetAsync($"{Reviews}/{reportedId}");
        Assert.True(getStatus == HttpStatusCode.OK, $"{(int)getStatus} {view?.ToJsonString()}");
        (status, view) = await leader.PostAsync($"{Reviews}/{reportedId}/report", new { activities = "天文观测 6 次，科普讲座 2 场", finances = "会费收入 2000 元，支出 1500 元", expectedVersion = V(view!) });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("InstructorConfirmation", view!["state"]!.GetValue<string>());
        Assert.Equal(20, view["memberCount"]!.GetValue<int>());
        Assert.Contains(DemoData.Initiator, view["rosterSnapshot"]!.GetValue<string>());
        view = await ActAsync(await Api.SignInAsync(app, DemoData.PartyInstructor), reportedId, "InstructorConfirm", new { expectedVersion = V(view) });
        view = await ActAsync(await Api.SignInAsync(app, "phy.party"), reportedId, "GuidanceSubmitOpinion", new { expectedVersion = V(view), comment = "活动正常，同意通过" });
        view = await ActAsync(await Api.SignInAsync(app, "member1"), reportedId, "RecordOpinion", new { vote = "Support" });
        var chair = await Api.SignInAsync(app, "chair");
        view = await ActAsync(chair, reportedId, "ReviewPass", new { expectedVersion = V(view) });
        Assert.Equal("Passed", view["state"]!.GetValue<string>());

        // The other misses the deadline: reminded, told it is overdue, then it waits for the committee — never silently cancelled.
        app.Clock.Advance(TimeSpan.FromDays(15));
        await RunAsync<DeadlineReminderJob>(app, j => j.RunAsync());
        await RunAsync<AnnualReviewJob>(app, j => j.MarkMissedDeadlinesAsync());
        chair = await Api.SignInAsync(app, "chair");
        swd = await Api.SignInAsync(app, "swd");
        leader = await Api.SignInAsync(app, DemoData.Initiator);
        view = (await chair.GetAsync($"{Reviews}/{silentId}")).Body!;
        Assert.Equal("Overdue", view["state"]!.GetValue<string>());
        Assert.Equal(AssociationStatus.Active, await app.WithDbAsync(db => db.Associations.Where(a => a.Id == silent).Select(a => a.Status).SingleAsync()));
        var (_, chairTasks) = await chair.GetAsync("/api/v1/tasks?pageSize=100&sort=-since");
        Assert.Contains(chairTasks!["items"]!.AsArray(), t => t!["titleKey"]!.GetValue<string>() == "task.annual-overdue" && t["instanceId"]!.GetValue<Guid>() == silentId);

        var (_, progress) = await swd.GetAsync(Reviews);
        Assert.Equal(1, progress!["byState"]!["Passed"]!.GetValue<int>());
        Assert.Equal(1, progress["byState"]!["Overdue"]!.GetValue<int>());
        Assert.Equal(1, progress["overdue"]!.GetValue<int>());

        view = await ActAsync(chair, silentId, "CancelForMissedDeadline", new { expectedVersion = V(view), comment = "逾期未提交年审材料，经委员会研究予以注销" });
        Assert.Equal("Cancelled", view["state"]!.GetValue<string>());
        var cancelled = await app.WithDbAsync(db => db.Associations.SingleAsync(a => a.Id == silent));
        Assert.Equal(AssociationStatus.Cancelled, cancelled.Status);
        Assert.Contains("逾期未提交", cancelled.StatusReason);
        Assert.Equal(AssociationStatus.Active, await app.WithDbAsync(db => db.Associations.Where(a => a.Id == reported).Select(a => a.Status).SingleAsync()));
        var (_, associations) = await leader.GetAsync("/api/v1/associations?q=逾期未审协会");
        Assert.Contains(associations!["items"]!.AsArray(), a => a!["name"]!.GetValue<string>() == "逾期未审协会" && a["status"]!.GetValue<string>() == "Cancelled");
    }

    [Fact]
    public async Task AS_1_10_failing_the_review_cancels_only_through_the_chairs_recorded_decision()
    {
        using var app = new AppFactory();
        var association = await RegisterAsync(app, "年审不通过协会");
        var swd = await Api.SignInAsync(app, "swd");
        await swd.PostAsync($"{Reviews}/cycles", new { academicYear = 2026, deadline = app.Clock.GetUtcNow().AddDays(30) });
        var id = await app.WithDbAsync(db => db.WorkflowInstances.Where(i => i.Process == AnnualReviewProcess.ProcessName).Select(i => i.Id).SingleAsync());

        var leader = await Api.SignInAsync(app, DemoData.Initiator);
        var view = (await leader.GetAsync($"{Reviews}/{id}")).Body!;
        // Refusals: a member who is not a leader cannot submit; an empty report is refused with its reasons.
        var member = await Api.SignInAsync(app, "2023011005");
        var (status, _) = await member.PostAsync($"{Reviews}/{id}/report", new { activities = "x", finances = "y", expectedVersion = V(view) });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        (status, var problem) = await leader.PostAsync($"{Reviews}/{id}/report", new { activities = "", finances = "", expectedVersion = V(view) });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("review.activities-required,review.finances-required", Api.ProblemCodes(problem));

        (_, view) = await leader.PostAsync($"{Reviews}/{id}/report", new { activities = "无活动", finances = "无", violations = "以社团名义开展商业推广", expectedVersion = V(view) });
        view = await ActAsync(await Api.SignInAsync(app, DemoData.PartyInstructor), id, "InstructorConfirm", new { expectedVersion = V(view!) });
        view = await ActAsync(await Api.SignInAsync(app, "phy.party"), id, "GuidanceSubmitOpinion", new { expectedVersion = V(view), comment = "存在违规" });

        // Only the chair decides, after a member's opinion (AS-1.8); a rectification needs a future deadline; failing needs reasons.
        (status, _) = await (await Api.SignInAsync(app, "member1")).PostAsync($"{Reviews}/{id}/actions/ReviewFail", new { expectedVersion = V(view), comment = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        view = await ActAsync(await Api.SignInAsync(app, "member1"), id, "RecordOpinion", new { vote = "Oppose", comment = "存在违规" });
        var chair = await Api.SignInAsync(app, "chair");
        (status, problem) = await chair.PostAsync($"{Reviews}/{id}/actions/ReviewPassWithRectification", new { expectedVersion = V(view), comment = "限期整改" });
        Assert.Equal("review.rectification-deadline-required,rectification.items-required", Api.ProblemCodes(problem));
        (status, problem) = await chair.PostAsync($"{Reviews}/{id}/actions/ReviewFail", new { expectedVersion = V(view) });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(AssociationStatus.Active, await app.WithDbAsync(db => db.Associations.Where(a => a.Id == association).Select(a => a.Status).SingleAsync()));

        view = await ActAsync(chair, id, "ReviewFail", new { expectedVersion = V(view), comment = "开展商业活动，违反规定" });
        Assert.Equal("Failed", view["state"]!.GetValue<string>());
        Assert.Equal("Fail", view["result"]!.GetValue<string>());
        var a = await app.WithDbAsync(db => db.Associations.SingleAsync(x => x.Id == association));
        Assert.Equal(AssociationStatus.Cancelled, a.Status);
        Assert.Equal("开展商业活动，违反规定", a.StatusReason);
        Assert.Contains(await app.WithDbAsync(db => db.Outbox.Select(m => m.Subject).ToListAsync()), s => s.Contains("社团已被注销"));
    }

    [Fact]
    public async Task AS_1_5_the_daily_job_opens_the_cycle_on_the_configured_date_once()
    {
        using var app = new AppFactory();
        await RegisterAsync(app, "自动开启年审协会");
        var now = app.Clock.GetUtcNow();
        // Next 1 September, 10:00 in Beijing.
        var year = now.Month >= 9 ? now.Year + 1 : now.Year;
        app.Clock.SetUtcNow(new DateTimeOffset(year, 9, 1, 2, 0, 0, TimeSpan.Zero));
        await RunAsync<AnnualReviewJob>(app, j => j.RunAsync());
        await RunAsync<AnnualReviewJob>(app, j => j.RunAsync());
        var cycles = await app.WithDbAsync(db => db.ReviewCycles.ToListAsync());
        Assert.Equal(year, Assert.Single(cycles).AcademicYear);
        Assert.Equal(1, await app.WithDbAsync(db => db.AnnualReports.CountAsync()));
        // 45 days from 1 September: by 15 October 23:59, as a deadline picked on the page reads (issue 9), not 16 October 00:00.
        Assert.Equal(new DateTimeOffset(year, 10, 15, 23, 59, 0, TimeSpan.FromHours(8)), cycles[0].Deadline);
    }
}
