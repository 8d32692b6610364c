using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Organisation;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Localization;
using static ReformFlow.Tests.Associations.FoundingKit;

namespace ReformFlow.Tests.Associations;

/// <summary>Refusals by role and by scope: 403 with the reason in the caller's language, and nothing changed.</summary>
public sealed class FoundingAccessTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly FoundingKit kit = new(app);

    private static string ActionPath(Guid id, string action) => $"/api/v1/association-applications/{id}/actions/{action}";

    private static void AssertForbidden(HttpStatusCode status, JsonNode? problem, string reasonKey)
    {
        Assert.True(status == HttpStatusCode.Forbidden, $"expected 403, got {(int)status}: {problem?.ToJsonString()}");
        AssertIsText("access.denied", problem!["title"]!.GetValue<string>());
        AssertIsText(reasonKey, problem["detail"]!.GetValue<string>());
        Assert.Equal(reasonKey, problem["reasons"]![0]!["code"]!.GetValue<string>());
    }

    private async Task<(HttpStatusCode, JsonNode?)> Decide(Api api, Guid id, string action, JsonNode seen, string? comment = "意见") =>
        await api.PostAsync(ActionPath(id, action), new { expectedVersion = Version(seen), comment });

    [Fact]
    public async Task Student_cannot_approve_as_guidance_unit()
    {
        var d = await kit.DraftAsync("羽毛球协会");
        var before = await kit.ToGuidanceAsync(d);
        var sponsor = await kit.As(d.Sponsors[0]);

        foreach (var student in new[] { d.Initiator, sponsor })
            foreach (var action in new[] { "GuidanceApprove", "GuidanceReturn", "GuidanceReject" })
            {
                var (status, problem) = await Decide(student, d.Id, action, before);
                AssertForbidden(status, problem, "access.guidance-unit-only");
            }

        await kit.AssertUnchangedAsync(d.Id, before);
        Assert.DoesNotContain((await kit.ViewAsync(d.Id, d.Initiator))["actions"]!.AsArray(), a => a!["trigger"]!.GetValue<string>().StartsWith("Guidance"));
    }

    [Fact]
    public async Task Student_cannot_approve_as_committee_chair()
    {
        var d = await kit.DraftAsync("乒乓球协会");
        await kit.ToCommitteeAsync(d);
        var before = await (await kit.As("member1")).ActAsync(d.Id, "RecordOpinion", new { vote = "Support" });

        foreach (var student in new[] { d.Initiator, await kit.As(d.Sponsors[1]) })
        {
            var (status, problem) = await Decide(student, d.Id, "CommitteeApprove", before);
            AssertForbidden(status, problem, "access.committee-chair-only");
            (status, problem) = await student.PostAsync(ActionPath(d.Id, "RecordOpinion"), new { vote = "Support" });
            AssertForbidden(status, problem, "access.committee-member-only");
        }

        await kit.AssertUnchangedAsync(d.Id, before);
    }

    [Fact]
    public async Task Sponsor_who_is_not_the_initiator_cannot_submit_or_edit()
    {
        var d = await kit.DraftAsync("跆拳道社");
        var sponsor = await kit.As(d.Sponsors[2]);
        var before = await kit.ViewAsync(d.Id, d.Initiator);
        var outsider = (await kit.FreshStudentsAsync(1)).Single();

        var (status, problem) = await Decide(sponsor, d.Id, "Submit", before, null);
        AssertForbidden(status, problem, "access.initiator-only");
        (status, problem) = await Decide(sponsor, d.Id, "Withdraw", before, null);
        AssertForbidden(status, problem, "access.initiator-only");
        (status, problem) = await sponsor.PutAsync($"/api/v1/association-applications/{d.Id}", d.Body with { Name = "被改名的社团" });
        AssertForbidden(status, problem, "access.initiator-only");
        (status, problem) = await sponsor.PostAsync($"/api/v1/association-applications/{d.Id}/sponsors", new { studentNumbers = new[] { outsider } });
        AssertForbidden(status, problem, "access.initiator-only");
        (status, problem) = await sponsor.SendAsync(HttpMethod.Delete, $"/api/v1/association-applications/{d.Id}/sponsors/{d.Sponsors[3]}");
        AssertForbidden(status, problem, "access.initiator-only");
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent("%PDF-1.4 charter"u8.ToArray()), "file", "charter.pdf");
            using var response = await sponsor.Http.PostAsync($"/api/v1/association-applications/{d.Id}/charter", form);
            AssertForbidden(response.StatusCode, await response.Content.ReadFromJsonAsync<JsonNode>(), "access.initiator-only");
        }

        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);
        var after = await kit.ViewAsync(d.Id, d.Initiator);
        Assert.Equal(before["name"]!.GetValue<string>(), after["name"]!.GetValue<string>());
        Assert.Equal(before["sponsors"]!.ToJsonString(), after["sponsors"]!.ToJsonString());
        Assert.Null(after["charterFileName"]?.GetValue<string>());
        // All a confirmed sponsor may still do is withdraw his own agreement.
        Assert.Equal(["DeclineSponsorship"],
            (await kit.ViewAsync(d.Id, sponsor))["actions"]!.AsArray().Select(a => a!["trigger"]!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task Reviewer_of_another_guidance_unit_cannot_approve()
    {
        var d = await kit.DraftAsync("量子物理兴趣小组");
        var before = await kit.ToGuidanceAsync(d);
        Assert.Equal(GuidanceUnitName, before["guidanceUnit"]!.GetValue<string>());

        foreach (var account in new[] { "chem.party", "academic.office", "ai.institute" })
        {
            var reviewer = await kit.As(account);
            foreach (var action in new[] { "GuidanceApprove", "GuidanceReturn", "GuidanceReject" })
            {
                var (status, problem) = await Decide(reviewer, d.Id, action, before);
                AssertForbidden(status, problem, "access.guidance-unit-only");
            }
            Assert.Empty(TasksFor(await kit.TasksAsync(reviewer), d.Id));
        }

        await kit.AssertUnchangedAsync(d.Id, before);
        // The named unit's reviewer does have the task.
        Assert.Single(TasksFor(await kit.TasksAsync(await kit.As(GuidanceAccount)), d.Id));
    }

    [Fact]
    public async Task Committee_member_cannot_decide_as_chair()
    {
        var d = await kit.DraftAsync("电子竞技协会");
        await kit.ToCommitteeAsync(d);
        var member = await kit.As("member1");
        var before = await member.ActAsync(d.Id, "RecordOpinion", new { vote = "Support", comment = "可以" });

        foreach (var account in new[] { "member1", "member2", GuidanceAccount, "swd" })
        {
            var api = await kit.As(account);
            foreach (var action in new[] { "CommitteeApprove", "CommitteeReturn", "CommitteeReject" })
            {
                var (status, problem) = await Decide(api, d.Id, action, before);
                AssertForbidden(status, problem, "access.committee-chair-only");
            }
        }

        await kit.AssertUnchangedAsync(d.Id, before);
        Assert.DoesNotContain((await kit.ViewAsync(d.Id, member))["actions"]!.AsArray(), a => a!["trigger"]!.GetValue<string>().StartsWith("Committee"));
    }

    [Fact]
    public async Task Uninvited_student_cannot_confirm_sponsorship()
    {
        var d = await kit.DraftAsync("剪纸社", sponsors: 3);
        var uninvited = await kit.As((await kit.FreshStudentsAsync(1)).Single());
        var before = await kit.ViewAsync(d.Id, d.Initiator);

        var (status, problem) = await uninvited.PostAsync(ActionPath(d.Id, "ConfirmSponsorship"));
        AssertForbidden(status, problem, "access.invited-sponsor-only");
        (status, _) = await uninvited.GetAsync($"/api/v1/association-applications/{d.Id}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        // The initiator is a sponsor already and does not answer his own invitation.
        (status, problem) = await d.Initiator.PostAsync(ActionPath(d.Id, "ConfirmSponsorship"));
        AssertForbidden(status, problem, "access.invited-sponsor-only");

        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);
    }

    [Fact]
    public async Task Instructor_cannot_accept_for_another_teacher()
    {
        var proposed = await kit.FreshInstructorsAsync(2);
        var other = (await kit.FreshInstructorsAsync(1)).Single();
        var d = await kit.DraftAsync("手工艺社", instructors: proposed);
        var before = await kit.SubmitAsync(d);

        var (status, problem) = await (await kit.As(other)).PostAsync(ActionPath(d.Id, "AcceptInstruction"));
        AssertForbidden(status, problem, "access.proposed-instructor-only");
        (status, problem) = await (await kit.As(other)).PostAsync(ActionPath(d.Id, "DeclineInstruction"), new { comment = "代为拒绝" });
        AssertForbidden(status, problem, "access.proposed-instructor-only");
        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);
        Assert.All((await kit.ViewAsync(d.Id, d.Initiator))["instructors"]!.AsArray(), i => Assert.Equal("Pending", i!["response"]!.GetValue<string>()));

        // Once a proposed instructor has answered, that answer stands.
        var first = await kit.As(proposed[0]);
        var accepted = await first.ActAsync(d.Id, "AcceptInstruction");
        Assert.Equal("AwaitingInstructors", State(accepted));
        (status, problem) = await first.PostAsync(ActionPath(d.Id, "DeclineInstruction"));
        AssertForbidden(status, problem, "access.proposed-instructor-only");
        await kit.AssertUnchangedAsync(d.Id, accepted, d.Initiator);
    }

    [Fact]
    public async Task Actor_from_another_university_cannot_see_or_act()
    {
        var d = await kit.DraftAsync("国际象棋社");
        await kit.ToCommitteeAsync(d);
        var before = await (await kit.As("member2")).ActAsync(d.Id, "RecordOpinion", new { vote = "Support" });

        var code = "OT" + Guid.NewGuid().ToString("N")[..6];
        var (otherUni, otherCommittee) = await app.WithDbAsync(async db =>
        {
            var uni = new University(code, "松花江大学", "Songhuajiang University");
            var committee = new OrgUnit(uni.Id, OrgUnitKind.ReviewCommittee, "学生社团管理评审委员会", "Student Association Review Committee");
            db.Universities.Add(uni);
            db.OrgUnits.Add(committee);
            await db.SaveChangesAsync();
            return (uni.Id, committee.Id);
        });
        await kit.AddUserAsync(code.ToLowerInvariant() + ".chair", otherUni, Role.ReviewCommitteeChair, otherCommittee);
        var stranger = await Api.SignInAsync(app, code.ToLowerInvariant() + ".chair");

        var (status, _) = await stranger.GetAsync($"/api/v1/association-applications/{d.Id}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        var (listed, list) = await stranger.GetAsync("/api/v1/association-applications");
        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.DoesNotContain(list!["items"]!.AsArray(), a => a!["instanceId"]!.GetValue<Guid>() == d.Id);
        Assert.Empty(TasksFor(await kit.TasksAsync(stranger), d.Id));
        (status, _) = await stranger.GetAsync($"/api/v1/association-applications/{d.Id}/charter");
        Assert.Equal(HttpStatusCode.NotFound, status);

        foreach (var action in new[] { "CommitteeApprove", "CommitteeReturn", "CommitteeReject", "RecordOpinion" })
        {
            var (acted, problem) = await Decide(stranger, d.Id, action, before);
            AssertForbidden(acted, problem, "access.other-university");
        }

        await kit.AssertUnchangedAsync(d.Id, before);
        Assert.Equal(0, await app.WithDbAsync(db => db.Associations.CountAsync(a => a.UniversityId == otherUni)));
    }

    [Fact]
    public async Task Unauthenticated_api_calls_get_401()
    {
        var d = await kit.DraftAsync("围棋研究会", sponsors: 0);
        var before = await kit.ViewAsync(d.Id, d.Initiator);
        using var anonymous = app.CreateClient();

        foreach (var path in new[] { "/api/v1/association-applications", $"/api/v1/association-applications/{d.Id}", "/api/v1/tasks", "/api/v1/me", "/api/v1/admin/outbox" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"GET {path}: {(int)response.StatusCode}");
        }
        using (var submit = await anonymous.PostAsJsonAsync(ActionPath(d.Id, "Submit"), new { expectedVersion = Version(before) }))
            Assert.Equal(HttpStatusCode.Unauthorized, submit.StatusCode);
        using (var create = await anonymous.PostAsJsonAsync("/api/v1/association-applications", d.Body))
            Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        // A forged or stale token is no better than none.
        using var forged = app.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
        using (var withForged = await forged.PostAsJsonAsync(ActionPath(d.Id, "Withdraw"), new { expectedVersion = Version(before) }))
            Assert.Equal(HttpStatusCode.Unauthorized, withForged.StatusCode);

        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);
    }

    [Fact]
    public async Task Decision_without_expected_version_is_refused()
    {
        var d = await kit.DraftAsync("登山协会");
        var draft = await kit.ViewAsync(d.Id, d.Initiator);
        var (status, problem) = await d.Initiator.PostAsync(ActionPath(d.Id, "Submit"));
        AssertRefused(status, problem, (null, "workflow.version-required"));
        await kit.AssertUnchangedAsync(d.Id, draft, d.Initiator);

        var before = await kit.ToGuidanceAsync(d);
        var guidance = await kit.As(GuidanceAccount);
        foreach (var action in new[] { "GuidanceApprove", "GuidanceReturn", "GuidanceReject" })
        {
            (status, problem) = await guidance.PostAsync(ActionPath(d.Id, action), new { comment = "意见" });
            AssertRefused(status, problem, (null, "workflow.version-required"));
        }
        await kit.AssertUnchangedAsync(d.Id, before);
    }

    // The problem details are written by the outermost middleware, after the request's culture has been
    // unwound; they must still be in the language the caller asked for.
    [Fact]
    public async Task Refusals_are_described_in_the_callers_language()
    {
        var d = await kit.DraftAsync("越野跑协会", sponsors: 1);
        var before = await kit.ViewAsync(d.Id, d.Initiator);
        var english = await Api.SignInAsync(app, d.Sponsors[0], Texts.English);
        var chinese = await Api.SignInAsync(app, d.Sponsors[0], Texts.Chinese);

        var (status, problem) = await english.PostAsync(ActionPath(d.Id, "Submit"), new { expectedVersion = Version(before) });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        var (zhStatus, zhProblem) = await chinese.PostAsync(ActionPath(d.Id, "Submit"), new { expectedVersion = Version(before) });
        Assert.Equal(HttpStatusCode.Forbidden, zhStatus);
        var (tooFew, rule) = await d.Initiator.PostAsync(ActionPath(d.Id, "Submit"), new { expectedVersion = Version(before) });
        Assert.Equal(HttpStatusCode.BadRequest, tooFew);
        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);

        Assert.Equal(Texts.Get(Texts.Chinese, "access.initiator-only"), zhProblem!["detail"]!.GetValue<string>());
        Assert.Equal(Texts.Get(Texts.English, "access.denied"), problem!["title"]!.GetValue<string>());
        Assert.Equal(Texts.Get(Texts.English, "access.initiator-only"), problem["detail"]!.GetValue<string>());
        Assert.Equal(Texts.Get(Texts.English, "problem.rule-violation"), rule!["title"]!.GetValue<string>());
        Assert.Equal("[AS-1.1] " + Texts.Get(Texts.English, "rule.sponsors-too-few", before["confirmedSponsors"]!.GetValue<int>(), before["minimumSponsors"]!.GetValue<int>()),
            Message(rule, "rule.sponsors-too-few"));
    }
}
