using System.Net;
using System.Text.Json.Nodes;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Memberships;
using ReformFlow.Tests.Support;

namespace ReformFlow.Tests.Platform;

/// <summary>
/// The done list (已办): the workflow steps a person took and their membership decisions, newest first, only their own,
/// paged, searched by subject and filtered by process, in the API and on /Tasks/Done.
/// </summary>
public sealed class DoneListTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly MembershipKit kit = new(app);

    private async Task<JsonNode> DoneAsync(string userName, string query = "")
    {
        var (status, body) = await (await kit.As(userName)).GetAsync("/api/v1/tasks/done?" + query);
        Assert.True(status == HttpStatusCode.OK, body?.ToJsonString());
        return body!;
    }

    private static List<string> Actions(JsonNode page) => page["items"]!.AsArray().Select(i => i!["action"]!.GetValue<string>()).ToList();

    private void Tick() => app.Clock.Advance(TimeSpan.FromMinutes(1));

    [Fact]
    public async Task Membership_decisions_appear_newest_first_only_for_the_one_who_decided()
    {
        var a = await kit.AssociationAsync(leaders: 2, name: "手工社");
        var first = await kit.FreshStudentAsync();
        var second = await kit.FreshStudentAsync();
        var third = await kit.FreshStudentAsync();
        var r1 = await kit.AppliedAsync(first, a.Id);
        var r2 = await kit.AppliedAsync(second, a.Id);
        var r3 = await kit.AppliedAsync(third, a.Id);

        Tick();
        Assert.Equal(HttpStatusCode.OK, (await kit.AcceptAsync(a.Leaders[0], r1)).Status);
        Tick();
        Assert.Equal(HttpStatusCode.OK, (await kit.RefuseAsync(a.Leaders[0], r2, "不符合要求")).Status);
        Tick();
        Assert.Equal(HttpStatusCode.OK, (await kit.AcceptAsync(a.Leaders[1], r3)).Status); // the other leader's
        Tick();
        var (removed, problem) = await (await kit.As(a.Leaders[0])).PostAsync($"/api/v1/associations/{a.Id}/members/{first}/remove", new { reason = "多次无故缺席活动" });
        Assert.True(removed == HttpStatusCode.OK, problem?.ToJsonString());

        var mine = await DoneAsync(a.Leaders[0]);
        Assert.Equal(["RemoveMember", "RefuseMembership", "AcceptMembership"], Actions(mine));
        var items = mine["items"]!.AsArray();
        Assert.Contains(first, items[0]!["subject"]!.GetValue<string>());
        Assert.Equal("多次无故缺席活动", items[0]!["comment"]!.GetValue<string>());
        Assert.Equal("不符合要求", items[1]!["comment"]!.GetValue<string>());
        Assert.Contains(second, items[1]!["subject"]!.GetValue<string>());
        Assert.All(items, i => Assert.Equal($"/Associations/Details/{a.Id}#requests", i!["link"]!.GetValue<string>()));
        Assert.All(items, i => Assert.Equal("association-membership", i!["process"]!.GetValue<string>()));
        Assert.True(items[0]!["at"]!.GetValue<DateTimeOffset>() > items[1]!["at"]!.GetValue<DateTimeOffset>());

        // Exported as .xlsx, page and API alike: the same rows, newest first, with the comment.
        var leader = await kit.As(a.Leaders[0]);
        foreach (var path in new[] { "/Tasks/Done?handler=Export&process=association-membership", "/api/v1/tasks/done?format=xlsx&process=association-membership" })
        {
            var response = await leader.Http.GetAsync(path);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            var rows = ListExportTests.Rows(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(3, rows.Count);
            Assert.Contains(first, rows[0].Values.OfType<string>().Single(v => v.Contains(first)));
            Assert.Contains("多次无故缺席活动", rows[0].Values.OfType<string>());
            Assert.Contains("不符合要求", rows[1].Values.OfType<string>());
        }

        // Only one's own: the other leader sees their acceptance only; the applicants and staff see none of these.
        Assert.Equal(["AcceptMembership"], Actions(await DoneAsync(a.Leaders[1])));
        foreach (var user in new[] { first, second, "swd" })
            Assert.DoesNotContain(Actions(await DoneAsync(user)), x => x is "AcceptMembership" or "RefuseMembership" or "RemoveMember");
    }

    [Fact]
    public async Task Workflow_steps_are_listed_paged_searched_and_filtered_by_process()
    {
        var founding = new FoundingKit(app);
        var a = await kit.AssociationAsync(name: "航模社");
        var d = await founding.DraftAsync("模型爱好者协会", sponsors: 2);
        Tick();
        var request = await kit.AppliedAsync(await kit.FreshStudentAsync(), a.Id);
        // A sponsor of the draft who leads an association: their steps in both kinds of work.
        var sponsor = d.Sponsors[0];
        await kit.AddMemberAsync(sponsor, a.Id, Domain.Associations.MemberRole.Leader);
        Tick();
        Assert.Equal(HttpStatusCode.OK, (await kit.AcceptAsync(sponsor, request)).Status);

        // The sponsor confirmed (a workflow step) and then accepted (a membership decision): newest first.
        var all = await DoneAsync(sponsor);
        Assert.Equal(["AcceptMembership", "ConfirmSponsorship"], Actions(all));
        var step = all["items"]![1]!;
        Assert.Equal(d.Id, step["itemId"]!.GetValue<Guid>());
        Assert.Equal($"/Workflows/{d.Id}", step["link"]!.GetValue<string>());
        Assert.Equal("模型爱好者协会", step["subject"]!.GetValue<string>());
        Assert.Equal("association-founding", step["process"]!.GetValue<string>());

        // The initiator created, saved and invited (steps in one instant keep the order they were taken, newest first);
        // the sponsors' confirmations are theirs, not the initiator's.
        Assert.Equal(["InviteSponsors", "Edit", "Start"], Actions(await DoneAsync(d.InitiatorNumber)));

        // Filter by process, search the subject, page.
        Assert.Equal(["ConfirmSponsorship"], Actions(await DoneAsync(sponsor, "process=association-founding")));
        Assert.Equal(["AcceptMembership"], Actions(await DoneAsync(sponsor, "process=association-membership")));
        Assert.Equal(["ConfirmSponsorship"], Actions(await DoneAsync(sponsor, "q=" + Uri.EscapeDataString("模型爱好"))));
        Assert.Equal(0, (await DoneAsync(sponsor, "q=" + Uri.EscapeDataString("不存在的事项")))["total"]!.GetValue<int>());
        var page2 = await DoneAsync(sponsor, "pageSize=1&page=2");
        Assert.Equal(2, page2["total"]!.GetValue<int>());
        Assert.Equal(2, page2["pages"]!.GetValue<int>());
        Assert.Equal(["ConfirmSponsorship"], Actions(page2));
        Assert.Equal(["ConfirmSponsorship", "AcceptMembership"], Actions(await DoneAsync(sponsor, "sort=at")));

        // The page: the same rows, linked.
        var html = await (await kit.As(sponsor)).Http.GetStringAsync("/Tasks/Done");
        Assert.Contains($"href=\"/Workflows/{d.Id}\"", html);
        Assert.Contains($"href=\"/Associations/Details/{a.Id}#requests\"", html);
        html = await (await kit.As(sponsor)).Http.GetStringAsync("/Tasks/Done?process=association-membership");
        Assert.DoesNotContain($"href=\"/Workflows/{d.Id}\"", html);
    }
}
