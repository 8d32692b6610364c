using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Roster;

/// <summary>One valid row, resolved against the university's structure.</summary>
internal sealed record StudentRowValues(int Row, string Number, string Name, Guid CollegeId, Guid MajorId, int Grade, string ClassName,
    Guid? ClassGroupId, StudentStatus? Status, PoliticalStatus? Political);

/// <summary>
/// What a student roster would do to the database, computed without writing: the preview shows it, and the
/// confirmation computes it again inside its write transaction and applies it, so what is written is what the
/// file says against the database as it is then (not as it was at upload).
/// </summary>
internal sealed class StudentImportPlan
{
    public List<RosterError> Errors { get; } = [];
    public List<StudentRowValues> Creates { get; } = [];
    public List<(Student Student, StudentRowValues Values)> Updates { get; } = [];
    public int Unchanged { get; set; }
    public int Rows { get; set; }
    public HashSet<(Guid MajorId, int Grade, string Name)> NewClasses { get; } = [];
    /// <summary>Students still at the university (enrolled or suspended) whom a full roster does not list.</summary>
    public List<Student> Missing { get; } = [];

    public static async Task<StudentImportPlan> BuildAsync(ReformFlowDb db, Guid universityId, RosterTable table, bool fullRoster, CancellationToken ct)
    {
        var columns = ResolveColumns(table.Headers);
        var plan = new StudentImportPlan { Rows = table.Rows.Count };
        var colleges = await db.Colleges.AsNoTracking().Where(c => c.UniversityId == universityId).ToListAsync(ct);
        var majors = await db.Majors.AsNoTracking().Where(m => m.UniversityId == universityId).ToListAsync(ct);
        var classes = await db.ClassGroups.AsNoTracking().Where(c => c.UniversityId == universityId)
            .Select(c => new { c.Id, c.MajorId, c.Grade, c.Name }).ToListAsync(ct);
        // Never tracked, even to confirm: the confirmation writes through StudentRows, not the change tracker (30,000 tracked students took seconds).
        var students = await db.Students.AsNoTracking().Where(s => s.UniversityId == universityId).ToListAsync(ct);

        var collegeByWord = CollegeWords(colleges);
        var majorByWord = new Dictionary<(Guid, string), Major>(new MajorKeyComparer());
        foreach (var m in majors)
            foreach (var word in new[] { m.Name, m.NameEn }.Where(w => !string.IsNullOrWhiteSpace(w)))
                majorByWord.TryAdd((m.CollegeId, word.Trim()), m);
        var classByKey = new Dictionary<(Guid, int, string), Guid>();
        foreach (var c in classes) classByKey.TryAdd((c.MajorId, c.Grade, c.Name.Trim()), c.Id);
        var studentByNumber = students.ToDictionary(s => s.StudentNumber, StringComparer.Ordinal);
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);

        var cells = StudentColumns.Set.Cells(columns, plan.Errors);
        foreach (var row in table.Rows)
        {
            cells.Start(row);
            var number = cells.Text(StudentColumn.StudentNumber, TextLimits.Identifier);
            if (number.Length <= TextLimits.Identifier) cells.Unique(StudentColumn.StudentNumber, number, firstRowOf);
            var name = cells.Text(StudentColumn.Name, TextLimits.Name);

            College? college = null;
            var collegeWord = cells[StudentColumn.College];
            if (collegeWord.Length > 0 && !collegeByWord.TryGetValue(collegeWord, out college))
                cells.Error(StudentColumn.College, "import.error.unknown-college", collegeWord);
            Major? major = null;
            var majorWord = cells[StudentColumn.Major];
            if (college is not null && majorWord.Length > 0 && !majorByWord.TryGetValue((college.Id, majorWord), out major))
                cells.Error(StudentColumn.Major, "import.error.unknown-major", majorWord, collegeWord);

            var gradeText = cells[StudentColumn.Grade];
            var grade = 0;
            if (gradeText.Length > 0 && !(int.TryParse(gradeText, NumberStyles.None, CultureInfo.InvariantCulture, out grade) && grade is >= 1950 and <= 2100))
                cells.Error(StudentColumn.Grade, "import.error.bad-grade", gradeText);
            var className = cells.Text(StudentColumn.Class, TextLimits.Name);

            StudentStatus? status = null;
            var statusText = cells[StudentColumn.Status];
            if (statusText.Length > 0 && (status = StudentColumns.ParseStatus(statusText)) is null)
                cells.Error(StudentColumn.Status, "import.error.unknown-status", statusText);
            PoliticalStatus? political = null;
            var politicalText = cells[StudentColumn.PoliticalStatus];
            if (politicalText.Length > 0 && (political = StudentColumns.ParsePolitical(politicalText)) is null)
                cells.Error(StudentColumn.PoliticalStatus, "import.error.unknown-political-status", politicalText);

            if (cells.RowHasErrors || major is null || college is null) continue;
            Guid? classId = classByKey.TryGetValue((major.Id, grade, className), out var id) ? id : null;
            if (classId is null) plan.NewClasses.Add((major.Id, grade, className));
            var values = new StudentRowValues(row.Number, number, name, college.Id, major.Id, grade, className, classId, status, political);
            if (!studentByNumber.TryGetValue(number, out var existing)) plan.Creates.Add(values);
            else if (Differs(existing, values)) plan.Updates.Add((existing, values));
            else plan.Unchanged++;
        }

        if (fullRoster)
            plan.Missing.AddRange(students.Where(s => !firstRowOf.ContainsKey(s.StudentNumber) && !Student.IsLeaving(s.Status))
                .OrderBy(s => s.StudentNumber, StringComparer.Ordinal));
        return plan;
    }

    /// <summary>The file's header for each column it has; a file without a required column cannot be previewed at all.</summary>
    public static Dictionary<StudentColumn, string> ResolveColumns(IReadOnlyList<string> headers) => StudentColumns.Set.Resolve(headers);

    /// <summary>A college as a file names it: by its Chinese or English name or its code (students and teachers alike).</summary>
    public static Dictionary<string, College> CollegeWords(IEnumerable<College> colleges)
    {
        var byWord = new Dictionary<string, College>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in colleges)
            foreach (var word in new[] { c.Name, c.NameEn, c.Code }.Where(w => !string.IsNullOrWhiteSpace(w)))
                byWord.TryAdd(word.Trim(), c);
        return byWord;
    }

    private static bool Differs(Student s, StudentRowValues v) =>
        s.Name != v.Name || s.CollegeId != v.CollegeId || s.MajorId != v.MajorId || s.Grade != v.Grade || s.ClassGroupId != v.ClassGroupId
        || (v.Status is { } st && st != s.Status) || (v.Political is { } p && p != s.PoliticalStatus);

    private sealed class MajorKeyComparer : IEqualityComparer<(Guid, string)>
    {
        public bool Equals((Guid, string) x, (Guid, string) y) => x.Item1 == y.Item1 && string.Equals(x.Item2, y.Item2, StringComparison.OrdinalIgnoreCase);
        public int GetHashCode((Guid, string) k) => HashCode.Combine(k.Item1, StringComparer.OrdinalIgnoreCase.GetHashCode(k.Item2));
    }
}
