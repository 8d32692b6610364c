using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Unions;

/// <summary>School level (one per university), graduate (optional, handled like the school level) or college level (one per college).</summary>
public enum UnionLevel { School, Graduate, College }

/// <summary>A student union (学生会) of a university or of one of its colleges (SU-3.1 … SU-3.4).</summary>
public sealed class StudentUnion
{
    private StudentUnion() { Name = NameEn = ""; }

    public StudentUnion(Guid universityId, UnionLevel level, Guid? collegeId, string name, string nameEn)
    {
        if ((level == UnionLevel.College) != collegeId.HasValue) throw new DomainException("union.college-level-needs-college");
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(nameEn)) throw new DomainException("union.name-required");
        TextLimits.Check(name, TextLimits.Name, TextField.UnionName);
        TextLimits.Check(nameEn, TextLimits.NameEn, TextField.UnionNameEn);
        Id = Guid.NewGuid();
        UniversityId = universityId;
        Level = level;
        CollegeId = collegeId;
        Name = name.Trim();
        NameEn = nameEn.Trim();
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public UnionLevel Level { get; private set; }
    public Guid? CollegeId { get; private set; }
    public string Name { get; private set; }
    public string NameEn { get; private set; }

    /// <summary>School and graduate unions follow the school-level limits; college unions the college-level ones.</summary>
    public bool IsSchoolLevel => Level != UnionLevel.College;
}

/// <summary>A working department (工作部门) of a union.</summary>
public sealed class UnionDepartment
{
    private UnionDepartment() { Name = NameEn = ""; }

    public UnionDepartment(Guid universityId, Guid unionId, string name, string nameEn, string? justification, DateTimeOffset createdAt)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(nameEn)) throw new DomainException("union.department-name-required");
        var tooLong = new[]
        {
            TextLimits.Find(name, TextLimits.Name, TextField.DepartmentName),
            TextLimits.Find(nameEn, TextLimits.NameEn, TextField.DepartmentNameEn),
            TextLimits.Find(justification, TextLimits.Justification, TextField.Justification),
        }.OfType<Reason>().ToList();
        if (tooLong.Count > 0) throw new DomainException(tooLong);
        Id = Guid.NewGuid();
        UniversityId = universityId;
        UnionId = unionId;
        Name = name.Trim();
        NameEn = nameEn.Trim();
        Justification = string.IsNullOrWhiteSpace(justification) ? null : justification.Trim();
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid UnionId { get; private set; }
    public string Name { get; private set; }
    public string NameEn { get; private set; }
    /// <summary>Why a department beyond the usual number was created (SU-3.2 "generally no more than 6").</summary>
    public string? Justification { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    public void Close(DateTimeOffset now, bool hasStaff)
    {
        if (ClosedAt is not null) throw new DomainException("union.department-closed");
        if (hasStaff) throw new DomainException("union.department-has-staff");
        ClosedAt = now;
    }
}
