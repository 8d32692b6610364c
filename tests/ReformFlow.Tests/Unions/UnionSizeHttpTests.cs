using System.Net;
using System.Text.Json.Nodes;
using ReformFlow.Domain.Unions;
using ReformFlow.Tests.Support;
using static ReformFlow.Tests.Unions.UnionKit;

namespace ReformFlow.Tests.Unions;

/// <summary>
/// SU-3.1 … SU-3.4 through the endpoints: the deciding step of a selection fills the seat, refuses it, or asks for a
/// written justification and fills it with one. Each test brings the union to the boundary straight in the database
/// (tests of this class run one after another on one database, each starting from a cleared union).
/// </summary>
public sealed class UnionSizeHttpTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly UnionKit kit = new(app);
    private const string Why = "迎新季工作量大，经研究临时增加一人。";

    /// <summary>SU-5.3 up to the second agreement, which determines; returns the instance and the second agreement's answer.</summary>
    private async Task<(Guid Id, HttpStatusCode Status, JsonNode? Body)> DepartmentSeatAsync(Guid union, string kind, Guid department, string? justification = null)
    {
        var nominee = await kit.NomineeAsync();
        var id = await kit.DepartmentChainToJointReviewAsync(nominee, union, kind, department);
        await kit.ActedAsync("swd", id, "StudentWorkAgree", "同意");
        var (status, body) = await kit.ActAsync("league", id, "LeagueCommitteeAgree", "同意", justification);
        return (id, status, body);
    }

    /// <summary>SU-5.4 up to the college party's determination; returns the instance and the determination's answer.</summary>
    private async Task<(Guid Id, HttpStatusCode Status, JsonNode? Body)> CollegeSeatAsync(Guid union, string kind, Guid? department, string? justification = null)
    {
        var nominee = await kit.NomineeAsync("PHY", "物理2301");
        var id = await kit.CollegeChainToDeterminationAsync("phy2301.branch", nominee, union, kind, department);
        var (status, body) = await kit.ActAsync("phy.party", id, "CollegePartyDetermine", "同意", justification);
        return (id, status, body);
    }

    private static void AssertAppointed(HttpStatusCode status, JsonNode? body)
    {
        Assert.True(status == HttpStatusCode.OK, $"expected 200, got {(int)status}: {body?.ToJsonString()}");
        Assert.Equal("Appointed", State(body!));
        Assert.Equal("Appointed", Outcome(body!));
    }

    [Fact]
    public async Task SU_3_1_school_union_forty_first_cadre_needs_justification_sixty_first_is_refused()
    {
        var union = await kit.SchoolUnionIdAsync();
        await kit.ClearUnionAsync(union);
        var target = await kit.DepartmentIdAsync(union, "办公室");
        var filler = await kit.DepartmentIdAsync(union, "学习部");
        await kit.SeatFillersAsync(union, PositionKind.DepartmentMember, filler, 39);

        // The 40th: within "about 40", no justification asked.
        var (_, status, body) = await DepartmentSeatAsync(union, "DepartmentMember", target);
        AssertAppointed(status, body);
        Assert.Equal(40, (await kit.StaffAsync(union)).Total);

        // The 41st: a warning that needs a written justification; nothing is filled without one.
        var (id, s41, b41) = await DepartmentSeatAsync(union, "DepartmentMember", target);
        AssertRefused(s41, b41, ("SU-3.1", "rule.su-school-staff-usual"), ("SU-3.1", "rule.su-justification-required"));
        Assert.Contains("41", Associations.FoundingKit.Message(b41, "rule.su-school-staff-usual"));
        Assert.Equal(40, (await kit.StaffAsync(union)).Total);
        Assert.Equal("JointReview", State(await kit.ViewAsync(id)));
        var view = await kit.ActedAsync("league", id, "LeagueCommitteeAgree", "同意", Why);
        Assert.Equal("Appointed", State(view));
        Assert.Equal(Why, view["justification"]!.GetValue<string>());
        Assert.Equal(41, (await kit.StaffAsync(union)).Total);
        var position = await app.WithDbAsync(db => Task.FromResult(db.CadrePositions.Single(p => p.NominationId != null && p.UnionId == union && p.EndedAt == null
            && p.Justification == Why)));
        Assert.Equal(PositionKind.DepartmentMember, position.Kind);

        // Up to 60 with justifications; the 61st is refused, justification or not.
        await kit.SeatFillersAsync(union, PositionKind.DepartmentMember, filler, 18);
        (_, status, body) = await DepartmentSeatAsync(union, "DepartmentMember", target, Why);
        AssertAppointed(status, body);
        Assert.Equal(60, (await kit.StaffAsync(union)).Total);

        (id, status, body) = await DepartmentSeatAsync(union, "DepartmentMember", target, Why);
        AssertRefused(status, body, ("SU-3.1", "rule.su-school-staff-max"));
        Assert.Equal(60, (await kit.StaffAsync(union)).Total);
        view = await kit.ViewAsync(id);
        Assert.Equal("JointReview", State(view));
        Assert.Equal("Pending", Outcome(view));
        // The nomination page shows why before anyone tries.
        Assert.Contains(view["seatFindings"]!.AsArray(), f => f!["reason"]!["key"]!.GetValue<string>() == "rule.su-school-staff-max" && f["refuses"]!.GetValue<bool>());

        // The union's page shows it over "about 40" (warning), not over 60.
        var (ok, summary) = await (await kit.As("league")).GetAsync($"/api/v1/unions/{union}");
        Assert.Equal(HttpStatusCode.OK, ok);
        var keys = summary!["summary"]!["findings"]!.AsArray().Select(f => f!["reason"]!["key"]!.GetValue<string>()).ToList();
        Assert.Contains("rule.su-school-staff-usual.now", keys);
        Assert.DoesNotContain("rule.su-school-staff-max", keys);
    }

    [Fact]
    public async Task SU_3_2_third_department_head_is_appointed_fourth_is_refused()
    {
        var union = await kit.SchoolUnionIdAsync();
        await kit.ClearUnionAsync(union);
        var department = await kit.DepartmentIdAsync(union, "文体部");
        await kit.SeatFillersAsync(union, PositionKind.DepartmentHead, department, 2);

        var (_, status, body) = await DepartmentSeatAsync(union, "DepartmentHead", department);
        AssertAppointed(status, body);
        Assert.Equal(3, (await kit.StaffAsync(union, department)).Heads);

        var (id, s4, b4) = await DepartmentSeatAsync(union, "DepartmentHead", department, Why);
        AssertRefused(s4, b4, ("SU-3.2", "rule.su-department-heads-max"));
        Assert.Equal(3, (await kit.StaffAsync(union, department)).Heads);
        Assert.Equal("JointReview", State(await kit.ViewAsync(id)));
    }

    [Fact]
    public async Task SU_3_2_seventh_department_member_needs_justification()
    {
        var union = await kit.SchoolUnionIdAsync();
        await kit.ClearUnionAsync(union);
        var department = await kit.DepartmentIdAsync(union, "宣传部");
        await kit.SeatFillersAsync(union, PositionKind.DepartmentMember, department, 5);

        var (_, status, body) = await DepartmentSeatAsync(union, "DepartmentMember", department);
        AssertAppointed(status, body);
        Assert.Equal(6, (await kit.StaffAsync(union, department)).Members);

        var (id, s7, b7) = await DepartmentSeatAsync(union, "DepartmentMember", department);
        AssertRefused(s7, b7, ("SU-3.2", "rule.su-department-members-usual"), ("SU-3.2", "rule.su-justification-required"));
        Assert.Equal(6, (await kit.StaffAsync(union, department)).Members);
        AssertAppointed(HttpStatusCode.OK, await kit.ActedAsync("league", id, "LeagueCommitteeAgree", "同意", Why));
        Assert.Equal(7, (await kit.StaffAsync(union, department)).Members);
    }

    [Fact]
    public async Task SU_3_2_school_presidium_of_six_is_reported_as_over_the_limit()
    {
        // No endpoint fills a school-level presidium seat: the congress election does (SU-5.1, not built yet).
        // The union's page reports the limit: five is fine, six breaks it.
        var union = await kit.SchoolUnionIdAsync();
        await kit.ClearUnionAsync(union);
        await kit.SeatFillersAsync(union, PositionKind.PresidiumMember, null, 5);
        var league = await kit.As("league");

        var (_, view) = await league.GetAsync($"/api/v1/unions/{union}");
        Assert.DoesNotContain(view!["summary"]!["findings"]!.AsArray(), f => f!["reason"]!["measureId"]?.GetValue<string>() == "SU-3.2");
        Assert.Equal(5, view["summary"]!["presidium"]!.GetValue<int>());

        await kit.SeatFillersAsync(union, PositionKind.PresidiumMember, null, 1);
        (_, view) = await league.GetAsync($"/api/v1/unions/{union}");
        var finding = Assert.Single(view!["summary"]!["findings"]!.AsArray(), f => f!["reason"]!["key"]!.GetValue<string>() == "rule.su-school-presidium-max");
        Assert.True(finding!["refuses"]!.GetValue<bool>());
        Assert.Equal("SU-3.2", finding["reason"]!["measureId"]!.GetValue<string>());
        // The list shows the same.
        var (_, list) = await league.GetAsync("/api/v1/unions?pageSize=100");
        var row = list!["items"]!.AsArray().Single(u => u!["id"]!.GetValue<Guid>() == union);
        Assert.Contains(row!["findings"]!.AsArray(), f => f!["reason"]!["key"]!.GetValue<string>() == "rule.su-school-presidium-max");
    }

    [Fact]
    public async Task SU_3_3_college_union_thirty_first_cadre_needs_justification()
    {
        var union = await kit.CollegeUnionIdAsync("PHY");
        await kit.ClearUnionAsync(union);
        var department = await kit.DepartmentIdAsync(union, "学习部");
        await kit.SeatFillersAsync(union, PositionKind.DepartmentMember, department, 29);

        var (_, status, body) = await CollegeSeatAsync(union, "DepartmentMember", department);
        AssertAppointed(status, body);
        Assert.Equal(30, (await kit.StaffAsync(union)).Total);

        var (id, s31, b31) = await CollegeSeatAsync(union, "DepartmentMember", department);
        AssertRefused(s31, b31, ("SU-3.3", "rule.su-college-staff-usual"), ("SU-3.3", "rule.su-justification-required"));
        Assert.Equal(30, (await kit.StaffAsync(union)).Total);
        Assert.Equal("CollegePartyDetermination", State(await kit.ViewAsync(id, "phy.party")));

        var view = await kit.ActedAsync("phy.party", id, "CollegePartyDetermine", "同意", Why);
        Assert.Equal("Appointed", State(view));
        Assert.Equal(31, (await kit.StaffAsync(union)).Total);
    }

    [Fact]
    public async Task SU_3_3_third_college_presidium_member_is_appointed_fourth_is_refused()
    {
        var union = await kit.CollegeUnionIdAsync("PHY");
        await kit.ClearUnionAsync(union);
        await kit.SeatFillersAsync(union, PositionKind.PresidiumMember, null, 2);

        var (_, status, body) = await CollegeSeatAsync(union, "PresidiumMember", null);
        AssertAppointed(status, body);
        Assert.Equal(3, (await kit.StaffAsync(union)).Presidium);

        var (id, s4, b4) = await CollegeSeatAsync(union, "PresidiumMember", null, Why);
        AssertRefused(s4, b4, ("SU-3.3", "rule.su-college-presidium-max"));
        Assert.Equal(3, (await kit.StaffAsync(union)).Presidium);
        var view = await kit.ViewAsync(id, "phy.party");
        Assert.Equal("CollegePartyDetermination", State(view));
        Assert.Equal("Pending", Outcome(view));
    }

    [Fact]
    public async Task SU_3_4_a_position_outside_the_closed_list_is_refused_and_nothing_is_created()
    {
        var union = await kit.SchoolUnionIdAsync();
        var department = await kit.DepartmentIdAsync(union, "办公室");
        var nominee = await kit.NomineeAsync();
        var league = await kit.As("phy.league");
        var before = await kit.NominationCountAsync();
        const string statement = "推荐理由";

        foreach (var kind in new object[] { "Secretary", "SecretaryGeneral", 3, 99 })
        {
            var (status, body) = await league.PostAsync("/api/v1/nominations",
                new { chain = "SchoolDepartment", unionId = union, studentNumber = nominee, kind, departmentId = department, statement });
            Assert.True(status == HttpStatusCode.BadRequest, $"kind {kind}: expected 400, got {(int)status}: {body?.ToJsonString()}");
            // Names outside the list and bare numbers are refused by the API before any rule runs.
            Assert.Null(body?["reasons"]);
            Assert.False(string.IsNullOrWhiteSpace(body?["title"]?.GetValue<string>()), $"a 400 explains itself: {body?.ToJsonString()}");
        }
        // A presidium member belongs to no department, a department position to one; a chain selects only its positions.
        var (s1, b1) = await kit.NominateAsync("phy.league", "SchoolDepartment", union, nominee, "PresidiumMember", null);
        AssertRefused(s1, b1, (null, "nomination.chain-does-not-fit"));
        var (s2, b2) = await kit.NominateAsync("phy.league", "SchoolPresidium", union, nominee, "PresidiumMember", department);
        AssertRefused(s2, b2, (null, "union.department-position-needs-department"));
        var (s3, b3) = await kit.NominateAsync("phy.league", "SchoolDepartment", union, nominee, "DepartmentMember", null);
        AssertRefused(s3, b3, (null, "union.department-position-needs-department"));
        Assert.Equal(before, await kit.NominationCountAsync());

        // An edit cannot smuggle one in either.
        var id = await kit.NominatedAsync("phy.league", "SchoolDepartment", union, nominee, "DepartmentMember", department);
        var (s4, b4) = await league.PostAsync(ActionPath(id, "Edit"),
            new { draft = new { kind = 3, departmentId = department, statement } });
        Assert.Equal(HttpStatusCode.BadRequest, s4);
        Assert.Equal("DepartmentMember", (await kit.ViewAsync(id))["kind"]!.GetValue<string>());
    }

    private static void AssertRefused(HttpStatusCode status, JsonNode? problem, params (string? MeasureId, string Code)[] expected) =>
        Associations.FoundingKit.AssertRefused(status, problem, expected);
}
