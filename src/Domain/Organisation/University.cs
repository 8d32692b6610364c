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
    public string TimeZoneId { get; private set; }
}

public sealed class College
{
    private College() { Name = NameEn = Code = ""; }

    public College(Guid universityId, string code, string name, string nameEn)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        Code = code;
        Name = name;
        NameEn = nameEn;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public string Code { get; private set; }
    public string Name { get; private set; }
    public string NameEn { get; private set; }
}

public sealed class Major
{
    private Major() { Name = NameEn = ""; }

    public Major(Guid universityId, Guid collegeId, string name, string nameEn)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        CollegeId = collegeId;
        Name = name;
        NameEn = nameEn;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid CollegeId { get; private set; }
    public string Name { get; private set; }
    public string NameEn { get; private set; }
}

/// <summary>An administrative class (行政班), e.g. "物理2301".</summary>
public sealed class ClassGroup
{
    private ClassGroup() { Name = ""; }

    public ClassGroup(Guid universityId, Guid majorId, int grade, string name)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        MajorId = majorId;
        Grade = grade;
        Name = name;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid MajorId { get; private set; }
    public int Grade { get; private set; }
    public string Name { get; private set; }
}
