using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Roster;

/// <summary>The columns of a semester's academic records and punishments (学业成绩与处分).</summary>
public enum AcademicColumn { StudentNumber, Name, MajorRank, ClassRank, FailedCourses, Punishment, PunishmentDate }

/// <summary>One valid row; <see cref="Punishment"/> is null when the file has no punishment column (punishments stay as they are), "" for none.</summary>
internal sealed record AcademicRowValues(int Row, decimal MajorRank, decimal ClassRank, int FailedCourses, string? Punishment);

/// <summary>
/// What a semester's academic records would change, computed without writing (see <see cref="StudentImportPlan"/>).
/// Every student must already be in the university; a name, when given, must be the student's (a mistyped student
/// number would otherwise give someone else's record, or punishment).
/// </summary>
internal sealed class AcademicImportPlan
{
    public static readonly RosterColumns<AcademicColumn> Columns = new(new Dictionary<AcademicColumn, string[]>
        {
            [AcademicColumn.StudentNumber] = ["学号", "StudentNumber", "Student Number"],
            [AcademicColumn.Name] = ["姓名", "Name"],
            [AcademicColumn.MajorRank] = ["专业排名百分比", "MajorRankPercentile", "Major Rank Percentile", "专业排名"],
            [AcademicColumn.ClassRank] = ["班级排名百分比", "ClassRankPercentile", "Class Rank Percentile", "班级排名"],
            [AcademicColumn.FailedCourses] = ["不及格门数", "FailedCourses", "Failed Courses", "挂科门数"],
            [AcademicColumn.Punishment] = ["处分", "Punishment", "处分类型"],
            [AcademicColumn.PunishmentDate] = ["处分日期", "PunishmentDate", "Punishment Date"],
        },
        [AcademicColumn.StudentNumber, AcademicColumn.MajorRank, AcademicColumn.ClassRank, AcademicColumn.FailedCourses],
        Enum.GetValues<AcademicColumn>(), "学业成绩与处分");

    public List<RosterError> Errors { get; } = [];
    public List<(Student Student, AcademicRowValues Values)> Updates { get; } = [];
    public int Unchanged { get; private set; }
    public int Rows { get; private set; }

    public static Dictionary<AcademicColumn, string> ResolveColumns(IReadOnlyList<string> headers) => Columns.Resolve(headers);

    /// <summary>The students come untracked: the confirmation changes them by their domain verbs and writes them in bulk.</summary>
    public static async Task<AcademicImportPlan> BuildAsync(ReformFlowDb db, Guid universityId, RosterTable table, CancellationToken ct)
    {
        var columns = ResolveColumns(table.Headers);
        var plan = new AcademicImportPlan { Rows = table.Rows.Count };
        var studentByNumber = (await db.Students.AsNoTracking().Where(s => s.UniversityId == universityId).ToListAsync(ct))
            .ToDictionary(s => s.StudentNumber, StringComparer.Ordinal);
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var cells = Columns.Cells(columns, plan.Errors);
        foreach (var row in table.Rows)
        {
            cells.Start(row);
            var number = cells.Text(AcademicColumn.StudentNumber, TextLimits.Identifier);
            Student? student = null;
            if (number.Length is > 0 and <= TextLimits.Identifier)
            {
                cells.Unique(AcademicColumn.StudentNumber, number, firstRowOf);
                if (!studentByNumber.TryGetValue(number, out student)) cells.Error(AcademicColumn.StudentNumber, "import.error.unknown-student", number);
            }
            var name = cells[AcademicColumn.Name];
            if (student is not null && name.Length > 0 && name != student.Name)
                cells.Error(AcademicColumn.Name, "import.error.name-mismatch", name, number, student.Name);

            var major = Number(cells, AcademicColumn.MajorRank, RosterValues.ParsePercentile, "import.error.bad-percentile");
            var inClass = Number(cells, AcademicColumn.ClassRank, RosterValues.ParsePercentile, "import.error.bad-percentile");
            var failed = Number(cells, AcademicColumn.FailedCourses, RosterValues.ParseCount, "import.error.bad-count");

            string? punishment = null;
            if (cells.Has(AcademicColumn.Punishment))
            {
                var kindText = cells[AcademicColumn.Punishment];
                var kind = RosterValues.ParsePunishmentKind(kindText);
                if (kind is null) cells.Error(AcademicColumn.Punishment, "import.error.unknown-punishment", kindText);
                var dateText = cells[AcademicColumn.PunishmentDate];
                DateOnly? date = null;
                if (dateText.Length > 0 && (date = RosterValues.ParseDate(dateText)) is null)
                    cells.Error(AcademicColumn.PunishmentDate, "import.error.bad-date", dateText);
                else if (date is not null && kind == "")
                    cells.Error(AcademicColumn.PunishmentDate, "import.error.date-without-punishment", dateText);
                if (kind is not null) punishment = kind.Length == 0 ? "" : RosterValues.PunishmentText(kind, date);
            }

            if (cells.RowHasErrors || student is null || major is null || inClass is null || failed is null) continue;
            var values = new AcademicRowValues(row.Number, major.Value, inClass.Value, (int)failed.Value, punishment);
            if (student.MajorRankPercentile != values.MajorRank || student.ClassRankPercentile != values.ClassRank
                || student.FailedCourseCount != values.FailedCourses || (punishment is not null && punishment != (student.ActivePunishment ?? "")))
                plan.Updates.Add((student, values));
            else plan.Unchanged++;
        }
        return plan;
    }

    private static decimal? Number<T>(RosterCells<AcademicColumn> cells, AcademicColumn column, Func<string, T?> parse, string code) where T : struct
    {
        var text = cells[column];
        if (text.Length == 0) return null;
        var value = parse(text);
        if (value is null) cells.Error(column, code, text);
        return value is { } v ? Convert.ToDecimal(v) : null;
    }
}
