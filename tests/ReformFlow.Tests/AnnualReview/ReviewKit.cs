using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.AnnualReview;

namespace ReformFlow.Tests.AnnualReview;

/// <summary>A registered association with fresh people: its leader, a member who is not a leader, its instructor.</summary>
public sealed record Reviewed(Guid AssociationId, string Leader, string Member, string Instructor);

/// <summary>Drives annual reviews over the API for the AS-1.5 / AS-1.8 tests; every step as the person who takes it.</summary>
public sealed class ReviewKit(AppFactory app)
{
    public const string Reviews = "/api/v1/annual-reviews";
    public FoundingKit Founding { get; } = new(app);

    /// <summary>Founded by a fresh initiator (its leader) and registered by the committee.</summary>
    public async Task<Reviewed> RegisteredAsync(string name)
    {
        var d = await Founding.DraftAsync(name);
        var view = await Founding.ToCommitteeAsync(d);
        view = await (await Founding.As("member1")).ActAsync(d.Id, "RecordOpinion", new { vote = "Support" });
        await (await Founding.As("chair")).ActAsync(d.Id, "CommitteeApprove", new { expectedVersion = FoundingKit.Version(view) });
        var id = await app.WithDbAsync(db => db.Associations.Where(a => a.Name == name).Select(a => a.Id).SingleAsync());
        return new Reviewed(id, d.InitiatorNumber, d.Sponsors[0], d.Instructors[0]);
    }

    /// <summary>Opens this year's cycle for every active association, due in 30 days.</summary>
    public async Task OpenCycleAsync()
    {
        var (status, body) = await (await Api.SignInAsync(app, "swd")).PostAsync($"{Reviews}/cycles",
            new { academicYear = app.Clock.GetUtcNow().Year, deadline = app.Clock.GetUtcNow().AddDays(30) });
        Assert.True(status == HttpStatusCode.OK, $"open: {(int)status} {body?.ToJsonString()}");
    }

    public Task<Guid> ReportOfAsync(Guid association) => app.WithDbAsync(db =>
        (from r in db.AnnualReports join i in db.WorkflowInstances on r.Id equals i.SubjectId
         where r.AssociationId == association && i.Process == AnnualReviewProcess.ProcessName select i.Id).SingleAsync());

    /// <summary>Reported by the leader, confirmed by the instructor, the guidance unit's opinion given: the committee's turn.</summary>
    public async Task<(Guid Report, JsonNode View)> ToDecisionAsync(Reviewed a)
    {
        var report = await ReportOfAsync(a.AssociationId);
        var leader = await Api.SignInAsync(app, a.Leader);
        var view = (await leader.GetAsync($"{Reviews}/{report}")).Body!;
        var (status, body) = await leader.PostAsync($"{Reviews}/{report}/report",
            new { activities = "学术沙龙 4 次", finances = "会费收入 800 元，支出 600 元", expectedVersion = V(view) });
        Assert.True(status == HttpStatusCode.OK, $"report: {(int)status} {body?.ToJsonString()}");
        view = await ActAsync(a.Instructor, report, "InstructorConfirm", new { expectedVersion = V(body!) });
        view = await ActAsync(FoundingKit.GuidanceAccount, report, "GuidanceSubmitOpinion", new { expectedVersion = V(view), comment = "同意" });
        Assert.Equal("CommitteeDecision", State(view));
        return (report, view);
    }

    /// <summary>A member's opinion, then the chair's pass with rectification: the leaders are rectifying.</summary>
    public async Task<JsonNode> PassWithRectificationAsync(Guid report, JsonNode view, DateTimeOffset deadline)
    {
        view = await ActAsync("member1", report, "RecordOpinion", new { vote = "Support", comment = "财务记录不全，建议限期整改" });
        view = await ActAsync("chair", report, "ReviewPassWithRectification",
            new { expectedVersion = V(view), comment = "限期整改", deadline, items = "补齐财务台账\n完善会员登记" });
        Assert.Equal("PassedWithRectification", State(view));
        return view;
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> TryAsync(string user, Guid report, string action, object body) =>
        await (await Api.SignInAsync(app, user)).PostAsync($"{Reviews}/{report}/actions/{action}", body);

    public async Task<JsonNode> ActAsync(string user, Guid report, string action, object body)
    {
        var (status, json) = await TryAsync(user, report, action, body);
        Assert.True(status == HttpStatusCode.OK, $"{action} by {user}: {(int)status} {json?.ToJsonString()}");
        return json!;
    }

    public async Task<JsonNode> ViewAsync(string user, Guid report) => (await (await Api.SignInAsync(app, user)).GetAsync($"{Reviews}/{report}")).Body!;

    /// <summary>What a refused step must leave as it was: state, version, history, the association's status, emails.</summary>
    public Task<string> SnapshotAsync(Guid report) => app.WithDbAsync(async db =>
    {
        var i = await db.WorkflowInstances.AsNoTracking().SingleAsync(x => x.Id == report);
        var r = await db.AnnualReports.AsNoTracking().Include(x => x.Opinions).SingleAsync(x => x.Id == i.SubjectId);
        var status = await db.Associations.Where(a => a.Id == r.AssociationId).Select(a => a.Status).SingleAsync();
        return $"{i.State}|{i.Version}|{await db.WorkflowHistory.CountAsync(h => h.InstanceId == report)}|{status}|{r.Opinions.Count}|{r.RectificationReport}|{await db.Outbox.CountAsync()}";
    });

    public async Task<int> RunAsync<TJob>(Func<TJob, Task<int>> run) where TJob : notnull
    {
        await using var scope = app.Scope();
        return await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }

    public static void AssertRefused(HttpStatusCode expected, string? measureId, string code, (HttpStatusCode Status, JsonNode? Body) result)
    {
        Assert.True(result.Status == expected, $"expected {(int)expected}, got {(int)result.Status}: {result.Body?.ToJsonString()}");
        var reasons = result.Body!["reasons"]!.AsArray();
        Assert.Contains(reasons, r => r!["code"]!.GetValue<string>() == code && r["measureId"]?.GetValue<string>() == measureId);
    }

    public static int V(JsonNode view) => view["version"]!.GetValue<int>();
    public static string State(JsonNode view) => view["state"]!.GetValue<string>();
}
