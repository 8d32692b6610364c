using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Organisation;

/// <summary>One university. The database serves a whole province; every other row belongs to one of these.</summary>
public sealed class University
{
    private University() { Name = NameEn = Code = TimeZoneId = ""; }

    public University(string code, string name, string nameEn, string timeZoneId = "Asia/Shanghai")
    {
        Id = Guid.NewGuid();
        Code = code;
        Name = name;
        NameEn = nameEn;
        TimeZoneId = timeZoneId;
    }

    public Guid Id { get; private set; }
    public string Code { get; private set; }
    public string Name { get; private set; }
    public string NameEn { get; private set; }
    /// <summary>Recorded when the university was created; dates are computed and shown in the installation's App:TimeZone (AppOptions).</summary>
    public string TimeZoneId { get; private set; }
    /// <summary>The province whose reviewers receive this university's work ledger; null for a stand-alone installation.</summary>
    public Guid? ProvinceId { get; private set; }

    public void PlaceIn(Province province) => ProvinceId = province.Id;
}

public sealed class College : Deactivatable
{
    private College() { Name = NameEn = Code = ""; }

    public College(Guid universityId, string code, string name, string nameEn)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        Code = StructureNames.CheckCode(code);
        (Name, NameEn) = StructureNames.Check(name, nameEn);
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public string Code { get; private set; }
    public string Name { get; private set; }
    public string NameEn { get; private set; }

    public void Edit(string code, string name, string nameEn)
    {
        var checkedCode = StructureNames.CheckCode(code);
        (Name, NameEn) = StructureNames.Check(name, nameEn);
        Code = checkedCode;
    }
}

public sealed class Major : Deactivatable
{
    private Major() { Name = NameEn = ""; }

    public Major(Guid universityId, Guid collegeId, string name, string nameEn)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        CollegeId = collegeId;
        (Name, NameEn) = StructureNames.Check(name, nameEn);
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid CollegeId { get; private set; }
    public string Name { get; private set; }
    public string NameEn { get; private set; }

    public void Edit(string name, string nameEn) => (Name, NameEn) = StructureNames.Check(name, nameEn);
}

/// <summary>An administrative class (行政班), e.g. "物理2301".</summary>
public sealed class ClassGroup : Deactivatable
{
    private ClassGroup() { Name = NameEn = ""; }

    /// <param name="nameEn">the English name; the Chinese one when none is given (a class is often named by code, "物理2301").</param>
    public ClassGroup(Guid universityId, Guid majorId, int grade, string name, string? nameEn = null)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        MajorId = majorId;
        Grade = CheckGrade(grade);
        (Name, NameEn) = StructureNames.Check(name, string.IsNullOrWhiteSpace(nameEn) ? name : nameEn);
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid MajorId { get; private set; }
    public int Grade { get; private set; }
    public string Name { get; private set; }
    public string NameEn { get; private set; }

    public void Edit(int grade, string name, string nameEn)
    {
        var g = CheckGrade(grade);
        (Name, NameEn) = StructureNames.Check(name, nameEn);
        Grade = g;
    }

    /// <summary>The year of entry (年级): four digits, nothing absurd.</summary>
    private static int CheckGrade(int grade) =>
        grade is >= 1950 and <= 2200 ? grade : throw new DomainException("structure.grade-invalid", grade);
}
