using System.Net;
using ReformFlow.Domain.Unions;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;
using static ReformFlow.Tests.Unions.UnionKit;

namespace ReformFlow.Tests.Unions;

/// <summary>
/// The three selection chains (SU-5.2, SU-5.3, SU-5.4) through the HTTP API, each step by its own body: state,
/// the whole history with roles, the next actor's inbox task, the emails in the outbox and the outcome (a candidate
/// on the ballot, or the seat filled); returns with comments, rejections, and the joint review needing both bodies.
/// </summary>
public sealed class SelectionChainTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly UnionKit kit = new(app);

    [Fact]
    public async Task SU_5_2_presidium_candidate_from_college_league_to_school_party_committee()
    {
        var union = await kit.SchoolUnionIdAsync();
        var presidiumBefore = (await kit.StaffAsync(union)).Presidium;
        const string nominee = DemoData.PresidiumNominee;

        var id = await kit.NominatedAsync("phy.league", "SchoolPresidium", union, nominee, "PresidiumMember");
        var view = await kit.ViewAsync(id, "phy.league");
        var title = Title(view);
        Assert.Equal("Recommending", State(view));
        Assert.Empty(view["eligibility"]!.AsArray());
        await kit.AssertTaskAsync("phy.league", id, "task.nomination-recommend");

        view = await kit.ActedAsync("phy.league", id, "Recommend");
        Assert.Equal("CollegePartyConsent", State(view));
        await kit.AssertNoTaskAsync("phy.league", id);
        await kit.AssertTaskAsync("phy.party", id, "task.nomination-college-party-consent");
        Assert.Equal(1, await kit.TaskMailsAsync("phy.party", "task.nomination-college-party-consent", title));
        await kit.AssertNoTaskAsync("swd", id);

        view = await kit.ActedAsync("phy.party", id, "CollegePartyConsent", "同意推荐");
        Assert.Equal("JointReview", State(view));
        await kit.AssertNoTaskAsync("phy.party", id);
        await kit.AssertTaskAsync("swd", id, "task.nomination-joint-review");
        await kit.AssertTaskAsync("league", id, "task.nomination-joint-review");
        Assert.Equal(1, await kit.TaskMailsAsync("swd", "task.nomination-joint-review", title));
        Assert.Equal(1, await kit.TaskMailsAsync("league", "task.nomination-joint-review", title));

        // One of the two joint reviewers is not enough.
        view = await kit.ActedAsync("swd", id, "StudentWorkAgree", "学工部同意");
        Assert.Equal("JointReview", State(view));
        Assert.NotNull(view["studentWorkAgreedAt"]!.GetValue<DateTimeOffset?>());
        await kit.AssertNoTaskAsync("swd", id);
        await kit.AssertTaskAsync("league", id, "task.nomination-joint-review");
        await kit.AssertNoTaskAsync("party", id);

        view = await kit.ActedAsync("league", id, "LeagueCommitteeAgree", "校团委同意");
        Assert.Equal("PartyCommitteeDetermination", State(view));
        await kit.AssertNoTaskAsync("league", id);
        await kit.AssertTaskAsync("party", id, "task.nomination-party-committee");
        Assert.Equal(1, await kit.TaskMailsAsync("party", "task.nomination-party-committee", title));

        view = await kit.ActedAsync("party", id, "PartyCommitteeDetermine", "确定为候选人");
        Assert.Equal("Candidate", State(view));
        Assert.Equal("Candidate", Outcome(view));
        Assert.True(view["isClosed"]!.GetValue<bool>());
        Assert.Equal(
            ["Start|CollegeLeague|Recommending", "Recommend|CollegeLeague|CollegePartyConsent", "CollegePartyConsent|CollegeParty|JointReview",
             "StudentWorkAgree|StudentWorkDepartment|JointReview", "LeagueCommitteeAgree|SchoolLeagueCommittee|JointReview",
             "JointlyAgreed|System|PartyCommitteeDetermination", "PartyCommitteeDetermine|SchoolPartyCommittee|Candidate"],
            Chain(view));
        Assert.Equal(["同意推荐", "学工部同意", "校团委同意", "确定为候选人"],
            view["history"]!.AsArray().Select(h => h!["comment"]?.GetValue<string>()).OfType<string>());
        foreach (var who in new[] { "phy.league", "phy.party", "swd", "league", "party" }) await kit.AssertNoTaskAsync(who, id);
        // The recommending body and the nominee hear the outcome.
        Assert.Equal(1, await kit.NoticeMailsAsync("phy.league", "nomination-candidate", title));
        Assert.Equal(1, await kit.NoticeMailsAsync(nominee, "nomination-candidate", title));

        // On the ballot for the congress (SU-5.1), not yet seated: the election fills the seat.
        Assert.Equal(presidiumBefore, (await kit.StaffAsync(union)).Presidium);
        Assert.Null(await kit.ActivePositionAsync(union, nominee));
        var (_, unionView) = await (await kit.As("league")).GetAsync($"/api/v1/unions/{union}");
        Assert.Contains(unionView!["candidates"]!.AsArray(), c => c!["instanceId"]!.GetValue<Guid>() == id && c["studentNumber"]!.GetValue<string>() == nominee);
        Assert.DoesNotContain(unionView["nominations"]!.AsArray(), c => c!["instanceId"]!.GetValue<Guid>() == id);
        // The nominee sees their own nomination.
        Assert.Equal("Candidate", State(await kit.ViewAsync(id, nominee)));
    }

    [Fact]
    public async Task SU_5_3_department_member_from_college_league_to_joint_determination_fills_the_seat()
    {
        var union = await kit.SchoolUnionIdAsync();
        var department = await kit.DepartmentIdAsync(union, "社会实践部");
        var before = await kit.StaffAsync(union, department);
        const string nominee = DemoData.DepartmentNominee;

        var id = await kit.NominatedAsync("phy.league", "SchoolDepartment", union, nominee, "DepartmentMember", department);
        await kit.AssertTaskAsync("phy.league", id, "task.nomination-recommend");
        var view = await kit.ActedAsync("phy.league", id, "Recommend");
        var title = Title(view);
        Assert.Equal("JointReview", State(view));
        await kit.AssertTaskAsync("swd", id, "task.nomination-joint-determination");
        await kit.AssertTaskAsync("league", id, "task.nomination-joint-determination");
        Assert.Equal(1, await kit.TaskMailsAsync("swd", "task.nomination-joint-determination", title));
        Assert.Equal(1, await kit.TaskMailsAsync("league", "task.nomination-joint-determination", title));

        // The league committee first this time: still waiting for the student work department, no seat yet.
        view = await kit.ActedAsync("league", id, "LeagueCommitteeAgree", "同意");
        Assert.Equal("JointReview", State(view));
        Assert.Null(await kit.ActivePositionAsync(union, nominee));
        await kit.AssertNoTaskAsync("league", id);
        await kit.AssertTaskAsync("swd", id, "task.nomination-joint-determination");

        view = await kit.ActedAsync("swd", id, "StudentWorkAgree", "同意");
        Assert.Equal("Appointed", State(view));
        Assert.Equal("Appointed", Outcome(view));
        Assert.Equal(
            ["Start|CollegeLeague|Recommending", "Recommend|CollegeLeague|JointReview", "LeagueCommitteeAgree|SchoolLeagueCommittee|JointReview",
             "StudentWorkAgree|StudentWorkDepartment|JointReview", "JointlyAgreed|System|Appointed"],
            Chain(view));
        foreach (var who in new[] { "phy.league", "swd", "league" }) await kit.AssertNoTaskAsync(who, id);
        Assert.Equal(1, await kit.NoticeMailsAsync("phy.league", "nomination-appointed", title));
        Assert.Equal(1, await kit.NoticeMailsAsync(nominee, "nomination-appointed", title));

        // The seat is filled, linked to the selection, and shows on the union's page.
        var position = await kit.ActivePositionAsync(union, nominee);
        Assert.NotNull(position);
        Assert.Equal(PositionKind.DepartmentMember, position.Kind);
        Assert.Equal(department, position.DepartmentId);
        Assert.NotNull(position.NominationId);
        var after = await kit.StaffAsync(union, department);
        Assert.Equal(before.Members + 1, after.Members);
        Assert.Equal(before.Total + 1, after.Total);
        var (_, unionView) = await (await kit.As(nominee)).GetAsync($"/api/v1/unions/{union}");
        var dept = unionView!["departments"]!.AsArray().Single(d => d!["id"]!.GetValue<Guid>() == department);
        Assert.Contains(dept!["members"]!.AsArray(), m => m!["studentNumber"]!.GetValue<string>() == nominee);
    }

    [Fact]
    public async Task SU_5_4_college_presidium_from_class_branch_to_college_party_fills_the_last_seat()
    {
        var union = await kit.CollegeUnionIdAsync("PHY");
        Assert.Equal(2, (await kit.StaffAsync(union)).Presidium);
        const string nominee = DemoData.CollegeNominee;

        var id = await kit.NominatedAsync("phy2301.branch", "CollegeUnion", union, nominee, "PresidiumMember");
        await kit.AssertTaskAsync("phy2301.branch", id, "task.nomination-recommend");
        var view = await kit.ActedAsync("phy2301.branch", id, "Recommend");
        var title = Title(view);
        Assert.Equal("CollegeLeagueApproval", State(view));
        await kit.AssertNoTaskAsync("phy2301.branch", id);
        await kit.AssertTaskAsync("phy.league", id, "task.nomination-college-league-approval");
        Assert.Equal(1, await kit.TaskMailsAsync("phy.league", "task.nomination-college-league-approval", title));

        view = await kit.ActedAsync("phy.league", id, "CollegeLeagueApprove", "院团委同意");
        Assert.Equal("CollegePartyDetermination", State(view));
        await kit.AssertNoTaskAsync("phy.league", id);
        await kit.AssertTaskAsync("phy.party", id, "task.nomination-college-party-determination");
        Assert.Equal(1, await kit.TaskMailsAsync("phy.party", "task.nomination-college-party-determination", title));

        view = await kit.ActedAsync("phy.party", id, "CollegePartyDetermine", "院党委确定");
        Assert.Equal("Appointed", State(view));
        // Closed, the page still says how the appointee stands today: eligible, not "already holds a seat".
        Assert.Empty(view["eligibility"]!.AsArray());
        Assert.Equal(
            ["Start|ClassLeagueBranch|Recommending", "Recommend|ClassLeagueBranch|CollegeLeagueApproval",
             "CollegeLeagueApprove|CollegeLeague|CollegePartyDetermination", "CollegePartyDetermine|CollegeParty|Appointed"],
            Chain(view));
        foreach (var who in new[] { "phy2301.branch", "phy.league", "phy.party" }) await kit.AssertNoTaskAsync(who, id);
        Assert.Equal(1, await kit.NoticeMailsAsync("phy2301.branch", "nomination-appointed", title));
        Assert.Equal(1, await kit.NoticeMailsAsync(nominee, "nomination-appointed", title));

        var position = await kit.ActivePositionAsync(union, nominee);
        Assert.Equal(PositionKind.PresidiumMember, position!.Kind);
        Assert.Equal(3, (await kit.StaffAsync(union)).Presidium);
        var (_, unionView) = await (await kit.As("phy.league")).GetAsync($"/api/v1/unions/{union}");
        Assert.Contains(unionView!["presidium"]!.AsArray(), p => p!["studentNumber"]!.GetValue<string>() == nominee);
    }

    [Fact]
    public async Task SU_5_4_returns_need_a_comment_go_back_to_the_branch_and_a_rejection_closes_without_a_seat()
    {
        var union = await kit.CollegeUnionIdAsync("PHY");
        var department = await kit.DepartmentIdAsync(union, "文体部");
        var nominee = await kit.NomineeAsync("PHY", "物理2301");
        var id = await kit.NominatedAsync("phy2301.branch", "CollegeUnion", union, nominee, "DepartmentMember", department);
        var view = await kit.ActedAsync("phy2301.branch", id, "Recommend");
        var title = Title(view);

        // A return without a comment is refused and changes nothing.
        var version = await kit.VersionAsync(id);
        var (status, problem) = await kit.ActAsync("phy.league", id, "CollegeLeagueReturn", "  ");
        Associations.FoundingKit.AssertRefused(status, problem, (null, "workflow.comment-required"));
        Assert.Equal(version, await kit.VersionAsync(id));

        view = await kit.ActedAsync("phy.league", id, "CollegeLeagueReturn", "请补充社会工作经历");
        Assert.Equal("Recommending", State(view));
        Assert.Equal("请补充社会工作经历", view["lastReturnComment"]!.GetValue<string>());
        await kit.AssertTaskAsync("phy2301.branch", id, "task.nomination-revise");
        await kit.AssertNoTaskAsync("phy.league", id);
        Assert.Equal(1, await kit.NoticeMailsAsync("phy2301.branch", "nomination-returned", title));
        Assert.Equal(0, await kit.NoticeMailsAsync(nominee, "nomination-returned", title));

        // The branch revises and recommends again; the college party returns it once more.
        var branch = await kit.As("phy2301.branch");
        var (edited, editedView) = await branch.PostAsync(ActionPath(id, "Edit"),
            new { draft = new { kind = "DepartmentMember", departmentId = department, statement = "曾任班长两年，组织多次班级活动。" } });
        Assert.True(edited == HttpStatusCode.OK, editedView?.ToJsonString());
        Assert.Equal("曾任班长两年，组织多次班级活动。", editedView!["statement"]!.GetValue<string>());
        await kit.ActedAsync("phy2301.branch", id, "Recommend");
        await kit.ActedAsync("phy.league", id, "CollegeLeagueApprove", "同意");
        view = await kit.ActedAsync("phy.party", id, "CollegePartyReturn", "请核实成绩排名");
        Assert.Equal("Recommending", State(view));
        Assert.Equal(2, await kit.NoticeMailsAsync("phy2301.branch", "nomination-returned", title));

        await kit.ActedAsync("phy2301.branch", id, "Recommend");
        await kit.ActedAsync("phy.league", id, "CollegeLeagueApprove", "同意");
        (status, problem) = await kit.ActAsync("phy.party", id, "CollegePartyReject", null);
        Associations.FoundingKit.AssertRefused(status, problem, (null, "workflow.comment-required"));

        view = await kit.ActedAsync("phy.party", id, "CollegePartyReject", "群众基础有待加强");
        Assert.Equal("Rejected", State(view));
        Assert.Equal("Rejected", Outcome(view));
        Assert.Equal("群众基础有待加强", view["outcomeReason"]!.GetValue<string>());
        Assert.True(view["isClosed"]!.GetValue<bool>());
        Assert.Equal(
            ["Start|ClassLeagueBranch|Recommending", "Recommend|ClassLeagueBranch|CollegeLeagueApproval",
             "CollegeLeagueReturn|CollegeLeague|Recommending", "Edit|ClassLeagueBranch|Recommending", "Recommend|ClassLeagueBranch|CollegeLeagueApproval",
             "CollegeLeagueApprove|CollegeLeague|CollegePartyDetermination", "CollegePartyReturn|CollegeParty|Recommending",
             "Recommend|ClassLeagueBranch|CollegeLeagueApproval", "CollegeLeagueApprove|CollegeLeague|CollegePartyDetermination",
             "CollegePartyReject|CollegeParty|Rejected"],
            Chain(view));
        Assert.Null(await kit.ActivePositionAsync(union, nominee));
        foreach (var who in new[] { "phy2301.branch", "phy.league", "phy.party" }) await kit.AssertNoTaskAsync(who, id);
        Assert.Equal(1, await kit.NoticeMailsAsync("phy2301.branch", "nomination-rejected", title));
        Assert.Equal(1, await kit.NoticeMailsAsync(nominee, "nomination-rejected", title));

        // A closed nomination takes no more actions.
        (status, _) = await kit.ActAsync("phy.party", id, "CollegePartyDetermine", "同意");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task SU_5_2_a_return_clears_the_joint_review_so_both_must_agree_again_and_either_reviewer_can_reject()
    {
        var union = await kit.SchoolUnionIdAsync();
        var nominee = await kit.NomineeAsync();
        var id = await kit.NominatedAsync("phy.league", "SchoolPresidium", union, nominee, "PresidiumMember");
        await kit.ActedAsync("phy.league", id, "Recommend");
        var view = await kit.ActedAsync("phy.party", id, "CollegePartyConsent", "同意");
        var title = Title(view);
        await kit.ActedAsync("swd", id, "StudentWorkAgree", "同意");

        view = await kit.ActedAsync("league", id, "JointReturn", "请补充述职材料");
        Assert.Equal("Recommending", State(view));
        Assert.Null(view["studentWorkAgreedAt"]);
        await kit.AssertTaskAsync("phy.league", id, "task.nomination-revise");
        await kit.AssertNoTaskAsync("swd", id);
        await kit.AssertNoTaskAsync("league", id);
        Assert.Equal(1, await kit.NoticeMailsAsync("phy.league", "nomination-returned", title));

        // Round two: the college party consents again, the league committee alone is not enough.
        await kit.ActedAsync("phy.league", id, "Recommend");
        await kit.ActedAsync("phy.party", id, "CollegePartyConsent", "同意");
        view = await kit.ActedAsync("league", id, "LeagueCommitteeAgree", "同意");
        Assert.Equal("JointReview", State(view));
        await kit.AssertTaskAsync("swd", id, "task.nomination-joint-review");
        await kit.ActedAsync("swd", id, "StudentWorkAgree", "同意");
        // The party committee sends it back too, and then it is rejected at the joint review by the student work department.
        view = await kit.ActedAsync("party", id, "PartyCommitteeReturn", "请重新考察");
        Assert.Equal("Recommending", State(view));
        await kit.ActedAsync("phy.league", id, "Recommend");
        await kit.ActedAsync("phy.party", id, "CollegePartyConsent", "同意");
        view = await kit.ActedAsync("swd", id, "JointReject", "考察不合格");
        Assert.Equal("Rejected", State(view));
        Assert.Equal("Rejected", Outcome(view));
        Assert.Equal("JointReject|StudentWorkDepartment|Rejected", Chain(view)[^1]);
        Assert.Equal(1, await kit.NoticeMailsAsync(nominee, "nomination-rejected", title));
        foreach (var who in new[] { "phy.league", "phy.party", "swd", "league", "party" }) await kit.AssertNoTaskAsync(who, id);
    }

    [Fact]
    public async Task SU_5_2_college_party_and_party_committee_can_reject()
    {
        var union = await kit.SchoolUnionIdAsync();
        var (first, second) = (await kit.NomineeAsync(), await kit.NomineeAsync());
        var a = await kit.NominatedAsync("phy.league", "SchoolPresidium", union, first, "PresidiumMember");
        await kit.ActedAsync("phy.league", a, "Recommend");
        var view = await kit.ActedAsync("phy.party", a, "CollegePartyReject", "暂不推荐");
        Assert.Equal("Rejected", State(view));
        Assert.Equal("CollegePartyReject|CollegeParty|Rejected", Chain(view)[^1]);

        var b = await kit.NominatedAsync("phy.league", "SchoolPresidium", union, second, "PresidiumMember");
        await kit.ActedAsync("phy.league", b, "Recommend");
        await kit.ActedAsync("phy.party", b, "CollegePartyConsent", "同意");
        await kit.ActedAsync("league", b, "LeagueCommitteeAgree", "同意");
        await kit.ActedAsync("swd", b, "StudentWorkAgree", "同意");
        view = await kit.ActedAsync("party", b, "PartyCommitteeReject", "不予确定");
        Assert.Equal("Rejected", State(view));
        Assert.Equal("PartyCommitteeReject|SchoolPartyCommittee|Rejected", Chain(view)[^1]);
        Assert.DoesNotContain((await (await kit.As("league")).GetAsync($"/api/v1/unions/{union}")).Body!["candidates"]!.AsArray(),
            c => c!["instanceId"]!.GetValue<Guid>() == a || c["instanceId"]!.GetValue<Guid>() == b);
    }

    [Fact]
    public async Task SU_5_3_joint_determination_needs_both_bodies_each_for_itself()
    {
        var union = await kit.SchoolUnionIdAsync();
        var department = await kit.DepartmentIdAsync(union, "权益服务部");
        var nominee = await kit.NomineeAsync();
        var id = await kit.DepartmentChainToJointReviewAsync(nominee, union, "DepartmentMember", department);

        await kit.ActedAsync("swd", id, "StudentWorkAgree", "同意");
        // Agreeing twice does not stand in for the other body; neither can agree in the other's name or skip ahead.
        var (status, problem) = await kit.ActAsync("swd", id, "StudentWorkAgree", "再次同意");
        Associations.FoundingKit.AssertRefused(status, problem, (null, "nomination.already-agreed"));
        (status, problem) = await kit.ActAsync("swd", id, "LeagueCommitteeAgree", "同意");
        AssertForbidden(status, problem, "access.school-league-committee-only");
        (status, problem) = await kit.ActAsync("league", id, "StudentWorkAgree", "同意");
        AssertForbidden(status, problem, "access.joint-student-work-only");
        foreach (var who in new[] { "swd", "league", "admin" })
        {
            (status, problem) = await kit.ActAsync(who, id, "JointlyAgreed");
            AssertForbidden(status, problem, "access.system-only");
        }
        Assert.Equal("JointReview", State(await kit.ViewAsync(id)));
        Assert.Null(await kit.ActivePositionAsync(union, nominee));

        var view = await kit.ActedAsync("league", id, "LeagueCommitteeAgree", "同意");
        Assert.Equal("Appointed", State(view));
        Assert.NotNull(await kit.ActivePositionAsync(union, nominee));
    }

    [Fact]
    public async Task SU_5_3_joint_reviewers_can_return_and_reject()
    {
        var union = await kit.SchoolUnionIdAsync();
        var department = await kit.DepartmentIdAsync(union, "办公室");
        var nominee = await kit.NomineeAsync();
        var id = await kit.DepartmentChainToJointReviewAsync(nominee, union, "DepartmentMember", department);
        await kit.ActedAsync("league", id, "LeagueCommitteeAgree", "同意");

        var view = await kit.ActedAsync("swd", id, "JointReturn", "请说明岗位分工");
        Assert.Equal("Recommending", State(view));
        Assert.Null(view["leagueCommitteeAgreedAt"]);
        await kit.AssertTaskAsync("phy.league", id, "task.nomination-revise");

        await kit.ActedAsync("phy.league", id, "Recommend");
        view = await kit.ActedAsync("league", id, "JointReject", "不宜担任");
        Assert.Equal("Rejected", State(view));
        Assert.Equal("JointReject|SchoolLeagueCommittee|Rejected", Chain(view)[^1]);
        Assert.Null(await kit.ActivePositionAsync(union, nominee));
    }

    [Fact]
    public async Task Decisions_need_the_current_version_stale_is_409()
    {
        var union = await kit.CollegeUnionIdAsync("PHY");
        var department = await kit.DepartmentIdAsync(union, "宣传部");
        var nominee = await kit.NomineeAsync("PHY", "物理2301");
        var id = await kit.NominatedAsync("phy2301.branch", "CollegeUnion", union, nominee, "DepartmentMember", department);
        var seen = await kit.VersionAsync(id);
        await kit.ActedAsync("phy2301.branch", id, "Recommend");

        var league = await kit.As("phy.league");
        var (status, _) = await league.PostAsync(ActionPath(id, "CollegeLeagueApprove"), new { comment = "同意", expectedVersion = seen });
        Assert.Equal(HttpStatusCode.Conflict, status);
        var (missing, problem) = await league.PostAsync(ActionPath(id, "CollegeLeagueApprove"), new { comment = "同意" });
        Associations.FoundingKit.AssertRefused(missing, problem, (null, "workflow.version-required"));
        Assert.Equal("CollegeLeagueApproval", State(await kit.ViewAsync(id, "phy.league")));
        await kit.ActedAsync("phy.league", id, "CollegeLeagueApprove", "同意");
    }

    [Fact]
    public async Task The_recommending_body_can_withdraw_before_it_goes_on()
    {
        var union = await kit.SchoolUnionIdAsync();
        var department = await kit.DepartmentIdAsync(union, "办公室");
        var nominee = await kit.NomineeAsync();
        var id = await kit.NominatedAsync("phy.league", "SchoolDepartment", union, nominee, "DepartmentMember", department);
        var view = await kit.ActedAsync("phy.league", id, "Withdraw", "学生本人申请撤回");
        Assert.Equal("Withdrawn", State(view));
        Assert.Equal("Withdrawn", Outcome(view));
        await kit.AssertNoTaskAsync("phy.league", id);
        // Withdrawn, the student can be put forward again.
        await kit.NominatedAsync("phy.league", "SchoolDepartment", union, nominee, "DepartmentMember", department);
    }
}
