namespace ReformFlow.Domain.Access;

/// <summary>
/// What a person may do. Every role except <see cref="Student"/>, <see cref="Instructor"/> and the
/// administrators is held for one organisation unit (its scope).
/// </summary>
public enum Role
{
    Student,
    Instructor,
    GuidanceUnitReviewer,
    ReviewCommitteeMember,
    ReviewCommitteeChair,
    StudentWorkDepartment,
    SchoolLeagueCommittee,
    SchoolPartyCommittee,
    CollegeLeague,
    CollegeParty,
    ClassLeagueBranch,
    UniversityAdmin,
    ProvincialReviewer,
}

/// <summary>A role held by a user, within a university and (for most roles) for one organisation unit.</summary>
public sealed class RoleAssignment
{
    private RoleAssignment() { UserId = ""; }

    public RoleAssignment(string userId, Role role, Guid? universityId, Guid? orgUnitId, Guid? provinceId = null)
    {
        Id = Guid.NewGuid();
        UserId = userId;
        Role = role;
        UniversityId = universityId;
        OrgUnitId = orgUnitId;
        ProvinceId = provinceId;
    }

    public Guid Id { get; private set; }
    public string UserId { get; private set; }
    public Role Role { get; private set; }
    public Guid? UniversityId { get; private set; }
    public Guid? OrgUnitId { get; private set; }
    /// <summary>The province a <see cref="Role.ProvincialReviewer"/> reviews; null for every other role.</summary>
    public Guid? ProvinceId { get; private set; }
}
