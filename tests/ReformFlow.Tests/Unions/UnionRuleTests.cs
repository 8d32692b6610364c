using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Domain.Unions;

namespace ReformFlow.Tests.Unions;

/// <summary>
/// The size, position and eligibility rules of the union reform on the domain alone, at their boundaries.
/// The HTTP tests beside this file show each rule refusing (or asking for a justification) through the endpoints.
/// </summary>
public sealed class UnionRuleTests
{
    private static readonly Guid Dept = Guid.NewGuid();

    private static UnionStaffing School(int staff, int presidium = 0, int departments = 6, int heads = 0, int members = 0) =>
        new(true, staff, presidium, departments, new Dictionary<Guid, (int, int)> { [Dept] = (heads, members) });

    private static UnionStaffing College(int staff, int presidium = 0) =>
        new(false, staff, presidium, 3, new Dictionary<Guid, (int, int)> { [Dept] = (0, 0) });

    private static List<(string? Measure, string Key, bool Refuses)> Findings(IEnumerable<SizeFinding> f) =>
        f.Select(x => (x.Reason.MeasureId, x.Reason.Key, x.Refuses)).ToList();

    private static Standing Of(UnionStaffing s, SizeAspect aspect) => SizeRules.Standings(s).Single(x => x.Aspect == aspect).Standing;

    [Fact]
    public void SU_3_1_to_SU_3_3_the_page_standings_use_the_same_boundaries_as_the_rules()
    {
        Assert.Equal(Standing.Within, Of(School(40, heads: 2), SizeAspect.Staff));
        Assert.Equal(Standing.AboveUsual, Of(School(41, heads: 2), SizeAspect.Staff));
        Assert.Equal(Standing.AboveUsual, Of(School(60, heads: 2), SizeAspect.Staff));
        Assert.Equal(Standing.Over, Of(School(61, heads: 2), SizeAspect.Staff));
        Assert.Equal(Standing.Within, Of(School(20, presidium: 5), SizeAspect.Presidium));
        Assert.Equal(Standing.Over, Of(School(20, presidium: 6), SizeAspect.Presidium));
        Assert.Equal(Standing.AboveUsual, Of(School(20, departments: 7), SizeAspect.Departments));
        Assert.Equal(Standing.Below, Of(School(20, heads: 1), SizeAspect.DepartmentHeads));
        Assert.Equal(Standing.Within, Of(School(20, heads: 3), SizeAspect.DepartmentHeads));
        Assert.Equal(Standing.Over, Of(School(20, heads: 4), SizeAspect.DepartmentHeads));
        Assert.Equal(Standing.Within, Of(School(20, heads: 2, members: 6), SizeAspect.DepartmentMembers));
        Assert.Equal(Standing.AboveUsual, Of(School(20, heads: 2, members: 7), SizeAspect.DepartmentMembers));
        Assert.Equal(Standing.Below, Of(College(19), SizeAspect.Staff));
        Assert.Equal(Standing.Within, Of(College(30), SizeAspect.Staff));
        Assert.Equal(Standing.AboveUsual, Of(College(31), SizeAspect.Staff));
        Assert.Equal(Standing.Over, Of(College(20, presidium: 4), SizeAspect.Presidium));
        Assert.DoesNotContain(SizeRules.Standings(College(20)), x => x.Aspect is SizeAspect.Departments or SizeAspect.DepartmentHeads);
    }

    // ---- SU-3.1: school-level staff about 40, no more than 60 ----

    [Fact]
    public void SU_3_1_fortieth_school_cadre_is_fine_forty_first_warns()
    {
        Assert.Empty(SizeRules.CheckFill(School(39), PositionKind.DepartmentMember, Dept));
        Assert.Equal([("SU-3.1", "rule.su-school-staff-usual", false)], Findings(SizeRules.CheckFill(School(40), PositionKind.DepartmentMember, Dept)));
    }

    [Fact]
    public void SU_3_1_sixtieth_school_cadre_warns_sixty_first_is_refused()
    {
        Assert.Equal([("SU-3.1", "rule.su-school-staff-usual", false)], Findings(SizeRules.CheckFill(School(59), PositionKind.DepartmentMember, Dept)));
        Assert.Equal([("SU-3.1", "rule.su-school-staff-max", true)], Findings(SizeRules.CheckFill(School(60), PositionKind.DepartmentMember, Dept)));
    }

    [Fact]
    public void SU_3_1_review_of_a_standing_union_uses_the_same_boundaries()
    {
        Assert.Empty(SizeRules.Review(School(40)));
        Assert.Equal([("SU-3.1", "rule.su-school-staff-usual.now", false)], Findings(SizeRules.Review(School(41))));
        Assert.Equal([("SU-3.1", "rule.su-school-staff-usual.now", false)], Findings(SizeRules.Review(School(60))));
        Assert.Equal([("SU-3.1", "rule.su-school-staff-max.now", true)], Findings(SizeRules.Review(School(61))));
    }

    [Fact]
    public void SU_3_1_a_warning_needs_a_written_justification_a_refusal_cannot_be_justified()
    {
        var warn = SizeRules.CheckFill(School(40), PositionKind.DepartmentMember, Dept);
        var e = Assert.Throws<DomainException>(() => SizeRules.EnsureAllowed(warn, null));
        Assert.Equal(["rule.su-school-staff-usual", "rule.su-justification-required"], e.Reasons.Select(r => r.Key));
        Assert.All(e.Reasons, r => Assert.Equal("SU-3.1", r.MeasureId));
        Assert.Throws<DomainException>(() => SizeRules.EnsureAllowed(warn, "   "));
        SizeRules.EnsureAllowed(warn, "迎新季工作量大，临时增加一名干事");

        var refuse = SizeRules.CheckFill(School(60), PositionKind.DepartmentMember, Dept);
        e = Assert.Throws<DomainException>(() => SizeRules.EnsureAllowed(refuse, "理由充分"));
        Assert.Equal(["rule.su-school-staff-max"], e.Reasons.Select(r => r.Key));
    }

    // ---- SU-3.2: presidium ≤ 5, departments generally ≤ 6, 2–3 heads, members generally ≤ 6 ----

    [Fact]
    public void SU_3_2_fifth_school_presidium_member_is_allowed_sixth_is_refused()
    {
        Assert.Empty(SizeRules.CheckFill(School(20, presidium: 4), PositionKind.PresidiumMember, null));
        Assert.Equal([("SU-3.2", "rule.su-school-presidium-max", true)], Findings(SizeRules.CheckFill(School(20, presidium: 5), PositionKind.PresidiumMember, null)));
        // Only presidium seats count against it.
        Assert.Empty(SizeRules.CheckFill(School(20, presidium: 5), PositionKind.DepartmentMember, Dept));
        Assert.Empty(SizeRules.Review(School(20, presidium: 5)));
        Assert.Equal([("SU-3.2", "rule.su-school-presidium-max", true)], Findings(SizeRules.Review(School(20, presidium: 6))));
    }

    [Fact]
    public void SU_3_2_third_department_head_is_allowed_fourth_is_refused()
    {
        Assert.Empty(SizeRules.CheckFill(School(20, heads: 2), PositionKind.DepartmentHead, Dept));
        Assert.Equal([("SU-3.2", "rule.su-department-heads-max", true)], Findings(SizeRules.CheckFill(School(20, heads: 3), PositionKind.DepartmentHead, Dept)));
        Assert.Empty(SizeRules.CheckFill(School(20, heads: 3), PositionKind.DepartmentMember, Dept));
        Assert.Equal([("SU-3.2", "rule.su-department-heads-max", true)], Findings(SizeRules.Review(School(20, heads: 4))));
    }

    [Fact]
    public void SU_3_2_department_with_fewer_than_two_heads_is_shown_as_lacking()
    {
        Assert.True(SizeRules.LacksHeads(School(20, heads: 1), Dept));
        Assert.False(SizeRules.LacksHeads(School(20, heads: 2), Dept));
    }

    [Fact]
    public void SU_3_2_sixth_department_member_is_fine_seventh_warns()
    {
        Assert.Empty(SizeRules.CheckFill(School(20, members: 5), PositionKind.DepartmentMember, Dept));
        Assert.Equal([("SU-3.2", "rule.su-department-members-usual", false)], Findings(SizeRules.CheckFill(School(20, members: 6), PositionKind.DepartmentMember, Dept)));
        Assert.Empty(SizeRules.Review(School(20, members: 6)));
        Assert.Equal([("SU-3.2", "rule.su-department-members-usual.now", false)], Findings(SizeRules.Review(School(20, members: 7))));
    }

    [Fact]
    public void SU_3_2_sixth_department_is_fine_seventh_warns()
    {
        Assert.Empty(SizeRules.CheckNewDepartment(School(20, departments: 5)));
        Assert.Equal([("SU-3.2", "rule.su-school-departments-usual", false)], Findings(SizeRules.CheckNewDepartment(School(20, departments: 6))));
        Assert.Empty(SizeRules.Review(School(20, departments: 6)));
        Assert.Equal([("SU-3.2", "rule.su-school-departments-usual.now", false)], Findings(SizeRules.Review(School(20, departments: 7))));
        // College unions are not bound by the school-level department rule.
        Assert.Empty(SizeRules.CheckNewDepartment(new UnionStaffing(false, 20, 3, 9, new Dictionary<Guid, (int, int)>())));
    }

    // ---- SU-3.3: college staff generally 20–30, college presidium ≤ 3 ----

    [Fact]
    public void SU_3_3_thirtieth_college_cadre_is_fine_thirty_first_warns()
    {
        Assert.Empty(SizeRules.CheckFill(College(29), PositionKind.DepartmentMember, Dept));
        Assert.Equal([("SU-3.3", "rule.su-college-staff-usual", false)], Findings(SizeRules.CheckFill(College(30), PositionKind.DepartmentMember, Dept)));
        Assert.Empty(SizeRules.Review(College(30)));
        Assert.Equal([("SU-3.3", "rule.su-college-staff-usual.now", false)], Findings(SizeRules.Review(College(31))));
        Assert.Equal(Standing.Below, Of(College(19), SizeAspect.Staff));
        Assert.Equal(Standing.Within, Of(College(20), SizeAspect.Staff));
    }

    [Fact]
    public void SU_3_3_third_college_presidium_member_is_allowed_fourth_is_refused()
    {
        Assert.Empty(SizeRules.CheckFill(College(10, presidium: 2), PositionKind.PresidiumMember, null));
        Assert.Equal([("SU-3.3", "rule.su-college-presidium-max", true)], Findings(SizeRules.CheckFill(College(10, presidium: 3), PositionKind.PresidiumMember, null)));
        Assert.Equal([("SU-3.3", "rule.su-college-presidium-max", true)], Findings(SizeRules.Review(College(10, presidium: 4))));
        // The school-level limits do not apply to a college union.
        Assert.DoesNotContain(SizeRules.CheckFill(College(10, presidium: 5), PositionKind.PresidiumMember, null), f => f.Reason.MeasureId != "SU-3.3");
    }

    [Fact]
    public void SU_3_3_college_staff_count_comes_from_active_positions_of_that_union_only()
    {
        var uni = Guid.NewGuid();
        var union = new StudentUnion(uni, UnionLevel.College, Guid.NewGuid(), "物理学院学生会", "Physics SU");
        var other = new StudentUnion(uni, UnionLevel.College, Guid.NewGuid(), "化学学院学生会", "Chemistry SU");
        var now = DateTimeOffset.UtcNow;
        var positions = Enumerable.Range(0, 3).Select(_ => new CadrePosition(uni, union.Id, Guid.NewGuid(), PositionKind.PresidiumMember, null, null, null, now)).ToList();
        positions[2].End("毕业", now);
        positions.Add(new CadrePosition(uni, other.Id, Guid.NewGuid(), PositionKind.PresidiumMember, null, null, null, now));
        var s = UnionStaffing.Count(union, positions, []);
        Assert.Equal(2, s.Staff);
        Assert.Equal(2, s.Presidium);
        Assert.Empty(SizeRules.CheckFill(s, PositionKind.PresidiumMember, null));
    }

    // ---- SU-3.4: positions from a closed list ----

    [Fact]
    public void SU_3_4_positions_come_from_a_closed_list_of_three()
    {
        Assert.Equal(["PresidiumMember", "DepartmentHead", "DepartmentMember"], Enum.GetNames<PositionKind>());
        var uni = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        // A presidium member belongs to no department; heads and members belong to one.
        Assert.Throws<DomainException>(() => new CadrePosition(uni, Guid.NewGuid(), Guid.NewGuid(), PositionKind.PresidiumMember, Guid.NewGuid(), null, null, now));
        Assert.Throws<DomainException>(() => new CadrePosition(uni, Guid.NewGuid(), Guid.NewGuid(), PositionKind.DepartmentHead, null, null, null, now));
        Assert.Throws<DomainException>(() => new CadrePosition(uni, Guid.NewGuid(), Guid.NewGuid(), PositionKind.DepartmentMember, null, null, null, now));
        // An undefined kind is no position at all.
        Assert.Throws<DomainException>(() => new CadrePosition(uni, Guid.NewGuid(), Guid.NewGuid(), (PositionKind)3, Guid.NewGuid(), null, null, now));
    }

    // ---- SU-2.1: the chair is a presidium member ----

    [Fact]
    public void SU_2_1_only_an_active_presidium_member_can_chair()
    {
        var uni = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var presidium = new CadrePosition(uni, Guid.NewGuid(), Guid.NewGuid(), PositionKind.PresidiumMember, null, null, null, now);
        presidium.MakeChair();
        Assert.True(presidium.IsChair);
        presidium.StepDownAsChair();
        Assert.False(presidium.IsChair);

        foreach (var kind in new[] { PositionKind.DepartmentHead, PositionKind.DepartmentMember })
        {
            var p = new CadrePosition(uni, Guid.NewGuid(), Guid.NewGuid(), kind, Guid.NewGuid(), null, null, now);
            var e = Assert.Throws<DomainException>(p.MakeChair);
            Assert.Equal(("SU-2.1", "rule.su-chair-from-presidium"), (e.Reasons[0].MeasureId, e.Reasons[0].Key));
            Assert.False(p.IsChair);
        }

        presidium.MakeChair();
        presidium.End("任期届满", now);
        Assert.False(presidium.IsChair);
        Assert.Throws<DomainException>(presidium.MakeChair);
    }

    // ---- SU-4.1 / SU-4.2: who may be a cadre ----

    private static Student Student(PoliticalStatus status = PoliticalStatus.LeagueMember, decimal rank = 10m, int failed = 0, StudentStatus enrolment = StudentStatus.Enrolled)
    {
        var s = new Student(Guid.NewGuid(), "2024019001", "李明", Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 2024);
        s.ChangePoliticalStatus(status);
        s.UpdateAcademicRecord(rank, 50m, failed);
        s.ChangeStatus(enrolment);
        return s;
    }

    private static List<(string? Measure, string Key)> Problems(Student s) => CadreEligibility.Check(s).Select(r => (r.MeasureId, r.Key)).ToList();

    [Theory]
    [InlineData(PoliticalStatus.PartyMember, true)]
    [InlineData(PoliticalStatus.ProbationaryPartyMember, true)]
    [InlineData(PoliticalStatus.LeagueMember, true)]
    [InlineData(PoliticalStatus.None, false)]
    public void SU_4_1_party_probationary_or_league_member(PoliticalStatus status, bool eligible)
    {
        var s = Student(status);
        Assert.Equal(eligible, CadreEligibility.IsEligible(s));
        if (eligible) Assert.Empty(Problems(s));
        else Assert.Equal([("SU-4.1", "rule.su-cadre-political-status")], Problems(s));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("29.9", true)]
    [InlineData("30", true)]
    [InlineData("30.1", false)]
    [InlineData("47.5", false)]
    public void SU_4_2_top_thirty_percent_of_the_major(string rank, bool eligible)
    {
        var s = Student(rank: decimal.Parse(rank, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(eligible, CadreEligibility.IsEligible(s));
        if (!eligible)
        {
            var r = Assert.Single(CadreEligibility.Check(s));
            Assert.Equal(("SU-4.2", "rule.su-cadre-ranking"), (r.MeasureId, r.Key));
            Assert.Equal(s.MajorRankPercentile, r.Args[2]);
            Assert.Equal(30m, r.Args[3]);
        }
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(3, false)]
    public void SU_4_2_no_failed_course(int failed, bool eligible)
    {
        var s = Student(failed: failed);
        Assert.Equal(eligible, CadreEligibility.IsEligible(s));
        if (!eligible) Assert.Equal([("SU-4.2", "rule.su-cadre-failed-course")], Problems(s));
    }

    [Theory]
    [InlineData(StudentStatus.Enrolled, true)]
    [InlineData(StudentStatus.Suspended, false)]
    [InlineData(StudentStatus.Withdrawn, false)]
    [InlineData(StudentStatus.Graduated, false)]
    public void SU_4_cadres_have_formal_student_status(StudentStatus status, bool eligible)
    {
        var s = Student(enrolment: status);
        Assert.Equal(eligible, CadreEligibility.IsEligible(s));
        if (!eligible) Assert.Equal([(null, "rule.su-cadre-not-enrolled")], Problems(s));
    }

    [Fact]
    public void SU_4_every_failing_condition_is_named_not_just_the_first()
    {
        var s = Student(PoliticalStatus.None, 30.1m, 2, StudentStatus.Suspended);
        Assert.Equal(
            [(null, "rule.su-cadre-not-enrolled"), ("SU-4.1", "rule.su-cadre-political-status"), ("SU-4.2", "rule.su-cadre-ranking"), ("SU-4.2", "rule.su-cadre-failed-course")],
            Problems(s));
    }

    // ---- SU-5.5: at least half of school-level staff come from college unions ----

    [Fact]
    public void SU_5_5_half_from_college_unions_is_enough_less_is_below_usual()
    {
        Assert.False(new Composition(10, 5).BelowUsual);
        Assert.Equal(0.5m, new Composition(10, 5).Share);
        Assert.True(new Composition(10, 4).BelowUsual);
        Assert.False(new Composition(34, 17).BelowUsual);
        Assert.True(new Composition(35, 17).BelowUsual);
        Assert.False(new Composition(0, 0).BelowUsual);
    }

    // ---- nominations fit their chain ----

    [Fact]
    public void Each_chain_selects_only_its_own_positions()
    {
        var uni = Guid.NewGuid();
        var college = Guid.NewGuid();
        var school = new StudentUnion(uni, UnionLevel.School, null, "学生会", "SU");
        var collegeUnion = new StudentUnion(uni, UnionLevel.College, college, "物理学院学生会", "Physics SU");
        var now = DateTimeOffset.UtcNow;
        Nomination N(StudentUnion u, SelectionChain c, PositionKind k, Guid? d, Guid? nomineeCollege = null) =>
            new(uni, u, c, Guid.NewGuid(), nomineeCollege ?? college, Guid.NewGuid(), k, d, "推荐理由", null, "u", now);

        N(school, SelectionChain.SchoolPresidium, PositionKind.PresidiumMember, null);
        N(school, SelectionChain.SchoolDepartment, PositionKind.DepartmentHead, Guid.NewGuid());
        N(school, SelectionChain.SchoolDepartment, PositionKind.DepartmentMember, Guid.NewGuid());
        N(collegeUnion, SelectionChain.CollegeUnion, PositionKind.PresidiumMember, null);
        N(collegeUnion, SelectionChain.CollegeUnion, PositionKind.DepartmentMember, Guid.NewGuid());

        Assert.Throws<DomainException>(() => N(school, SelectionChain.SchoolPresidium, PositionKind.DepartmentMember, Guid.NewGuid()));
        Assert.Throws<DomainException>(() => N(school, SelectionChain.SchoolDepartment, PositionKind.PresidiumMember, null));
        Assert.Throws<DomainException>(() => N(school, SelectionChain.CollegeUnion, PositionKind.PresidiumMember, null));
        Assert.Throws<DomainException>(() => N(collegeUnion, SelectionChain.SchoolPresidium, PositionKind.PresidiumMember, null));
        Assert.Throws<DomainException>(() => N(collegeUnion, SelectionChain.CollegeUnion, PositionKind.PresidiumMember, null, Guid.NewGuid()));
        Assert.Throws<DomainException>(() => N(collegeUnion, SelectionChain.CollegeUnion, PositionKind.PresidiumMember, Guid.NewGuid()));
    }
}
