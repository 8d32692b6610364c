using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;

namespace ReformFlow.Domain.Unions;

/// <summary>
/// SU-4.1 and SU-4.2: who may be a union cadre. Checked at every step of a selection and again when
/// new academic data arrives; every unmet condition is listed, not just the first.
/// </summary>
public static class CadreEligibility
{
    /// <summary>Top 30% of the major: a percentile of 30 or less (10 means top 10%).</summary>
    public const decimal MaxMajorRankPercentile = 30m;

    public static IReadOnlyList<Reason> Check(Student s)
    {
        var reasons = new List<Reason>();
        if (!s.HasFormalStatus)
            reasons.Add(new Reason(null, "rule.su-cadre-not-enrolled", s.Name, s.StudentNumber));
        if (s.PoliticalStatus is not (PoliticalStatus.PartyMember or PoliticalStatus.ProbationaryPartyMember or PoliticalStatus.LeagueMember))
            reasons.Add(new Reason("SU-4.1", "rule.su-cadre-political-status", s.Name, s.StudentNumber));
        if (s.MajorRankPercentile > MaxMajorRankPercentile)
            reasons.Add(new Reason("SU-4.2", "rule.su-cadre-ranking", s.Name, s.StudentNumber, s.MajorRankPercentile, MaxMajorRankPercentile));
        if (s.FailedCourseCount > 0)
            reasons.Add(new Reason("SU-4.2", "rule.su-cadre-failed-course", s.Name, s.StudentNumber, s.FailedCourseCount));
        return reasons;
    }

    public static bool IsEligible(Student s) => Check(s).Count == 0;
}

/// <summary>
/// SU-5.5: generally at least half of the school-level union's staff come from college unions
/// (hold, or have held, a college-level position).
/// </summary>
public sealed record Composition(int Staff, int FromCollegeUnions)
{
    public const decimal MinShare = 0.5m;
    public decimal Share => Staff == 0 ? 0 : (decimal)FromCollegeUnions / Staff;
    public bool BelowUsual => Staff > 0 && Share < MinShare;
}
