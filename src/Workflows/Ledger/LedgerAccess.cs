using ReformFlow.Domain.Access;
using ReformFlow.Workflows.Access;

namespace ReformFlow.Workflows.Ledger;

/// <summary>
/// Who reads and who writes a university's ledger, in one place for the pages, the API and the exports. A university
/// sees only its own ledger; a provincial reviewer sees the universities of the provinces they review — their
/// submitted versions, not the draft being prepared.
/// </summary>
public static class LedgerAccess
{
    /// <summary>The university's bodies of the chain and its administrator: league committee, student work department, party committee.</summary>
    public static bool IsUniversityOfficial(Actor actor, Guid universityId) =>
        actor.UniversityId == universityId
        && (actor.HoldsInUniversity(Role.SchoolLeagueCommittee, universityId)
            || actor.HoldsInUniversity(Role.StudentWorkDepartment, universityId)
            || actor.HoldsInUniversity(Role.SchoolPartyCommittee, universityId)
            || actor.HoldsInUniversity(Role.UniversityAdmin, universityId));

    /// <summary>Prepares the ledger and the report: the school league committee of the university.</summary>
    public static bool Prepares(Actor actor, Guid universityId) =>
        actor.UniversityId == universityId && actor.HoldsInUniversity(Role.SchoolLeagueCommittee, universityId);

    /// <summary>Reads the live ledger (the draft and every version): the university's own officials only.</summary>
    public static bool ReadsDraft(Actor actor, Guid universityId) => IsUniversityOfficial(actor, universityId);

    /// <summary>Reads submitted versions: the university's officials, and the reviewers of its province.</summary>
    public static bool ReadsSubmitted(Actor actor, Guid universityId, Guid? provinceId) =>
        IsUniversityOfficial(actor, universityId) || provinceId is { } p && actor.ReviewsProvince(p);
}
