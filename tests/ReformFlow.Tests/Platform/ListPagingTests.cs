using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Memberships;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;
using static ReformFlow.Tests.Platform.ReadVisibilityKit.Staff;

namespace ReformFlow.Tests.Platform;

/// <summary>
/// Lists built for a real university: every list endpoint and page pages, sorts and filters in SQL from the query
/// string, answers <c>{ items, page, pageSize, total, pages }</c>, caps the page size at 100, and never counts or shows
/// what the read-visibility rules (docs/decisions/0009) hide.
/// </summary>
public sealed class ListPagingTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly MembershipKit membership = new(app);
    private FoundingKit Founding => membership.Founding;

    private static JsonArray Items(JsonNode? body) => body!["items"]!.AsArray();
    private static int Total(JsonNode? body) => body!["total"]!.GetValue<int>();
    private static List<string> Names(JsonNode? body, string field = "name") => Items(body).Select(x => x![field]!.GetValue<string>()).ToList();

    private async Task<JsonNode> OkAsync(string user, string path)
    {
        var (status, body) = await (await Founding.As(user)).GetAsync(path);
        Assert.True(status == HttpStatusCode.OK, $"{user} {path}: {(int)status} {body?.ToJsonString()}");
        return body!;
    }

    /// <summary>A fresh student invited as a sponsor who has not answered yet: they hold the invitation task.</summary>
    private async Task<string> InvitedAsync(TestDraft d)
    {
        var student = (await Founding.FreshStudentsAsync(1)).Single();
        var (status, _) = await d.Initiator.PostAsync($"/api/v1/association-applications/{d.Id}/sponsors", new { studentNumbers = new[] { student } });
        Assert.Equal(HttpStatusCode.OK, status);
        return student;
    }

    [Fact]
    public async Task Associations_page_sort_and_filter_in_the_API_and_the_page()
    {
        var made = await membership.AssociationsAsync(5, name: "分页测试社");
        var q = Uri.EscapeDataString("分页测试社");

        var first = await OkAsync(DemoData.Initiator, $"/api/v1/associations?q={q}&pageSize=2&sort=name");
        Assert.Equal(5, Total(first));
        Assert.Equal(3, first["pages"]!.GetValue<int>());
        Assert.Equal(1, first["page"]!.GetValue<int>());
        Assert.Equal(2, first["pageSize"]!.GetValue<int>());
        var byName = made.Select(a => a.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(byName.Take(2), Names(first));
        var last = await OkAsync(DemoData.Initiator, $"/api/v1/associations?q={q}&pageSize=2&sort=name&page=3");
        Assert.Equal(byName.Skip(4), Names(last));
        var descending = await OkAsync(DemoData.Initiator, $"/api/v1/associations?q={q}&sort=-name");
        Assert.Equal(byName.AsEnumerable().Reverse(), Names(descending));

        // Filters: status (one suspended), category, and a status nobody has.
        await membership.SuspendAsync(made[0].Id, "分页测试：暂停");
        var suspended = await OkAsync(StudentWork, $"/api/v1/associations?q={q}&status=Suspended");
        Assert.Equal([made[0].Name], Names(suspended));
        Assert.Equal(0, Total(await OkAsync(StudentWork, $"/api/v1/associations?q={q}&status=Banned")));
        Assert.Equal(5, Total(await OkAsync(StudentWork, $"/api/v1/associations?q={q}&category=CultureSports")));
        Assert.Equal(0, Total(await OkAsync(StudentWork, $"/api/v1/associations?q={q}&category=Academic")));
        // The year registered, in the installation's zone: this year has all five, last year none (page and API alike).
        var year = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Year;
        Assert.Equal(5, Total(await OkAsync(StudentWork, $"/api/v1/associations?q={q}&year={year}")));
        Assert.Equal(0, Total(await OkAsync(StudentWork, $"/api/v1/associations?q={q}&year={year - 1}")));
        var byYear = await (await Founding.As(StudentWork)).Http.GetStringAsync($"/Associations?q={q}&year={year - 1}");
        Assert.DoesNotContain(byName[0], byYear);
        Assert.Contains($"<option value=\"{year}\">", byYear);
        var (bad, _) = await (await Founding.As(StudentWork)).GetAsync("/api/v1/associations?status=Nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, bad);

        // The page: the same query string, and the pager's links keep the search, the sort and the page size.
        var html = await (await Founding.As(DemoData.Initiator)).Http.GetStringAsync($"/Associations?q={q}&pageSize=2&sort=name");
        Assert.Contains(byName[0], html);
        Assert.Contains(byName[1], html);
        Assert.DoesNotContain(byName[2], html);
        Assert.True(html.Contains("第 1 / 3 页") || html.Contains("Page 1 of 3"), "the pager counts the pages");
        var next = System.Text.RegularExpressions.Regex.Match(html, "href=\"([^\"]*)\" rel=\"next\"").Groups[1].Value.Replace("&amp;", "&");
        Assert.Contains("page=2", next);
        Assert.Contains("pageSize=2", next);
        Assert.Contains("sort=name", next);
        Assert.Contains($"q={q}", next, StringComparison.OrdinalIgnoreCase);
        var second = await (await Founding.As(DemoData.Initiator)).Http.GetStringAsync(next);
        Assert.Contains(byName[2], second);
        Assert.DoesNotContain(byName[0], second);
    }

    [Fact]
    public async Task Page_size_is_capped_at_100_and_nonsense_paging_falls_back()
    {
        var body = await OkAsync(StudentWork, "/api/v1/instructor-bank?pageSize=100000");
        Assert.Equal(100, body["pageSize"]!.GetValue<int>());
        Assert.True(Items(body).Count <= 100);
        body = await OkAsync(StudentWork, "/api/v1/tasks?pageSize=0&page=-3");
        Assert.Equal(1, body["pageSize"]!.GetValue<int>());
        Assert.Equal(1, body["page"]!.GetValue<int>());
        foreach (var path in new[] { "/api/v1/associations", "/api/v1/unions", "/api/v1/association-applications", "/api/v1/instructors" })
            Assert.Equal(100, (await OkAsync(StudentWork, path + "?pageSize=500"))["pageSize"]!.GetValue<int>());
        // Past the last page: an empty page that still carries the total.
        var beyond = await OkAsync(StudentWork, "/api/v1/instructor-bank?page=999");
        Assert.Empty(Items(beyond));
        Assert.True(Total(beyond) > 0);
    }

    [Fact]
    public async Task Every_documented_sort_key_and_filter_runs_in_SQL_both_ways()
    {
        var a = await membership.AssociationAsync(name: "分页排序社");
        var lists = new (string Path, string[] Keys)[]
        {
            ("/api/v1/association-applications?state=Draft&category=Academic&q=社", ["updated", "name", "state", "category"]),
            ("/api/v1/associations?status=Active&category=CultureSports&q=社", ["number", "name", "members", "registered", "status", "category"]),
            ($"/api/v1/associations/{a.Id}/members?role=Leader&q=20", ["role", "number", "name", "college", "grade", "joined"]),
            ("/api/v1/tasks?process=association-founding&overdue=true&q=协会", ["since", "due", "subject"]),
            ("/api/v1/instructor-bank?partyMember=false&q=T", ["number", "name", "college", "since", "appointments"]),
            ("/api/v1/unions?level=College&q=学院", ["level", "name"]),
        };
        foreach (var (path, keys) in lists)
            foreach (var sort in keys.SelectMany(k => new[] { k, "-" + k }).Append("no-such-key"))
                await OkAsync(StudentWork, $"{path}&sort={sort}&pageSize=3&page=2");
    }

    [Fact]
    public async Task Security_paging_and_search_never_count_or_show_what_visibility_hides()
    {
        var d = await Founding.DraftAsync("分页可见性草稿", sponsors: 1);
        var q = Uri.EscapeDataString("分页可见性草稿");
        var outsider = (await Founding.FreshStudentsAsync(1)).Single();
        // A draft is its initiator's, sponsors' and proposed instructors' (not even the deciding bodies' before submission).
        foreach (var reader in new[] { d.InitiatorNumber, d.Sponsors[0], d.Instructors[0] })
            Assert.Equal(1, Total(await OkAsync(reader, $"/api/v1/association-applications?q={q}")));
        foreach (var other in new[] { outsider, StudentWork, Chair, OwnGuidanceUnit, OtherCollegeLeague })
        {
            var body = await OkAsync(other, $"/api/v1/association-applications?q={q}&pageSize=100");
            Assert.True(Total(body) == 0, other);
            Assert.Empty(Items(body));
            Assert.DoesNotContain(d.Id.ToString(), await (await Founding.As(other)).Http.GetStringAsync($"/Associations/Applications?q={q}"));
        }
        // Counting without a search reveals nothing either: the outsider's total is what they may read.
        Assert.Equal(0, Total(await OkAsync(outsider, "/api/v1/association-applications")));
        // Tasks: an invitation still to answer is the invited student's alone.
        var invited = await InvitedAsync(d);
        Assert.Contains(Items(await OkAsync(invited, "/api/v1/tasks?process=association-founding&pageSize=100")), t => t!["instanceId"]!.GetValue<Guid>() == d.Id);
        Assert.Equal(0, Total(await OkAsync(outsider, "/api/v1/tasks")));

        // The roster stays refused, whatever the paging parameters.
        var a = await membership.AssociationAsync(name: "分页名册社");
        foreach (var other in new[] { outsider, OtherCollegeLeague, SchoolLeague })
        {
            var (status, problem) = await (await Founding.As(other)).GetAsync($"/api/v1/associations/{a.Id}/members?pageSize=100&q=2");
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal("access.roster", problem!["reasons"]![0]!["code"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Roster_pages_sorts_and_filters_leaders_first()
    {
        var a = await membership.AssociationAsync(name: "分页花名册社");
        var members = await Founding.FreshStudentsAsync(3);
        foreach (var m in members) await membership.AddMemberAsync(m, a.Id);
        var path = $"/api/v1/associations/{a.Id}/members";

        var all = await OkAsync(a.Leader, path);
        Assert.Equal(4, Total(all));
        Assert.Equal("Leader", Items(all)[0]!["role"]!.GetValue<string>());
        var paged = await OkAsync(a.Leader, path + "?pageSize=3&page=2");
        Assert.Equal(2, paged["pages"]!.GetValue<int>());
        Assert.Single(Items(paged));
        Assert.Equal([a.Leader], Names(await OkAsync(a.Leader, path + "?role=Leader"), "studentNumber"));
        Assert.Equal([members[1]], Names(await OkAsync(StudentWork, path + $"?q={members[1]}"), "studentNumber"));
        var byNumber = Names(await OkAsync(OwnGuidanceUnit, path + "?sort=-number"), "studentNumber");
        Assert.Equal(members.Append(a.Leader).OrderDescending(StringComparer.Ordinal), byNumber);

        var html = await (await Founding.As(a.Leader)).Http.GetStringAsync($"/Associations/Details/{a.Id}?role=Member&pageSize=2");
        Assert.Contains("id=\"roster\"", html);
        Assert.Contains(members[0], html);
        Assert.DoesNotContain(members[2], html);
        Assert.Contains("rel=\"next\"", html);
    }

    [Fact]
    public async Task Instructor_bank_tasks_and_unions_filter_and_sort()
    {
        var party = await OkAsync(DemoData.Initiator, "/api/v1/instructor-bank?partyMember=true&pageSize=100");
        Assert.NotEmpty(Items(party));
        Assert.All(Items(party), t => Assert.True(t!["isPartyMember"]!.GetValue<bool>()));
        var numbers = Names(await OkAsync(DemoData.Initiator, "/api/v1/instructor-bank?sort=-number&pageSize=5"), "staffNumber");
        Assert.Equal(numbers.OrderDescending(StringComparer.Ordinal), numbers);
        var found = await OkAsync(DemoData.Initiator, $"/api/v1/instructor-bank?q={DemoData.PartyInstructor}");
        Assert.Equal(DemoData.PartyInstructor, Assert.Single(Items(found))!["staffNumber"]!.GetValue<string>());
        Assert.Equal(0, Total(await OkAsync(DemoData.Initiator, $"/api/v1/instructor-bank?q={DemoData.TeacherOutsideBank}")));
        var physics = await app.WithDbAsync(db => db.Colleges.Where(c => c.Name == "物理学院").Select(c => c.Id).SingleAsync());
        Assert.All(Items(await OkAsync(StudentWork, $"/api/v1/instructor-bank?collegeId={physics}&pageSize=100")),
            t => Assert.Equal("物理学院", t!["college"]!.GetValue<string>()));
        var reference = await OkAsync(DemoData.Initiator, $"/api/v1/instructors?q={DemoData.PartyInstructor}");
        // The reference list keeps the shape it always had, inside the page: staff number, name, Party member, guiding.
        var row = Assert.Single(Items(reference))!;
        Assert.True(row["isPartyMember"]!.GetValue<bool>());
        Assert.True(row["guiding"]!.GetValue<int>() >= 0);
        Assert.Contains(DemoData.PartyInstructor, await (await Founding.As(DemoData.Initiator)).Http.GetStringAsync($"/Instructors?q={DemoData.PartyInstructor}"));
        Assert.DoesNotContain("T01002", await (await Founding.As(DemoData.Initiator)).Http.GetStringAsync($"/Instructors?q={DemoData.PartyInstructor}"));

        var school = await OkAsync(DemoData.Initiator, "/api/v1/unions?level=School");
        Assert.All(Items(school), u => Assert.Equal("School", u!["level"]!.GetValue<string>()));
        var colleges = await OkAsync(DemoData.Initiator, "/api/v1/unions?level=College&pageSize=2");
        Assert.True(Total(colleges) > 2, "the demo has a union per college");
        Assert.Equal(2, Items(colleges).Count);
        Assert.Contains("id=\"unions\"", await (await Founding.As(DemoData.Initiator)).Http.GetStringAsync("/Unions?level=College&pageSize=2"));

        // Tasks: by process and subject, over the API and the page.
        var d = await Founding.DraftAsync("分页待办协会", sponsors: 0);
        var invited = await InvitedAsync(d);
        var mine = await OkAsync(invited, $"/api/v1/tasks?q={Uri.EscapeDataString("分页待办协会")}");
        Assert.Equal(d.Id, Assert.Single(Items(mine))!["instanceId"]!.GetValue<Guid>());
        Assert.Equal(0, Total(await OkAsync(invited, $"/api/v1/tasks?q={Uri.EscapeDataString("别的协会")}")));
        Assert.Equal(0, Total(await OkAsync(invited, "/api/v1/tasks?process=cadre-college")));
        Assert.Equal(0, Total(await OkAsync(invited, "/api/v1/tasks?overdue=true")));
        var tasksPage = await (await Founding.As(invited)).Http.GetStringAsync("/Tasks?process=association-founding");
        Assert.Contains(d.Id.ToString(), tasksPage);
        Assert.Contains("id=\"no-tasks\"", await (await Founding.As(invited)).Http.GetStringAsync("/Tasks?process=cadre-college"));
    }
}
