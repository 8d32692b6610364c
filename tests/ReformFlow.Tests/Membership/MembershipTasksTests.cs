using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReformFlow.Domain.Associations;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Tests.Memberships;

/// <summary>
/// A pending membership request (AS-3.1) is an item of My tasks for the association's current leaders only, counted in the
/// menu, filtered and searched like every task, and it leaves the list when accepted, refused or withdrawn.
/// </summary>
public sealed class MembershipTasksTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly MembershipKit kit = new(app);
    private const string Process = "association-membership";

    private async Task<JsonNode> TasksAsync(string userName, string query = "")
    {
        var (status, body) = await (await kit.As(userName)).GetAsync("/api/v1/tasks?pageSize=100" + query);
        Assert.Equal(HttpStatusCode.OK, status);
        return body!;
    }

    private static List<JsonNode> Requests(JsonNode tasks) =>
        tasks["items"]!.AsArray().Where(t => t!["process"]!.GetValue<string>() == Process).Select(t => t!).ToList();

    /// <summary>The number the menu shows next to My tasks (none when nothing waits), read from a page as the browser gets it.</summary>
    private async Task<int> BadgeAsync(string userName)
    {
        var html = await (await kit.As(userName)).Http.GetStringAsync("/Associations");
        var m = Regex.Match(html, "<span class=\"nav-count\" aria-hidden=\"true\">(\\d+)</span><span class=\"visually-hidden\">([^<]+)</span>");
        if (!m.Success) return 0;
        var n = int.Parse(m.Groups[1].Value);
        Assert.Equal(Texts.Get(Texts.English, "nav.tasks-count", n), System.Net.WebUtility.HtmlDecode(m.Groups[2].Value));
        return n;
    }

    [Fact]
    public async Task AS_3_1_a_request_waits_in_my_tasks_of_the_associations_leaders_only()
    {
        var a = await kit.AssociationAsync(leaders: 2, name: "书法社");
        var other = await kit.AssociationAsync(name: "围棋社");
        var member = await kit.FreshStudentAsync();
        await kit.JoinAsync(member, a);
        var applicant = await kit.FreshStudentAsync();
        var applicantName = await app.WithDbAsync(db => Task.FromResult(db.Students.Single(s => s.StudentNumber == applicant).Name));

        var request = await kit.AppliedAsync(applicant, a.Id);

        foreach (var leader in a.Leaders)
        {
            var tasks = await TasksAsync(leader);
            var item = Assert.Single(Requests(tasks));
            Assert.Equal(request, item["taskId"]!.GetValue<Guid>());
            Assert.Equal(a.Id, item["instanceId"]!.GetValue<Guid>());
            Assert.Equal($"/Associations/Details/{a.Id}#requests", item["link"]!.GetValue<string>());
            Assert.Contains(a.Name, item["subject"]!.GetValue<string>());
            Assert.Contains(applicant, item["subject"]!.GetValue<string>());
            Assert.Equal(1, tasks["total"]!.GetValue<int>());
            Assert.Equal(1, await BadgeAsync(leader));
        }
        // Not the leader of another association, a plain member, the applicant, or staff.
        foreach (var user in new[] { other.Leader, member, applicant, "swd", "chair" })
            Assert.Empty(Requests(await TasksAsync(user)));
        Assert.Equal(0, await BadgeAsync(other.Leader));

        // Filtered and searched like the other tasks, in SQL.
        Assert.Single(Requests(await TasksAsync(a.Leader, $"&process={Process}")));
        Assert.Equal(0, (await TasksAsync(a.Leader, "&process=association-founding"))["total"]!.GetValue<int>());
        Assert.Equal(0, (await TasksAsync(a.Leader, "&overdue=true"))["total"]!.GetValue<int>());
        Assert.Single(Requests(await TasksAsync(a.Leader, "&q=" + Uri.EscapeDataString(applicantName))));
        Assert.Equal(0, (await TasksAsync(a.Leader, "&q=" + Uri.EscapeDataString("没有这样的事项")))["total"]!.GetValue<int>());

        // The My tasks page links to where the request is decided.
        var page = await (await kit.As(a.Leader)).Http.GetStringAsync("/Tasks");
        Assert.Contains($"href=\"/Associations/Details/{a.Id}#requests\"", page);
    }

    [Fact]
    public async Task A_request_leaves_the_list_when_accepted_refused_or_withdrawn()
    {
        var a = await kit.AssociationAsync(name: "篆刻社");
        var accepted = await kit.AppliedAsync(await kit.FreshStudentAsync(), a.Id);
        var refused = await kit.AppliedAsync(await kit.FreshStudentAsync(), a.Id);
        var withdrawer = await kit.FreshStudentAsync();
        var withdrawn = await kit.AppliedAsync(withdrawer, a.Id);
        Assert.Equal(3, Requests(await TasksAsync(a.Leader)).Count);
        Assert.Equal(3, await BadgeAsync(a.Leader));

        Assert.Equal(HttpStatusCode.OK, (await kit.AcceptAsync(a.Leader, accepted)).Status);
        Assert.Equal(HttpStatusCode.OK, (await kit.RefuseAsync(a.Leader, refused, "名额已满")).Status);
        Assert.Equal(HttpStatusCode.OK, (await kit.WithdrawAsync(withdrawer, withdrawn)).Status);

        Assert.Empty(Requests(await TasksAsync(a.Leader)));
        Assert.Equal(0, await BadgeAsync(a.Leader));
    }

    [Fact]
    public async Task AS_1_7_the_list_follows_leadership_and_the_associations_status()
    {
        var a = await kit.AssociationAsync(leaders: 2, name: "茶艺社");
        var request = await kit.AppliedAsync(await kit.FreshStudentAsync(), a.Id);
        Assert.Single(Requests(await TasksAsync(a.Leaders[0])));

        // A leader who left no longer has it; the other still does.
        Assert.Equal(HttpStatusCode.OK, (await kit.LeaveAsync(a.Leaders[0], a.Id)).Status);
        Assert.Empty(Requests(await TasksAsync(a.Leaders[0])));
        Assert.Single(Requests(await TasksAsync(a.Leaders[1])));

        // A suspended association decides nothing (AS-1.7): the request waits off the list until it is reinstated.
        await kit.SuspendAsync(a.Id, "停业整顿");
        Assert.Empty(Requests(await TasksAsync(a.Leaders[1])));
        await kit.ReinstateAsync(a.Id, "整改完成");
        Assert.Equal(request, Assert.Single(Requests(await TasksAsync(a.Leaders[1])))["taskId"]!.GetValue<Guid>());
    }
}
