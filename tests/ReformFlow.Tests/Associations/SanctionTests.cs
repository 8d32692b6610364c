using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Organisation;
using ReformFlow.Tests.Memberships;
using ReformFlow.Tests.Support;
using static ReformFlow.Tests.Associations.FoundingKit;

namespace ReformFlow.Tests.Associations;

/// <summary>
/// AS-1.10 at any time, not only through the annual review: the review committee's chair suspends, reinstates,
/// bans or cancels an association, on record and with notices; a banned or cancelled one takes no further part (AS-1.7).
/// </summary>
public sealed class SanctionTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly MembershipKit kit = new(app);

    private static string Path(Guid id, string action = "") => $"/api/v1/associations/{id}/sanctions/{action}";

    private async Task<(HttpStatusCode Status, JsonNode? Body)> DecideAsync(string userName, Guid id, string action, string? reason, string? reviewOn = null) =>
        await (await kit.As(userName)).PostAsync(Path(id, action), new { reason, reviewOn });

    /// <summary>The association, its decisions and the outbox: what a refused decision must leave as it was.</summary>
    private Task<string> StateAsync(Guid id) =>
        app.WithDbAsync(async db =>
        {
            var a = await db.Associations.AsNoTracking().SingleAsync(x => x.Id == id);
            var sanctions = await db.AssociationSanctions.CountAsync(s => s.AssociationId == id);
            return $"{a.Status}|{a.StatusReason}|{a.StatusChangedAt}|{sanctions}|{await db.Outbox.CountAsync()}";
        });

    private Task<List<string>> OutboxSinceAsync(HashSet<Guid> before) =>
        app.WithDbAsync(async db => (await db.Outbox.AsNoTracking().ToListAsync()).Where(m => !before.Contains(m.Id)).Select(m => $"{m.ToAddress}|{m.Subject}|{m.Body}").ToList());

    private Task<HashSet<Guid>> OutboxIdsAsync() => app.WithDbAsync(async db => (await db.Outbox.Select(m => m.Id).ToListAsync()).ToHashSet());

    /// <summary>An association with a leader, a plain member and a running instructor.</summary>
    private async Task<(TestAssociation A, string Member, string Instructor)> PopulatedAsync(string name)
    {
        var a = await kit.AssociationAsync(name: name);
        var member = await kit.FreshStudentAsync();
        await kit.AddMemberAsync(member, a.Id);
        var instructor = (await kit.Founding.FreshInstructorsAsync(1)).Single();
        await kit.Founding.AddAppointmentsAsync(instructor, [a.Id]);
        return (a, member, instructor);
    }

    private Task<string?> EmailOfAsync(string userName) =>
        app.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Email).SingleOrDefaultAsync());

    [Fact]
    public async Task AS_1_10_chair_suspends_with_a_review_date_and_reinstates_on_record_with_notices()
    {
        var (a, member, instructor) = await PopulatedAsync("天文社");
        var outbox = await OutboxIdsAsync();
        var reviewOn = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd");

        var (status, body) = await DecideAsync("chair", a.Id, "Suspend", "活动场地存在安全隐患，整改期间暂停活动", reviewOn);
        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body?.ToJsonString()}");
        Assert.Equal("Suspend", body!["action"]!.GetValue<string>());
        Assert.Equal("Active", body["fromStatus"]!.GetValue<string>());
        Assert.Equal("Suspended", body["toStatus"]!.GetValue<string>());
        Assert.Equal(reviewOn, body["reviewOn"]!.GetValue<string>());

        // The association shows the status with the reason; joining is refused (AS-1.7).
        var (_, view) = await (await kit.As(a.Leader)).GetAsync($"/api/v1/associations/{a.Id}");
        Assert.Equal("Suspended", view!["status"]!.GetValue<string>());
        Assert.Equal("活动场地存在安全隐患，整改期间暂停活动", view["statusReason"]!.GetValue<string>());
        var (applied, problem) = await kit.ApplyAsync(await kit.FreshStudentAsync(), a.Id);
        AssertRefused(applied, problem, ("AS-1.7", "association.not-active"));

        // The leader, the member and the instructor are each told, with the reason and the review date.
        var mails = await OutboxSinceAsync(outbox);
        foreach (var person in new[] { a.Leader, member, instructor })
        {
            var address = await EmailOfAsync(person);
            Assert.False(string.IsNullOrEmpty(address), person);
            Assert.Single(mails, m => m.StartsWith(address + "|") && m.Contains("活动场地存在安全隐患") && m.Contains(reviewOn));
        }
        Assert.Equal(3, mails.Count);

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        (status, body) = await DecideAsync("chair", a.Id, "Reinstate", "整改完成，经复查恢复活动");
        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body?.ToJsonString()}");
        Assert.Equal("Active", body!["toStatus"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await kit.ApplyAsync(await kit.FreshStudentAsync(), a.Id)).Status);

        // The history: both decisions, newest first, who decided and why.
        var (_, history) = await (await kit.As(member)).GetAsync(Path(a.Id));
        var rows = history!.AsArray();
        Assert.Equal(["Reinstate", "Suspend"], rows.Select(r => r!["action"]!.GetValue<string>()));
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r!["decidedBy"]!.GetValue<string>())));
        Assert.Equal("整改完成，经复查恢复活动", rows[0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task AS_1_10_only_the_chair_of_the_same_university_decides_and_a_refusal_changes_nothing()
    {
        var (a, _, instructor) = await PopulatedAsync("街舞社");
        var otherChair = "chair-" + Guid.NewGuid().ToString("N")[..8];
        await app.WithDbAsync(async db =>
        {
            var uni = new University("OX" + Guid.NewGuid().ToString("N")[..6], "松江大学", "Songjiang University");
            db.Universities.Add(uni);
            return await db.SaveChangesAsync();
        });
        var otherUni = await app.WithDbAsync(db => db.Universities.Where(u => u.Name == "松江大学").Select(u => u.Id).FirstAsync());
        await kit.Founding.AddUserAsync(otherChair, otherUni, Role.ReviewCommitteeChair, null);
        var before = await StateAsync(a.Id);

        // Leaders, instructors, committee members and the student work department do not decide.
        foreach (var who in new[] { a.Leader, instructor, "member1", "swd" })
            foreach (var action in new[] { "Suspend", "Ban", "Cancel" })
            {
                var (status, problem) = await DecideAsync(who, a.Id, action, "违规开展活动");
                MembershipKit.AssertForbidden(status, problem, "access.committee-chair-only", "AS-1.10");
            }
        // The chair of another university does not even see it.
        var (otherStatus, otherProblem) = await DecideAsync(otherChair, a.Id, "Ban", "违规开展活动");
        MembershipKit.AssertNotFound(otherStatus, otherProblem);
        Assert.Equal(HttpStatusCode.NotFound, (await (await kit.As(otherChair)).GetAsync(Path(a.Id))).Status);
        Assert.Equal(before, await StateAsync(a.Id));
    }

    [Fact]
    public async Task AS_1_10_decisions_that_do_not_apply_are_refused_with_the_measure_and_change_nothing()
    {
        var a = await kit.AssociationAsync(name: "话剧社");
        var before = await StateAsync(a.Id);
        var yesterday = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd");
        var nextMonth = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd");

        var (status, problem) = await DecideAsync("chair", a.Id, "Reinstate", "恢复活动");
        AssertRefused(status, problem, ("AS-1.10", "association.not-suspended"));
        (status, problem) = await DecideAsync("chair", a.Id, "Suspend", "  ");
        AssertRefused(status, problem, (null, "workflow.comment-required"));
        (status, problem) = await DecideAsync("chair", a.Id, "Suspend", "暂停活动", yesterday);
        AssertRefused(status, problem, ("AS-1.10", "sanction.review-date-past"));
        (status, problem) = await DecideAsync("chair", a.Id, "Ban", "取缔", nextMonth);
        AssertRefused(status, problem, ("AS-1.10", "sanction.review-date-suspend-only"));
        (status, problem) = await DecideAsync("chair", a.Id, "Dissolve", "解散");
        AssertRefused(status, problem, (null, "sanction.unknown-action"));
        Assert.Equal(before, await StateAsync(a.Id));

        // Suspending twice: the second is refused.
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync("chair", a.Id, "Suspend", "暂停活动")).Status);
        before = await StateAsync(a.Id);
        (status, problem) = await DecideAsync("chair", a.Id, "Suspend", "再次暂停");
        AssertRefused(status, problem, ("AS-1.10", "association.already-suspended"));
        Assert.Equal(before, await StateAsync(a.Id));
    }

    [Fact]
    public async Task AS_1_7_banned_or_cancelled_association_keeps_its_history_and_takes_no_further_part()
    {
        foreach (var (action, final, key) in new[] { ("Ban", "Banned", "association.banned-is-final"), ("Cancel", "Cancelled", "association.cancelled-is-final") })
        {
            var (a, member, _) = await PopulatedAsync("轮滑社");
            var waiting = await kit.FreshStudentAsync();
            var request = await kit.AppliedAsync(waiting, a.Id);
            // Suspended first, then ended: both decisions stay on record.
            Assert.Equal(HttpStatusCode.OK, (await DecideAsync("chair", a.Id, "Suspend", "违规开展校外商业活动，先行暂停")).Status);
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            var (status, body) = await DecideAsync("chair", a.Id, action, "违规开展校外商业活动，情节严重");
            Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body?.ToJsonString()}");
            Assert.Equal(final, body!["toStatus"]!.GetValue<string>());
            var before = await StateAsync(a.Id);
            var memberships = await kit.SnapshotAsync(a.Id);

            // No further decision: it is final.
            foreach (var next in new[] { "Reinstate", "Suspend", "Ban", "Cancel" })
            {
                var (s, p) = await DecideAsync("chair", a.Id, next, "复议");
                AssertRefused(s, p, ("AS-1.10", key));
            }
            // No joining, no accepting (AS-1.7).
            var (applied, problem) = await kit.ApplyAsync(await kit.FreshStudentAsync(), a.Id);
            AssertRefused(applied, problem, ("AS-1.7", "association.not-active"));
            var (accepted, acceptProblem) = await kit.AcceptAsync(a.Leader, request);
            AssertRefused(accepted, acceptProblem, ("AS-1.7", "association.not-active"));
            Assert.Equal(before, await StateAsync(a.Id));
            await kit.AssertUnchangedAsync(a.Id, memberships);

            // The history and the roster are kept; the member's place is free again (AS-3.2 counts only live associations).
            var (_, history) = await (await kit.As(member)).GetAsync(Path(a.Id));
            Assert.Equal([action, "Suspend"], history!.AsArray().Select(r => r!["action"]!.GetValue<string>()));
            var (rosterStatus, roster) = await (await kit.As(a.Leader)).GetAsync($"/api/v1/associations/{a.Id}/members");
            Assert.Equal(HttpStatusCode.OK, rosterStatus);
            Assert.Equal(2, roster!["items"]!.AsArray().Count);
            var counting = await app.WithDbAsync(async db =>
            {
                var id = await db.Students.Where(s => s.StudentNumber == member).Select(s => s.Id).SingleAsync();
                return await Workflows.Associations.MembershipQueries.CountingTowardLimit(db).CountAsync(m => m.StudentId == id);
            });
            Assert.Equal(0, counting);
        }
    }

    [Fact]
    public async Task AS_1_10_the_page_offers_the_decision_to_the_chair_only_and_shows_the_history()
    {
        var a = await kit.AssociationAsync(name: "棋牌社");
        var leaderPage = await PageClientAsync(a.Leader);
        var html = await leaderPage.GetStringAsync($"/Associations/Details/{a.Id}");
        Assert.DoesNotContain("id=\"sanction-form\"", html);
        Assert.Contains("id=\"no-sanctions\"", html);

        var chairPage = await PageClientAsync("chair");
        html = await chairPage.GetStringAsync($"/Associations/Details/{a.Id}");
        Assert.Contains("id=\"sanction-form\"", html);
        var token = WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);

        // Without a reason: the page says why, nothing changes.
        var before = await StateAsync(a.Id);
        var response = await chairPage.PostAsync($"/Associations/Details/{a.Id}?handler=Sanction", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["decision"] = "Suspend", ["SanctionReason"] = "", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(Workflows.Localization.Texts.Get("zh-CN", "workflow.comment-required")), await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await StateAsync(a.Id));

        response = await chairPage.PostAsync($"/Associations/Details/{a.Id}?handler=Sanction", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["decision"] = "Suspend", ["SanctionReason"] = "未按期提交活动计划", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        html = await leaderPage.GetStringAsync($"/Associations/Details/{a.Id}");
        Assert.Contains("data-status=\"Suspended\"", html);
        Assert.Contains("data-sanction=\"Suspend\"", html);
        Assert.Contains("未按期提交活动计划", html);
    }

    [Fact]
    public async Task AS_1_10_the_chair_is_reminded_once_on_the_review_date_of_a_suspension()
    {
        var a = await kit.AssociationAsync(name: "动漫社");
        var reviewOn = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(3);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync("chair", a.Id, "Suspend", "社团经费使用不规范，暂停活动待查", reviewOn.ToString("yyyy-MM-dd"))).Status);
        var lifted = await kit.AssociationAsync(name: "动漫社");
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync("chair", lifted.Id, "Suspend", "暂停活动待查", reviewOn.ToString("yyyy-MM-dd"))).Status);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync("chair", lifted.Id, "Reinstate", "提前查清，恢复活动")).Status);

        async Task<List<string>> RunAsync(DateTimeOffset at)
        {
            var before = await OutboxIdsAsync();
            await using var scope = app.Scope();
            await scope.ServiceProvider.GetRequiredService<Workflows.Jobs.SanctionReviewJob>().RunAsync(at, CancellationToken.None);
            return (await OutboxSinceAsync(before)).Where(m => m.Contains("动漫社")).ToList();
        }

        var now = app.Clock.GetUtcNow();
        Assert.Empty(await RunAsync(now.AddDays(1)));              // not yet
        var chair = await EmailOfAsync("chair");
        var sent = await RunAsync(now.AddDays(4));                  // the date has come (or passed while the app was down)
        Assert.Single(sent);
        Assert.StartsWith(chair + "|", sent[0]);
        Assert.Contains("社团经费使用不规范", sent[0]);
        Assert.Contains(reviewOn.ToString("yyyy-MM-dd"), sent[0]);
        Assert.Empty(await RunAsync(now.AddDays(5)));              // once only; the lifted suspension never
    }

    /// <summary>A browser-like client signed in through the login page, in Chinese; no redirects followed.</summary>
    private async Task<HttpClient> PageClientAsync(string userName)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var login = await client.GetStringAsync("/Account/Login");
        var token = Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = Workflows.Demo.DemoData.Password, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
