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
public sealed class OrgUnit : Deactivatable
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

    /// <summary>AS-1.2: a functional department, a college party organisation or an academic research institution.</summary>
    public bool CanBeGuidanceUnit => Kind is OrgUnitKind.FunctionalDepartment or OrgUnitKind.CollegeParty or OrgUnitKind.ResearchInstitute;
}
