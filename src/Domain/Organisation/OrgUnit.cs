using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Organisation;

public enum OrgUnitKind
{
    FunctionalDepartment,
    CollegeParty,
    CollegeLeague,
    ClassLeagueBranch,
    ResearchInstitute,
    ReviewCommittee,
    StudentWorkDepartment,
    SchoolLeagueCommittee,
    SchoolPartyCommittee,
}

/// <summary>
/// A body that acts in a workflow: a department, a college's party or league organisation, a class
/// league branch, the review committee… Role assignments are scoped to one of these.
/// </summary>
public sealed class OrgUnit : IDeactivatable
{
    private OrgUnit() { Name = NameEn = ""; }

    public OrgUnit(Guid universityId, OrgUnitKind kind, string name, string nameEn, Guid? collegeId = null, Guid? classGroupId = null)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        Kind = kind;
        (Name, NameEn) = StructureNames.Check(name, nameEn);
        CollegeId = collegeId;
        ClassGroupId = classGroupId;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public OrgUnitKind Kind { get; private set; }
    public string Name { get; private set; }
    public string NameEn { get; private set; }
    public Guid? CollegeId { get; private set; }
    public Guid? ClassGroupId { get; private set; }

    public void Edit(string name, string nameEn, Guid? collegeId)
    {
        (Name, NameEn) = StructureNames.Check(name, nameEn);
        CollegeId = collegeId;
    }

    /// <summary>When it was deactivated: it stays in history but is not offered for new work. Never deleted.</summary>
    public DateTimeOffset? DeactivatedAt { get; private set; }
    public bool IsActive => DeactivatedAt is null;

    public void Deactivate(DateTimeOffset at)
    {
        if (DeactivatedAt is not null) throw new DomainException("structure.already-inactive");
        DeactivatedAt = at;
    }

    public void Reactivate()
    {
        if (DeactivatedAt is null) throw new DomainException("structure.already-active");
        DeactivatedAt = null;
    }

    /// <summary>AS-1.2: a functional department, a college party organisation or an academic research institution.</summary>
    public bool CanBeGuidanceUnit => Kind is OrgUnitKind.FunctionalDepartment or OrgUnitKind.CollegeParty or OrgUnitKind.ResearchInstitute;
}
