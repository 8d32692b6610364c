using ReformFlow.Domain.Organisation;

namespace ReformFlow.Workflows.Roster;

/// <summary>The columns of a student roster, with the header words accepted for each (Chinese as the academic affairs system writes them, or English).</summary>
public enum StudentColumn { StudentNumber, Name, College, Major, Grade, Class, Status, PoliticalStatus }

public static class StudentColumns
{
    /// <summary>Every column but status and political status must be present and filled; an empty status keeps what the student has (a new student is enrolled, 群众).</summary>
    public static readonly RosterColumns<StudentColumn> Set = new(new Dictionary<StudentColumn, string[]>
        {
            [StudentColumn.StudentNumber] = ["学号", "StudentNumber", "Student Number"],
            [StudentColumn.Name] = ["姓名", "Name"],
            [StudentColumn.College] = ["学院", "院系", "College"],
            [StudentColumn.Major] = ["专业", "Major"],
            [StudentColumn.Grade] = ["年级", "Grade"],
            [StudentColumn.Class] = ["班级", "Class"],
            [StudentColumn.Status] = ["学籍状态", "Status", "Student Status"],
            [StudentColumn.PoliticalStatus] = ["政治面貌", "PoliticalStatus", "Political Status"],
        },
        [StudentColumn.StudentNumber, StudentColumn.Name, StudentColumn.College, StudentColumn.Major, StudentColumn.Grade, StudentColumn.Class],
        Enum.GetValues<StudentColumn>(), "学生名单");

    public static IReadOnlyDictionary<StudentColumn, string[]> Headers => Set.Headers;
    public static bool IsRequired(StudentColumn c) => Set.IsRequired(c);
    public static IReadOnlyList<string> TemplateHeaders => Set.TemplateHeaders;

    private static readonly Dictionary<string, StudentStatus> StatusWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["在籍"] = StudentStatus.Enrolled, ["在校"] = StudentStatus.Enrolled, ["在读"] = StudentStatus.Enrolled,
        ["休学"] = StudentStatus.Suspended, ["退学"] = StudentStatus.Withdrawn, ["毕业"] = StudentStatus.Graduated, ["已毕业"] = StudentStatus.Graduated,
    };

    private static readonly Dictionary<string, PoliticalStatus> PoliticalWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["中共党员"] = PoliticalStatus.PartyMember, ["党员"] = PoliticalStatus.PartyMember,
        ["中共预备党员"] = PoliticalStatus.ProbationaryPartyMember, ["预备党员"] = PoliticalStatus.ProbationaryPartyMember,
        ["共青团员"] = PoliticalStatus.LeagueMember, ["团员"] = PoliticalStatus.LeagueMember,
        ["群众"] = PoliticalStatus.None,
    };

    public static StudentStatus? ParseStatus(string value) =>
        StatusWords.TryGetValue(value, out var s) ? s : Enum.TryParse<StudentStatus>(value, ignoreCase: true, out var e) && !int.TryParse(value, out _) ? e : null;

    public static PoliticalStatus? ParsePolitical(string value) =>
        PoliticalWords.TryGetValue(value, out var p) ? p : Enum.TryParse<PoliticalStatus>(value, ignoreCase: true, out var e) && !int.TryParse(value, out _) ? e : null;
}
