using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;

namespace ReformFlow.Domain.Associations;

/// <summary>What the membership rules need to know about one student, gathered from the database.</summary>
/// <param name="ActiveMemberships">Associations the student belongs to now (any association, any role).</param>
/// <param name="AlreadyMember">The student is an active member of this very association.</param>
/// <param name="RequestPending">The student has a pending request to join this very association.</param>
public sealed record JoinFacts(Student Student, int ActiveMemberships, bool AlreadyMember, bool RequestPending);

/// <summary>
/// AS-3.1 and AS-3.2 for joining a registered association. Side-effect free and listing every unmet
/// condition, like <see cref="FoundingRules"/>. Whether the association itself may act (AS-1.7) is
/// <see cref="Association.EnsureActive"/>, checked first by the caller.
/// </summary>
public static class MembershipRules
{
    public const int MaxAssociationsPerStudent = FoundingRules.MaxAssociationsPerStudent;

    /// <summary>May this student ask to join? AS-3.2 is checked early here so nobody waits for a request that cannot be accepted.</summary>
    public static IReadOnlyList<Reason> CheckApply(JoinFacts f)
    {
        var reasons = new List<Reason>(CheckAccept(f));
        if (f.RequestPending && !f.AlreadyMember) reasons.Add(new Reason(null, "membership.request-pending"));
        return reasons;
    }

    /// <summary>
    /// May this student become a member now? Called again when a leader accepts, inside the transaction
    /// that inserts the membership, so the count cannot change between the check and the write.
    /// </summary>
    public static IReadOnlyList<Reason> CheckAccept(JoinFacts f)
    {
        var reasons = new List<Reason>();
        var s = f.Student;
        if (f.AlreadyMember)
        {
            reasons.Add(new Reason(null, "membership.already-member", s.Name, s.StudentNumber));
            return reasons;
        }
        if (!s.HasFormalStatus)
            reasons.Add(new Reason("AS-3.1", "rule.member-not-enrolled", s.Name, s.StudentNumber));
        if (f.ActiveMemberships + 1 > MaxAssociationsPerStudent)
            reasons.Add(new Reason("AS-3.2", "rule.member-too-many-associations", s.Name, s.StudentNumber, f.ActiveMemberships, MaxAssociationsPerStudent));
        return reasons;
    }
}
