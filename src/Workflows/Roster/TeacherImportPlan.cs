using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Roster;

/// <summary>The columns of a teacher roster: Party membership comes as 政治面貌 or as 是否党员 (either will do).</summary>
public enum TeacherColumn { StaffNumber, Name, College, PoliticalStatus, IsPartyMember }

internal sealed record TeacherRowValues(int Row, string Number, string Name, Guid? CollegeId, bool IsPartyMember);

/// <summary>What a teacher roster would do, computed without writing (see <see cref="StudentImportPlan"/>). A teacher the file leaves out is kept.</summary>
internal sealed class TeacherImportPlan
{
    public static readonly RosterColumns<TeacherColumn> Columns = new(new Dictionary<TeacherColumn, string[]>
        {
            [TeacherColumn.StaffNumber] = ["工号", "StaffNumber", "Staff Number", "职工号", "教工号"],
            [TeacherColumn.Name] = ["姓名", "Name"],
            [TeacherColumn.College] = ["学院", "院系", "College"],
            [TeacherColumn.PoliticalStatus] = ["政治面貌", "PoliticalStatus", "Political Status"],
            [TeacherColumn.IsPartyMember] = ["是否党员", "IsPartyMember", "Party Member"],
        },
        [TeacherColumn.StaffNumber, TeacherColumn.Name, TeacherColumn.College],
        [TeacherColumn.StaffNumber, TeacherColumn.Name, TeacherColumn.College, TeacherColumn.PoliticalStatus], "教师名单",
        mayBeEmpty: [TeacherColumn.College]);

    public List<RosterError> Errors { get; } = [];
    public List<TeacherRowValues> Creates { get; } = [];
    public List<(Teacher Teacher, TeacherRowValues Values)> Updates { get; } = [];
    public int Unchanged { get; private set; }
    public int Rows { get; private set; }

    /// <summary>The columns, and one of the two that say Party membership.</summary>
    public static Dictionary<TeacherColumn, string> ResolveColumns(IReadOnlyList<string> headers)
    {
        var found = Columns.Resolve(headers);
        if (!found.ContainsKey(TeacherColumn.PoliticalStatus) && !found.ContainsKey(TeacherColumn.IsPartyMember))
            throw new DomainException("import.missing-columns", $"{Columns.Describe(TeacherColumn.PoliticalStatus)} / {Columns.Describe(TeacherColumn.IsPartyMember)}");
        return found;
    }

    public static async Task<TeacherImportPlan> BuildAsync(ReformFlowDb db, Guid universityId, RosterTable table, bool tracked, CancellationToken ct)
    {
        var columns = ResolveColumns(table.Headers);
        var plan = new TeacherImportPlan { Rows = table.Rows.Count };
        var collegeByWord = StudentImportPlan.CollegeWords(await db.Colleges.AsNoTracking().Where(c => c.UniversityId == universityId).ToListAsync(ct));
        var teachers = await (tracked ? db.Teachers : db.Teachers.AsNoTracking()).Where(t => t.UniversityId == universityId).ToListAsync(ct);
        var teacherByNumber = teachers.ToDictionary(t => t.StaffNumber, StringComparer.Ordinal);
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);

        var cells = Columns.Cells(columns, plan.Errors);
        foreach (var row in table.Rows)
        {
            cells.Start(row);
            var number = cells.Text(TeacherColumn.StaffNumber, TextLimits.Identifier);
            if (number.Length <= TextLimits.Identifier) cells.Unique(TeacherColumn.StaffNumber, number, firstRowOf, "import.error.duplicate-staff");
            var name = cells.Text(TeacherColumn.Name, TextLimits.Name);

            // An empty college: a teacher of a university department outside the colleges.
            College? college = null;
            var collegeWord = cells[TeacherColumn.College];
            if (collegeWord.Length > 0 && !collegeByWord.TryGetValue(collegeWord, out college))
                cells.Error(TeacherColumn.College, "import.error.unknown-college", collegeWord);

            var party = Party(cells, TeacherColumn.IsPartyMember, RosterValues.ParseYesNo, "import.error.unknown-yes-no");
            var byStatus = Party(cells, TeacherColumn.PoliticalStatus, RosterValues.ParseTeacherPolitical, "import.error.unknown-teacher-political-status");
            if (party is not null && byStatus is not null && party != byStatus)
                cells.Error(TeacherColumn.IsPartyMember, "import.error.party-conflict", cells[TeacherColumn.IsPartyMember], cells[TeacherColumn.PoliticalStatus]);
            party ??= byStatus;
            if (party is null && cells[TeacherColumn.PoliticalStatus].Length == 0 && cells[TeacherColumn.IsPartyMember].Length == 0)
                cells.Error(cells.Has(TeacherColumn.PoliticalStatus) ? TeacherColumn.PoliticalStatus : TeacherColumn.IsPartyMember, "import.error.required",
                    cells.Header(cells.Has(TeacherColumn.PoliticalStatus) ? TeacherColumn.PoliticalStatus : TeacherColumn.IsPartyMember));

            if (cells.RowHasErrors || party is null) continue;
            var values = new TeacherRowValues(row.Number, number, name, college?.Id, party.Value);
            if (!teacherByNumber.TryGetValue(number, out var existing)) plan.Creates.Add(values);
            else if (existing.Name != values.Name || existing.CollegeId != values.CollegeId || existing.IsPartyMember != values.IsPartyMember)
                plan.Updates.Add((existing, values));
            else plan.Unchanged++;
        }
        return plan;
    }

    private static bool? Party(RosterCells<TeacherColumn> cells, TeacherColumn column, Func<string, bool?> parse, string code)
    {
        var text = cells[column];
        if (text.Length == 0) return null;
        var value = parse(text);
        if (value is null) cells.Error(column, code, text);
        return value;
    }
}
