using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Organisation;

public enum StudentStatus { Enrolled, Suspended, Withdrawn, Graduated }

public enum PoliticalStatus { PartyMember, ProbationaryPartyMember, LeagueMember, None }

public sealed class Student
{
    private Student() { StudentNumber = Name = ""; }

    public Student(Guid universityId, string studentNumber, string name, Guid collegeId, Guid majorId, Guid classGroupId, int grade)
    {
        if (string.IsNullOrWhiteSpace(studentNumber)) throw new DomainException("student.number-required");
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("student.name-required");
        Id = Guid.NewGuid();
        UniversityId = universityId;
        StudentNumber = studentNumber.Trim();
        Name = name.Trim();
        CollegeId = collegeId;
        MajorId = majorId;
        ClassGroupId = classGroupId;
        Grade = grade;
        Status = StudentStatus.Enrolled;
        PoliticalStatus = PoliticalStatus.None;
        MajorRankPercentile = 50;
        ClassRankPercentile = 50;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public string StudentNumber { get; private set; }
    public string Name { get; private set; }
    public Guid CollegeId { get; private set; }
    public Guid MajorId { get; private set; }
    public Guid ClassGroupId { get; private set; }
    public int Grade { get; private set; }
    public StudentStatus Status { get; private set; }
    public PoliticalStatus PoliticalStatus { get; private set; }
    /// <summary>Comprehensive ranking in the major, as a percentile: 10 means top 10%.</summary>
    public decimal MajorRankPercentile { get; private set; }
    public decimal ClassRankPercentile { get; private set; }
    public int FailedCourseCount { get; private set; }
    /// <summary>Free text of an active disciplinary punishment (处分); null when none is in force.</summary>
    public string? ActivePunishment { get; private set; }

    /// <summary>Formal student status (AS-1.1, AS-3.1): enrolled, not suspended, withdrawn or graduated.</summary>
    public bool HasFormalStatus => Status == StudentStatus.Enrolled;
    public bool HasActivePunishment => !string.IsNullOrWhiteSpace(ActivePunishment);

    public void UpdateAcademicRecord(decimal majorRankPercentile, decimal classRankPercentile, int failedCourses)
    {
        if (majorRankPercentile is < 0 or > 100 || classRankPercentile is < 0 or > 100)
            throw new DomainException("student.percentile-range");
        if (failedCourses < 0) throw new DomainException("student.failed-courses-negative");
        MajorRankPercentile = majorRankPercentile;
        ClassRankPercentile = classRankPercentile;
        FailedCourseCount = failedCourses;
    }

    /// <summary>What the academic affairs system says of the student now (roster import): name, place and year of entry.</summary>
    public void UpdateEnrolment(string name, Guid collegeId, Guid majorId, Guid classGroupId, int grade)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("student.name-required");
        Name = name.Trim();
        CollegeId = collegeId;
        MajorId = majorId;
        ClassGroupId = classGroupId;
        Grade = grade;
    }

    /// <summary>Graduated or withdrawn: the student has left the university, and their memberships end (AS-3.1).</summary>
    public static bool IsLeaving(StudentStatus status) => status is StudentStatus.Graduated or StudentStatus.Withdrawn;

    public void ChangeStatus(StudentStatus status) => Status = status;
    public void ChangePoliticalStatus(PoliticalStatus status) => PoliticalStatus = status;
    public void Punish(string description) => ActivePunishment = description;
    public void LiftPunishment() => ActivePunishment = null;
}

public sealed class Teacher
{
    private Teacher() { StaffNumber = Name = ""; }

    public Teacher(Guid universityId, string staffNumber, string name, Guid? collegeId, bool isPartyMember)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        StaffNumber = staffNumber;
        Name = name;
        CollegeId = collegeId;
        IsPartyMember = isPartyMember;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public string StaffNumber { get; private set; }
    public string Name { get; private set; }
    public Guid? CollegeId { get; private set; }
    public bool IsPartyMember { get; private set; }

    public void RecordPartyMembership(bool isPartyMember) => IsPartyMember = isPartyMember;

    /// <summary>What the personnel roster says of the teacher now (teacher import): name and college; the staff number stays.</summary>
    public void UpdateFromRoster(string name, Guid? collegeId)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("teacher.name-required");
        Name = name.Trim();
        CollegeId = collegeId;
    }
}
