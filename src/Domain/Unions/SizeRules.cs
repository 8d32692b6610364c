using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Unions;

/// <summary>A size rule's verdict: a "must" limit refuses; a "generally" limit warns and asks for a written justification.</summary>
public sealed record SizeFinding(Reason Reason, bool Refuses);

/// <summary>How a count stands against its limit: over a "must" limit, or above or below a "generally" one.</summary>
public enum Standing { Within, AboveUsual, Below, Over }

/// <summary>What a size rule counts.</summary>
public enum SizeAspect { Staff, Presidium, Departments, DepartmentHeads, DepartmentMembers }

/// <summary>One size rule for the union's page: the count now (for departments, the smallest and largest of any one) and how it stands.</summary>
public sealed record SizeStanding(string Measure, SizeAspect Aspect, int Now, int NowMax, Standing Standing);

/// <summary>The active staffing of one union, counted from its positions.</summary>
public sealed record UnionStaffing(bool SchoolLevel, int Staff, int Presidium, int Departments, IReadOnlyDictionary<Guid, (int Heads, int Members)> ByDepartment)
{
    public static UnionStaffing Count(StudentUnion union, IEnumerable<CadrePosition> positions, IEnumerable<UnionDepartment> departments)
    {
        var active = positions.Where(p => p.IsActive && p.UnionId == union.Id).ToList();
        var open = departments.Where(d => d.UnionId == union.Id && d.ClosedAt is null).Select(d => d.Id).ToList();
        return new UnionStaffing(union.IsSchoolLevel, active.Count, active.Count(p => p.Kind == PositionKind.PresidiumMember), open.Count,
            open.ToDictionary(id => id, id => (
                active.Count(p => p.DepartmentId == id && p.Kind == PositionKind.DepartmentHead),
                active.Count(p => p.DepartmentId == id && p.Kind == PositionKind.DepartmentMember))));
    }

    public (int Heads, int Members) In(Guid departmentId) => ByDepartment.TryGetValue(departmentId, out var c) ? c : (0, 0);
}

/// <summary>
/// SU-3.1 … SU-3.3, checked whenever a seat would be filled and shown on the union's page. Department
/// "staff" (工作人员) counts the members below the heads; the union's staff counts every position.
/// </summary>
public static class SizeRules
{
    public const int SchoolStaffUsual = 40, SchoolStaffMax = 60, SchoolPresidiumMax = 5, SchoolDepartmentsUsual = 6;
    public const int DepartmentHeadsMin = 2, DepartmentHeadsMax = 3, DepartmentMembersUsual = 6;
    public const int CollegeStaffUsualMin = 20, CollegeStaffUsualMax = 30, CollegePresidiumMax = 3;

    /// <summary>What filling one more seat of this kind would break.</summary>
    public static IReadOnlyList<SizeFinding> CheckFill(UnionStaffing s, PositionKind kind, Guid? departmentId)
    {
        var found = new List<SizeFinding>();
        var staff = s.Staff + 1;
        if (s.SchoolLevel)
        {
            if (staff > SchoolStaffMax) found.Add(Refuse("SU-3.1", "rule.su-school-staff-max", staff, SchoolStaffMax));
            else if (staff > SchoolStaffUsual) found.Add(Warn("SU-3.1", "rule.su-school-staff-usual", staff, SchoolStaffUsual));
            if (kind == PositionKind.PresidiumMember && s.Presidium + 1 > SchoolPresidiumMax)
                found.Add(Refuse("SU-3.2", "rule.su-school-presidium-max", s.Presidium, SchoolPresidiumMax));
        }
        else
        {
            if (staff > CollegeStaffUsualMax) found.Add(Warn("SU-3.3", "rule.su-college-staff-usual", staff, CollegeStaffUsualMax));
            if (kind == PositionKind.PresidiumMember && s.Presidium + 1 > CollegePresidiumMax)
                found.Add(Refuse("SU-3.3", "rule.su-college-presidium-max", s.Presidium, CollegePresidiumMax));
        }
        if (departmentId is { } d && s.SchoolLevel)
        {
            var (heads, members) = s.In(d);
            if (kind == PositionKind.DepartmentHead && heads + 1 > DepartmentHeadsMax)
                found.Add(Refuse("SU-3.2", "rule.su-department-heads-max", heads, DepartmentHeadsMax));
            if (kind == PositionKind.DepartmentMember && members + 1 > DepartmentMembersUsual)
                found.Add(Warn("SU-3.2", "rule.su-department-members-usual", members + 1, DepartmentMembersUsual));
        }
        return found;
    }

    /// <summary>Creating one more working department: school level generally no more than 6 (SU-3.2).</summary>
    public static IReadOnlyList<SizeFinding> CheckNewDepartment(UnionStaffing s) =>
        s.SchoolLevel && s.Departments + 1 > SchoolDepartmentsUsual
            ? [Warn("SU-3.2", "rule.su-school-departments-usual", s.Departments + 1, SchoolDepartmentsUsual)]
            : [];

    /// <summary>The union as it stands, for its page: every limit it is over now (worded for the present, not for a seat to fill).</summary>
    public static IReadOnlyList<SizeFinding> Review(UnionStaffing s)
    {
        var found = new List<SizeFinding>();
        if (s.SchoolLevel)
        {
            if (s.Staff > SchoolStaffMax) found.Add(Refuse("SU-3.1", "rule.su-school-staff-max.now", s.Staff, SchoolStaffMax));
            else if (s.Staff > SchoolStaffUsual) found.Add(Warn("SU-3.1", "rule.su-school-staff-usual.now", s.Staff, SchoolStaffUsual));
            if (s.Presidium > SchoolPresidiumMax) found.Add(Refuse("SU-3.2", "rule.su-school-presidium-max", s.Presidium, SchoolPresidiumMax));
            if (s.Departments > SchoolDepartmentsUsual) found.Add(Warn("SU-3.2", "rule.su-school-departments-usual.now", s.Departments, SchoolDepartmentsUsual));
            foreach (var (_, (heads, members)) in s.ByDepartment)
            {
                if (heads > DepartmentHeadsMax) found.Add(Refuse("SU-3.2", "rule.su-department-heads-max", heads, DepartmentHeadsMax));
                if (members > DepartmentMembersUsual) found.Add(Warn("SU-3.2", "rule.su-department-members-usual.now", members, DepartmentMembersUsual));
            }
        }
        else
        {
            if (s.Staff > CollegeStaffUsualMax) found.Add(Warn("SU-3.3", "rule.su-college-staff-usual.now", s.Staff, CollegeStaffUsualMax));
            if (s.Presidium > CollegePresidiumMax) found.Add(Refuse("SU-3.3", "rule.su-college-presidium-max", s.Presidium, CollegePresidiumMax));
        }
        return found;
    }

    /// <summary>Every size rule of the union's level with the count it applies to, within its limits or not.</summary>
    public static IReadOnlyList<SizeStanding> Standings(UnionStaffing s)
    {
        if (!s.SchoolLevel)
            return
            [
                One("SU-3.3", SizeAspect.Staff, s.Staff, s.Staff > CollegeStaffUsualMax ? Standing.AboveUsual : s.Staff < CollegeStaffUsualMin ? Standing.Below : Standing.Within),
                One("SU-3.3", SizeAspect.Presidium, s.Presidium, s.Presidium > CollegePresidiumMax ? Standing.Over : Standing.Within),
            ];
        var heads = s.ByDepartment.Values.Select(c => c.Heads).DefaultIfEmpty(0).ToList();
        var members = s.ByDepartment.Values.Select(c => c.Members).DefaultIfEmpty(0).Max();
        return
        [
            One("SU-3.1", SizeAspect.Staff, s.Staff, s.Staff > SchoolStaffMax ? Standing.Over : s.Staff > SchoolStaffUsual ? Standing.AboveUsual : Standing.Within),
            One("SU-3.2", SizeAspect.Presidium, s.Presidium, s.Presidium > SchoolPresidiumMax ? Standing.Over : Standing.Within),
            One("SU-3.2", SizeAspect.Departments, s.Departments, s.Departments > SchoolDepartmentsUsual ? Standing.AboveUsual : Standing.Within),
            new("SU-3.2", SizeAspect.DepartmentHeads, heads.Min(), heads.Max(),
                heads.Max() > DepartmentHeadsMax ? Standing.Over : heads.Min() < DepartmentHeadsMin ? Standing.Below : Standing.Within),
            One("SU-3.2", SizeAspect.DepartmentMembers, members, members > DepartmentMembersUsual ? Standing.AboveUsual : Standing.Within),
        ];
    }

    private static SizeStanding One(string measure, SizeAspect aspect, int now, Standing standing) => new(measure, aspect, now, now, standing);

    /// <summary>Departments with fewer than 2 heads (SU-3.2 asks for 2–3): a gap to fill, shown per department.</summary>
    public static bool LacksHeads(UnionStaffing s, Guid departmentId) => s.SchoolLevel && s.In(departmentId).Heads < DepartmentHeadsMin;


    /// <summary>
    /// The fill is allowed: nothing refuses, and every warning has a written justification.
    /// Throws one <see cref="DomainException"/> listing every reason otherwise.
    /// </summary>
    public static void EnsureAllowed(IReadOnlyList<SizeFinding> findings, string? justification)
    {
        var refusals = findings.Where(f => f.Refuses).Select(f => f.Reason).ToList();
        if (refusals.Count > 0) throw new DomainException(refusals);
        var warnings = findings.Where(f => !f.Refuses).Select(f => f.Reason).ToList();
        if (warnings.Count > 0 && string.IsNullOrWhiteSpace(justification))
            throw new DomainException([.. warnings, new Reason(warnings[0].MeasureId, "rule.su-justification-required")]);
    }

    private static SizeFinding Refuse(string measure, string key, params object[] args) => new(new Reason(measure, key, args), true);
    private static SizeFinding Warn(string measure, string key, params object[] args) => new(new Reason(measure, key, args), false);
}
