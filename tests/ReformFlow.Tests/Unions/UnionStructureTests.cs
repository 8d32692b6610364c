using System.Net;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Unions;
using ReformFlow.Tests.Support;
using static ReformFlow.Tests.Unions.UnionKit;

namespace ReformFlow.Tests.Unions;

/// <summary>
/// Union structure through the endpoints: unions, working departments (SU-3.2), the chair by rotation (SU-2.1),
/// ending a position with its reason, composition (SU-5.5), and who may change which union.
/// </summary>
public sealed class UnionStructureTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly UnionKit kit = new(app);
    private static string Departments(Guid union) => $"/api/v1/unions/{union}/departments";
    private static string Chair(Guid position) => $"/api/v1/unions/positions/{position}/chair";
    private static string End(Guid position) => $"/api/v1/unions/positions/{position}/end";

    [Fact]
    public async Task SU_3_2_seventh_school_department_needs_a_justification_sixth_does_not()
    {
        var union = await kit.SchoolUnionIdAsync();
        var league = await kit.As("league");
        Assert.Equal(6, (await league.GetAsync($"/api/v1/unions/{union}")).Body!["summary"]!["departments"]!.GetValue<int>());

        var (status, problem) = await league.PostAsync(Departments(union), new { name = "网络信息部", nameEn = "Online Information Department" });
        Associations.FoundingKit.AssertRefused(status, problem, ("SU-3.2", "rule.su-school-departments-usual"), ("SU-3.2", "rule.su-justification-required"));
        Assert.Contains("7", Associations.FoundingKit.Message(problem, "rule.su-school-departments-usual"));
        Assert.Equal(6, await app.WithDbAsync(db => db.UnionDepartments.CountAsync(d => d.UnionId == union && d.ClosedAt == null)));

        const string why = "承担全校网络思政与信息发布工作，经校团委研究设立。";
        (status, var created) = await league.PostAsync(Departments(union), new { name = "网络信息部", nameEn = "Online Information Department", justification = why });
        Assert.True(status == HttpStatusCode.Created, created?.ToJsonString());
        var id = created!["id"]!.GetValue<Guid>();
        var (_, view) = await league.GetAsync($"/api/v1/unions/{union}");
        var dept = view!["departments"]!.AsArray().Single(d => d!["id"]!.GetValue<Guid>() == id);
        Assert.Equal(why, dept!["justification"]!.GetValue<string>());
        Assert.True(dept["lacksHeads"]!.GetValue<bool>());
        Assert.Contains(view["summary"]!["findings"]!.AsArray(), f => f!["reason"]!["key"]!.GetValue<string>() == "rule.su-school-departments-usual.now");

        // The same name twice is refused.
        (status, problem) = await league.PostAsync(Departments(union), new { name = "网络信息部", nameEn = "Another", justification = why });
        Associations.FoundingKit.AssertRefused(status, problem, (null, "union.department-exists"));

        // With two departments closed (five left) a sixth needs no justification.
        await app.WithDbAsync(async db =>
        {
            var staffed = db.CadrePositions.Where(p => p.EndedAt == null && p.DepartmentId != null).Select(p => p.DepartmentId);
            foreach (var d in await db.UnionDepartments.Where(d => d.UnionId == union && d.ClosedAt == null).OrderByDescending(d => d.CreatedAt).Take(2).ToListAsync())
            {
                foreach (var p in await db.CadrePositions.Where(p => p.DepartmentId == d.Id && p.EndedAt == null).ToListAsync()) p.End("部门撤销", app.Clock.GetUtcNow());
                await db.SaveChangesAsync();
                d.Close(app.Clock.GetUtcNow(), false);
            }
            return await db.SaveChangesAsync();
        });
        (status, created) = await league.PostAsync(Departments(union), new { name = "志愿服务部", nameEn = "Volunteer Service Department" });
        Assert.True(status == HttpStatusCode.Created, created?.ToJsonString());
    }

    [Fact]
    public async Task Only_the_school_league_committee_changes_the_school_union_and_a_college_league_its_own_college_union()
    {
        var school = await kit.SchoolUnionIdAsync();
        var phy = await kit.CollegeUnionIdAsync("PHY");
        var body = new { name = "创新创业部", nameEn = "Innovation Department", justification = "理由" };

        foreach (var user in new[] { "chem.league", "phy.league", "swd", "party", "phy.party", "2023011002" })
        {
            var (status, problem) = await (await kit.As(user)).PostAsync(Departments(school), body);
            AssertForbidden(status, problem, "access.union-manager-only");
        }
        foreach (var user in new[] { "chem.league", "league", "swd", "phy.party", "phy2301.branch" })
        {
            var (status, problem) = await (await kit.As(user)).PostAsync(Departments(phy), body);
            AssertForbidden(status, problem, "access.union-manager-only");
        }
        // A college union's departments are not bound by the school-level number.
        var (ok, _) = await (await kit.As("phy.league")).PostAsync(Departments(phy), new { name = "创新创业部", nameEn = "Innovation Department" });
        Assert.Equal(HttpStatusCode.Created, ok);

        // Positions: chem.league can neither name a chair nor end a position of the Physics or the school union.
        var phyChair = await kit.SeatAsync(phy, await kit.NomineeAsync(), PositionKind.PresidiumMember, null);
        var schoolMember = await kit.SeatAsync(school, await kit.NomineeAsync(), PositionKind.PresidiumMember, null);
        foreach (var (user, position) in new[] { ("chem.league", phyChair), ("chem.league", schoolMember), ("phy.league", schoolMember), ("2023011002", phyChair) })
        {
            var (status, problem) = await (await kit.As(user)).PostAsync(Chair(position));
            AssertForbidden(status, problem, "access.union-manager-only");
            (status, problem) = await (await kit.As(user)).PostAsync(End(position), new { reason = "调整" });
            AssertForbidden(status, problem, "access.union-manager-only");
        }
        Assert.True(await app.WithDbAsync(db => db.CadrePositions.Where(p => p.Id == phyChair || p.Id == schoolMember).AllAsync(p => !p.IsChair && p.EndedAt == null)));

        // Creating unions: the school league committee for school level, a college league for its own college.
        var (status2, problem2) = await (await kit.As("phy.league")).PostAsync("/api/v1/unions", new { level = "Graduate" });
        AssertForbidden(status2, problem2, "access.union-manager-only");
        var chemCollege = await kit.CollegeIdAsync("CHEM");
        (status2, problem2) = await (await kit.As("phy.league")).PostAsync("/api/v1/unions", new { level = "College", collegeId = chemCollege });
        AssertForbidden(status2, problem2, "access.union-manager-only");
        (status2, problem2) = await (await kit.As("chem.league")).PostAsync("/api/v1/unions", new { level = "College", collegeId = chemCollege });
        Associations.FoundingKit.AssertRefused(status2, problem2, (null, "union.already-exists"));
        var (created, graduate) = await (await kit.As("league")).PostAsync("/api/v1/unions", new { level = "Graduate" });
        Assert.True(created == HttpStatusCode.Created, graduate?.ToJsonString());
        (status2, problem2) = await (await kit.As("league")).PostAsync("/api/v1/unions", new { level = "Graduate" });
        Associations.FoundingKit.AssertRefused(status2, problem2, (null, "union.already-exists"));
    }

    [Fact]
    public async Task SU_2_1_the_chair_rotates_among_presidium_members_only()
    {
        // The Computer Science college union (3 presidium members), kept by its league organisation.
        var union = await kit.CollegeUnionIdAsync("CS");
        var positions = await app.WithDbAsync(db => db.CadrePositions.AsNoTracking().Where(p => p.UnionId == union && p.EndedAt == null).ToListAsync());
        var chair = positions.Single(p => p.IsChair);
        var next = positions.First(p => p.Kind == PositionKind.PresidiumMember && !p.IsChair);
        var member = positions.First(p => p.Kind == PositionKind.DepartmentMember);
        var head = positions.First(p => p.Kind == PositionKind.DepartmentHead);
        var league = await kit.As("cs.league");

        // Not a presidium member: refused by SU-2.1, nothing changes.
        foreach (var p in new[] { member, head })
        {
            var (status, problem) = await league.PostAsync(Chair(p.Id));
            Associations.FoundingKit.AssertRefused(status, problem, ("SU-2.1", "rule.su-chair-from-presidium"));
        }
        Assert.True(await IsChairAsync(chair.Id));

        // Rotation: naming the next one steps the current chair down; there is one chair.
        var (ok, body) = await league.PostAsync(Chair(next.Id));
        Assert.True(ok == HttpStatusCode.NoContent, body?.ToJsonString());
        Assert.True(await IsChairAsync(next.Id));
        Assert.False(await IsChairAsync(chair.Id));
        Assert.Equal(1, await app.WithDbAsync(db => db.CadrePositions.CountAsync(p => p.UnionId == union && p.IsChair)));
        var (_, view) = await league.GetAsync($"/api/v1/unions/{union}");
        var presidium = view!["presidium"]!.AsArray();
        Assert.Equal(next.Id, presidium[0]!["positionId"]!.GetValue<Guid>());
        Assert.True(presidium[0]!["isChair"]!.GetValue<bool>());
        Assert.Single(presidium, p => p!["isChair"]!.GetValue<bool>());

        // Back again; naming the sitting chair again changes nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await league.PostAsync(Chair(chair.Id))).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await league.PostAsync(Chair(chair.Id))).Status);
        Assert.True(await IsChairAsync(chair.Id));
        Assert.False(await IsChairAsync(next.Id));

        // An ended presidium member cannot chair; ending the chair leaves the union without one.
        Assert.Equal(HttpStatusCode.NoContent, (await league.PostAsync(End(next.Id), new { reason = "任期届满" })).Status);
        var (s1, p1) = await league.PostAsync(Chair(next.Id));
        Associations.FoundingKit.AssertRefused(s1, p1, (null, "union.position-already-ended"));
        Assert.Equal(HttpStatusCode.NoContent, (await league.PostAsync(End(chair.Id), new { reason = "毕业离校" })).Status);
        Assert.False(await IsChairAsync(chair.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await league.PostAsync(Chair(Guid.NewGuid()))).Status);
    }

    private Task<bool> IsChairAsync(Guid position) =>
        app.WithDbAsync(db => db.CadrePositions.Where(p => p.Id == position).Select(p => p.IsChair).SingleAsync());

    [Fact]
    public async Task Ending_a_position_needs_a_reason_keeps_it_and_frees_the_seat()
    {
        var union = await kit.CollegeUnionIdAsync("CHEM");
        var position = await app.WithDbAsync(db => db.CadrePositions.AsNoTracking()
            .Where(p => p.UnionId == union && p.EndedAt == null && p.Kind == PositionKind.DepartmentMember).FirstAsync());
        var league = await kit.As("chem.league");
        var before = (await kit.StaffAsync(union)).Total;

        foreach (var reason in new[] { "", "   " })
        {
            var (status, problem) = await league.PostAsync(End(position.Id), new { reason });
            Associations.FoundingKit.AssertRefused(status, problem, (null, "union.end-reason-required"));
        }
        var (missing, problem2) = await league.PostAsync(End(position.Id), new { });
        Associations.FoundingKit.AssertRefused(missing, problem2, (null, "union.end-reason-required"));
        Assert.Equal(before, (await kit.StaffAsync(union)).Total);

        Assert.Equal(HttpStatusCode.NoContent, (await league.PostAsync(End(position.Id), new { reason = " 本人申请辞去职务 " })).Status);
        var ended = await app.WithDbAsync(db => db.CadrePositions.AsNoTracking().SingleAsync(p => p.Id == position.Id));
        Assert.Equal("本人申请辞去职务", ended.EndReason);
        Assert.True((app.Clock.GetUtcNow() - ended.EndedAt!.Value).Duration() < TimeSpan.FromSeconds(1));
        Assert.Equal(before - 1, (await kit.StaffAsync(union)).Total);
        var (_, view) = await league.GetAsync($"/api/v1/unions/{union}");
        Assert.DoesNotContain(view!["departments"]!.AsArray().SelectMany(d => d!["members"]!.AsArray()), m => m!["positionId"]!.GetValue<Guid>() == position.Id);

        var (again, problem3) = await league.PostAsync(End(position.Id), new { reason = "再次" });
        Associations.FoundingKit.AssertRefused(again, problem3, (null, "union.position-already-ended"));
        Assert.Equal(HttpStatusCode.NotFound, (await league.PostAsync(End(Guid.NewGuid()), new { reason = "无" })).Status);
    }

    [Fact]
    public async Task SU_5_5_composition_counts_school_cadres_who_hold_or_held_a_college_position()
    {
        var school = await kit.SchoolUnionIdAsync();
        var league = await kit.As("league");
        // The demo: two in three came up through their college union.
        var demo = (await league.GetAsync($"/api/v1/unions/{school}")).Body!["composition"]!;
        Assert.False(demo["belowUsual"]!.GetValue<bool>());
        Assert.True(demo["fromCollegeUnions"]!.GetValue<int>() * 2 >= demo["staff"]!.GetValue<int>());

        await kit.ClearUnionAsync(school);
        var people = await kit.NomineesAsync(5);
        var phy = await kit.CollegeUnionIdAsync("PHY");
        var phyDept = await kit.DepartmentIdAsync(phy, "学习部");
        // One held a college position (ended), one holds one now; two never did.
        var held = await kit.SeatAsync(phy, people[0], PositionKind.DepartmentMember, phyDept);
        Assert.Equal(HttpStatusCode.NoContent, (await (await kit.As("phy.league")).PostAsync(End(held), new { reason = "升任校学生会" })).Status);
        await kit.SeatAsync(phy, people[1], PositionKind.DepartmentMember, phyDept);
        var office = await kit.DepartmentIdAsync(school, "办公室");
        foreach (var p in people.Take(4)) await kit.SeatAsync(school, p, PositionKind.DepartmentMember, office);

        var composition = (await league.GetAsync($"/api/v1/unions/{school}")).Body!["composition"]!;
        Assert.Equal(4, composition["staff"]!.GetValue<int>());
        Assert.Equal(2, composition["fromCollegeUnions"]!.GetValue<int>());
        Assert.Equal(0.5m, composition["share"]!.GetValue<decimal>());
        Assert.False(composition["belowUsual"]!.GetValue<bool>());

        await kit.SeatAsync(school, people[4], PositionKind.DepartmentMember, office);
        composition = (await league.GetAsync($"/api/v1/unions/{school}")).Body!["composition"]!;
        Assert.Equal(5, composition["staff"]!.GetValue<int>());
        Assert.Equal(2, composition["fromCollegeUnions"]!.GetValue<int>());
        Assert.True(composition["belowUsual"]!.GetValue<bool>());
        // College unions have no composition rule.
        Assert.Null((await league.GetAsync($"/api/v1/unions/{phy}")).Body!["composition"]);
    }
}
