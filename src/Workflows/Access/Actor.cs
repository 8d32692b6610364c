using ReformFlow.Domain.Access;

namespace ReformFlow.Workflows.Access;

/// <summary>The signed-in person as the workflows see them: who, for which university, with which scoped roles.</summary>
public sealed record Actor(
    string UserId,
    string DisplayName,
    Guid? UniversityId,
    Guid? StudentId,
    Guid? TeacherId,
    IReadOnlyList<RoleAssignment> Assignments)
{
    public static readonly Actor System = new("system", "ReformFlow", null, null, null, []);

    public bool IsSystem => UserId == System.UserId;

    public bool Holds(Role role) => Assignments.Any(a => a.Role == role);

    /// <summary>Holds the role for this very organisation unit, within the actor's university.</summary>
    public bool Holds(Role role, Guid orgUnitId) => Assignments.Any(a => a.Role == role && a.OrgUnitId == orgUnitId);

    public bool HoldsInUniversity(Role role, Guid universityId) =>
        Assignments.Any(a => a.Role == role && a.UniversityId == universityId);

    public IEnumerable<Role> Roles => Assignments.Select(a => a.Role).Distinct();

    /// <summary>The provinces this actor reviews as a provincial reviewer (scope of <see cref="Role.ProvincialReviewer"/>).</summary>
    public IEnumerable<Guid> ReviewedProvinces =>
        Assignments.Where(a => a.Role == Role.ProvincialReviewer && a.ProvinceId != null).Select(a => a.ProvinceId!.Value).Distinct();

    public bool ReviewsProvince(Guid provinceId) =>
        Assignments.Any(a => a.Role == Role.ProvincialReviewer && a.ProvinceId == provinceId);
}
