using ReformFlow.Domain.Access;

namespace ReformFlow.Workflows.Access;

/// <summary>
/// The facts about a reader that the visibility policies share (docs/decisions/0009): which university-wide bodies of
/// association management they sit on, and which guidance units they act for. Roles only count within the reader's own
/// university; a role held for another unit (another college's league or party body, a class branch) grants no reading.
/// </summary>
public static class ReadScope
{
    /// <summary>The student work department and the administrator oversee every association matter of their university.</summary>
    public static bool OverseesAssociations(Actor actor) =>
        actor.UniversityId is { } uni
        && (actor.HoldsInUniversity(Role.StudentWorkDepartment, uni) || actor.HoldsInUniversity(Role.UniversityAdmin, uni));

    /// <summary>The bodies that decide on every association of the university: the overseers and the review committee (members and chair).</summary>
    public static bool DecidesAllAssociations(Actor actor) =>
        OverseesAssociations(actor)
        || actor.UniversityId is { } uni
           && (actor.HoldsInUniversity(Role.ReviewCommitteeMember, uni) || actor.HoldsInUniversity(Role.ReviewCommitteeChair, uni));

    /// <summary>The business guidance units the reader reviews for (AS-1.2): they decide on their own unit's associations only.</summary>
    public static List<Guid> GuidanceUnits(Actor actor) =>
        actor.Assignments.Where(a => a.Role == Role.GuidanceUnitReviewer && a.OrgUnitId != null && a.UniversityId == actor.UniversityId)
            .Select(a => a.OrgUnitId!.Value).Distinct().ToList();
}
