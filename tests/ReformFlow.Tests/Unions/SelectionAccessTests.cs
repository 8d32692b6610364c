using System.Net;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Organisation;
using ReformFlow.Tests.Memberships;
using ReformFlow.Tests.Support;
using static ReformFlow.Tests.Unions.UnionKit;

namespace ReformFlow.Tests.Unions;

/// <summary>
/// Who may act at each step of the three chains, and for which college or class: the wrong role, the right role of
/// another college or class, students and other universities are refused with the reason, and nothing changes.
/// </summary>
public sealed class SelectionAccessTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly UnionKit kit = new(app);
    private const string Student = "2023011002";

    /// <summary>Every one of these users is refused the action with this reason; the nomination's version does not move.</summary>
    private async Task AssertRefusedAsync(Guid id, string action, string key, params string[] users)
    {
        var version = await kit.VersionAsync(id);
        foreach (var user in users)
        {
            var (status, problem) = await kit.ActAsync(user, id, action, "意见");
            Assert.True(status == HttpStatusCode.Forbidden, $"{user} {action}: expected 403, got {(int)status}: {problem?.ToJsonString()}");
            AssertForbidden(status, problem, key);
        }
        Assert.Equal(version, await kit.VersionAsync(id));
    }

    [Fact]
    public async Task SU_5_2_each_step_only_by_its_body_of_the_nominees_college_or_the_school()
    {
        var union = await kit.SchoolUnionIdAsync();
        var nominee = await kit.NomineeAsync();

        // Nominating: only the college league organisation of the nominee's college.
        foreach (var user in new[] { "chem.league", "phy.party", "swd", "league", "phy2301.branch", Student, nominee })
        {
            var (status, problem) = await kit.NominateAsync(user, "SchoolPresidium", union, nominee, "PresidiumMember");
            AssertForbidden(status, problem, "access.nominee-college-league-only");
        }
        Assert.Equal(0, await app.WithDbAsync(db => db.Nominations.CountAsync(n => n.UnionId == union && db.Students.Any(s => s.Id == n.StudentId && s.StudentNumber == nominee))));

        var id = await kit.NominatedAsync("phy.league", "SchoolPresidium", union, nominee, "PresidiumMember");
        await AssertRefusedAsync(id, "Recommend", "access.nominee-college-league-only", "chem.league", "phy.party", "league", Student);
        await AssertRefusedAsync(id, "Withdraw", "access.nominee-college-league-only", "chem.league", nominee);
        await kit.ActedAsync("phy.league", id, "Recommend");

        // Consent: the party organisation of the nominee's college, nobody else.
        await AssertRefusedAsync(id, "CollegePartyConsent", "access.nominee-college-party-only", "chem.party", "phy.league", "party", "swd", Student);
        await AssertRefusedAsync(id, "CollegePartyReturn", "access.nominee-college-party-only", "chem.party", "phy.league");
        await AssertRefusedAsync(id, "CollegePartyReject", "access.nominee-college-party-only", "chem.party", "party");
        await kit.ActedAsync("phy.party", id, "CollegePartyConsent", "同意");

        // Joint review: each body for itself; return and reject by either of the two only.
        await AssertRefusedAsync(id, "StudentWorkAgree", "access.joint-student-work-only", "league", "party", "phy.league", "phy.party", "admin", Student);
        await AssertRefusedAsync(id, "LeagueCommitteeAgree", "access.school-league-committee-only", "swd", "party", "phy.league", "chem.league", Student);
        await AssertRefusedAsync(id, "JointReturn", "access.joint-reviewers-only", "party", "phy.party", "phy.league", Student);
        await AssertRefusedAsync(id, "JointReject", "access.joint-reviewers-only", "party", "phy.party", Student);
        await kit.ActedAsync("swd", id, "StudentWorkAgree", "同意");
        await kit.ActedAsync("league", id, "LeagueCommitteeAgree", "同意");

        // Determination: the school party committee only.
        await AssertRefusedAsync(id, "PartyCommitteeDetermine", "access.school-party-committee-only", "swd", "league", "phy.party", "phy.league", "admin", nominee);
        await AssertRefusedAsync(id, "PartyCommitteeReturn", "access.school-party-committee-only", "swd", "phy.party");
        await AssertRefusedAsync(id, "PartyCommitteeReject", "access.school-party-committee-only", "league", "phy.party");
        Assert.Equal("PartyCommitteeDetermination", State(await kit.ViewAsync(id)));
        await kit.ActedAsync("party", id, "PartyCommitteeDetermine", "确定");
    }

    [Fact]
    public async Task SU_5_3_only_the_nominees_college_league_recommends_and_only_the_two_school_bodies_determine()
    {
        var union = await kit.SchoolUnionIdAsync();
        var department = await kit.DepartmentIdAsync(union, "学习部");
        var nominee = await kit.NomineeAsync();

        foreach (var user in new[] { "chem.league", "phy.party", "swd", "league", "party", "phy2301.branch", Student })
        {
            var (status, problem) = await kit.NominateAsync(user, "SchoolDepartment", union, nominee, "DepartmentMember", department);
            AssertForbidden(status, problem, "access.nominee-college-league-only");
        }
        var id = await kit.NominatedAsync("phy.league", "SchoolDepartment", union, nominee, "DepartmentMember", department);
        await AssertRefusedAsync(id, "Recommend", "access.nominee-college-league-only", "chem.league", "swd", Student);
        await kit.ActedAsync("phy.league", id, "Recommend");
        await AssertRefusedAsync(id, "StudentWorkAgree", "access.joint-student-work-only", "phy.league", "phy.party", "party", "league", nominee);
        await AssertRefusedAsync(id, "LeagueCommitteeAgree", "access.school-league-committee-only", "phy.league", "chem.league", "party", "swd");
        await AssertRefusedAsync(id, "JointReject", "access.joint-reviewers-only", "phy.league", "party");
    }

    [Fact]
    public async Task SU_5_4_only_the_nominees_class_branch_college_league_and_college_party()
    {
        var union = await kit.CollegeUnionIdAsync("PHY");
        var department = await kit.DepartmentIdAsync(union, "学习部");
        var nominee = await kit.NomineeAsync("PHY", "物理2301");
        var otherClassStudent = await kit.NomineeAsync("PHY", "物理2401");
        var otherBranch = await kit.UserWithRoleAsync(Role.ClassLeagueBranch, await kit.ClassBranchUnitAsync("物理2401"), "b");
        var chemBranch = await kit.UserWithRoleAsync(Role.ClassLeagueBranch, await kit.ClassBranchUnitAsync("化学2301"), "b");

        // Nominating: the branch of the nominee's own class only.
        foreach (var user in new[] { otherBranch, chemBranch, "phy.league", "phy.party", "league", Student })
        {
            var (status, problem) = await kit.NominateAsync(user, "CollegeUnion", union, nominee, "DepartmentMember", department);
            AssertForbidden(status, problem, "access.nominee-class-branch-only");
        }
        // A branch nominating a student of another class.
        var (s1, p1) = await kit.NominateAsync("phy2301.branch", "CollegeUnion", union, otherClassStudent, "DepartmentMember", department);
        AssertForbidden(s1, p1, "access.nominee-class-branch-only");
        // Its own student, but to another college's union.
        var chemUnion = await kit.CollegeUnionIdAsync("CHEM");
        var chemDepartment = await kit.DepartmentIdAsync(chemUnion, "学习部");
        var (s2, p2) = await kit.NominateAsync("phy2301.branch", "CollegeUnion", chemUnion, nominee, "DepartmentMember", chemDepartment);
        Associations.FoundingKit.AssertRefused(s2, p2, (null, "nomination.other-college-union"));
        // A department of another union.
        var (s3, p3) = await kit.NominateAsync("phy2301.branch", "CollegeUnion", union, nominee, "DepartmentMember", chemDepartment);
        Associations.FoundingKit.AssertRefused(s3, p3, (null, "union.department-not-found"));
        // A blank student number is asked for in words, not looked up as "no student with number ''"; an unknown one is named.
        var (s4, p4) = await kit.NominateAsync("phy2301.branch", "CollegeUnion", union, "  ", "DepartmentMember", department);
        Associations.FoundingKit.AssertRefused(s4, p4, (null, "nomination.student-number-required"));
        var (s5, p5) = await kit.NominateAsync("phy2301.branch", "CollegeUnion", union, "2099999999", "DepartmentMember", department);
        Associations.FoundingKit.AssertRefused(s5, p5, (null, "nomination.student-not-found"));
        Assert.Contains("2099999999", p5!["detail"]!.GetValue<string>());

        var id = await kit.NominatedAsync("phy2301.branch", "CollegeUnion", union, nominee, "DepartmentMember", department);
        await AssertRefusedAsync(id, "Recommend", "access.nominee-class-branch-only", otherBranch, "phy.league", nominee);
        await kit.ActedAsync("phy2301.branch", id, "Recommend");

        await AssertRefusedAsync(id, "CollegeLeagueApprove", "access.nominee-college-league-only", "chem.league", "phy.party", "phy2301.branch", "league", Student);
        await AssertRefusedAsync(id, "CollegeLeagueReturn", "access.nominee-college-league-only", "chem.league", "phy.party");
        await kit.ActedAsync("phy.league", id, "CollegeLeagueApprove", "同意");

        await AssertRefusedAsync(id, "CollegePartyDetermine", "access.nominee-college-party-only", "chem.party", "phy.league", "party", "swd", Student, nominee);
        await AssertRefusedAsync(id, "CollegePartyReject", "access.nominee-college-party-only", "chem.party", "phy.league");
        Assert.Null(await kit.ActivePositionAsync(union, nominee));
        Assert.Equal("Appointed", State(await kit.ActedAsync("phy.party", id, "CollegePartyDetermine", "同意")));
    }

    [Fact]
    public async Task A_nomination_is_seen_by_its_chain_and_the_nominee_only()
    {
        var union = await kit.CollegeUnionIdAsync("PHY");
        var department = await kit.DepartmentIdAsync(union, "文体部");
        var nominee = await kit.NomineeAsync("PHY", "物理2301");
        var id = await kit.NominatedAsync("phy2301.branch", "CollegeUnion", union, nominee, "DepartmentMember", department);

        foreach (var user in new[] { nominee, "phy2301.branch", "phy.league", "phy.party", "swd", "league", "party", "admin" })
            Assert.Equal(HttpStatusCode.OK, (await (await kit.As(user)).GetAsync($"/api/v1/nominations/{id}")).Status);
        var otherBranch = await kit.UserWithRoleAsync(Role.ClassLeagueBranch, await kit.ClassBranchUnitAsync("物理2401"), "b");
        foreach (var user in new[] { Student, "chem.league", "chem.party", otherBranch })
        {
            var (status, problem) = await (await kit.As(user)).GetAsync($"/api/v1/nominations/{id}");
            MembershipKit.AssertNotFound(status, problem);
        }
        // The union's page lists the nomination to the same people only.
        foreach (var user in new[] { "phy2301.branch", "phy.league", "phy.party", "swd", "league", "party", "admin" })
        {
            var (_, page) = await (await kit.As(user)).GetAsync($"/api/v1/unions/{union}");
            Assert.Contains(page!["nominations"]!.AsArray(), n => n!["instanceId"]!.GetValue<Guid>() == id);
        }
        foreach (var user in new[] { "chem.league", "chem.party", otherBranch, "academic.office", Student })
        {
            var (_, page) = await (await kit.As(user)).GetAsync($"/api/v1/unions/{union}");
            Assert.True(page!["nominations"]!.AsArray().All(n => n!["instanceId"]!.GetValue<Guid>() != id), $"{user} sees the nomination in the union's list");
        }
        // Students see the union's structure but not its nominations.
        var (_, view) = await (await kit.As(Student)).GetAsync($"/api/v1/unions/{union}");
        Assert.Empty(view!["nominations"]!.AsArray());
        Assert.NotEmpty(view["presidium"]!.AsArray());
    }

    [Fact]
    public async Task Another_university_sees_nothing_and_can_do_nothing()
    {
        var union = await kit.CollegeUnionIdAsync("PHY");
        var department = await kit.DepartmentIdAsync(union, "宣传部");
        var nominee = await kit.NomineeAsync("PHY", "物理2301");
        var id = await kit.NominatedAsync("phy2301.branch", "CollegeUnion", union, nominee, "DepartmentMember", department);
        var stranger = await new MembershipKit(app).OtherUniversityStudentAsync();
        var client = await kit.As(stranger);

        MembershipKit.AssertNotFound((await client.GetAsync($"/api/v1/nominations/{id}")).Status, null);
        MembershipKit.AssertNotFound((await client.GetAsync($"/api/v1/unions/{union}")).Status, null);
        Assert.DoesNotContain((await client.GetAsync("/api/v1/unions?pageSize=100")).Body!["items"]!.AsArray(), u => u!["id"]!.GetValue<Guid>() == union);
        var (status, problem) = await kit.ActAsync(stranger, id, "Recommend");
        AssertForbidden(status, problem, "access.other-university");
        (status, _) = await client.PostAsync("/api/v1/nominations",
            new { chain = "CollegeUnion", unionId = union, studentNumber = nominee, kind = "DepartmentMember", departmentId = department, statement = "推荐" });
        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}
