using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Roster;

/// <summary>
/// Writes many rows with one prepared command inside the caller's write transaction, bypassing EF's change
/// tracker: 30,000 students added through it took about 5 s of a confirmation (docs/benchmarks.md, "Roster
/// import"), the same rows through one prepared INSERT a fraction of that. Values are stored as EF stores them
/// (Guid as upper-case text, enums as their names, decimals as REAL), which the roster tests read back through EF.
/// The entities are still made and changed by their domain verbs; only the persisting is done here.
/// </summary>
public static class BulkRows
{
    public static int Write<T>(ReformFlowDb db, string sql, IReadOnlyList<(string Name, Func<T, object?> Value)> columns, IEnumerable<T> items)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("Bulk writes run inside the caller's write transaction.");
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var parameters = columns.Select(c =>
        {
            var p = command.CreateParameter();
            p.ParameterName = "$" + c.Name;
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        command.Prepare();
        var count = 0;
        foreach (var item in items)
        {
            for (var i = 0; i < parameters.Length; i++) parameters[i].Value = Stored(columns[i].Value(item));
            count += command.ExecuteNonQuery();
        }
        return count;
    }

    private static object Stored(object? value) => value switch
    {
        null => DBNull.Value,
        Guid g => g.ToString("D").ToUpperInvariant(),
        Enum e => e.ToString(),
        decimal m => (double)m,
        _ => value,
    };

    private static readonly (string, Func<Student, object?>)[] EnrolmentColumns =
    [
        ("Name", s => s.Name), ("CollegeId", s => s.CollegeId), ("MajorId", s => s.MajorId), ("ClassGroupId", s => s.ClassGroupId),
        ("Grade", s => s.Grade), ("Status", s => s.Status), ("PoliticalStatus", s => s.PoliticalStatus),
    ];

    private static readonly (string, Func<Student, object?>)[] AcademicColumns =
    [
        ("MajorRankPercentile", s => s.MajorRankPercentile), ("ClassRankPercentile", s => s.ClassRankPercentile),
        ("FailedCourseCount", s => s.FailedCourseCount), ("ActivePunishment", s => s.ActivePunishment), ("PoliticalStatus", s => s.PoliticalStatus),
    ];

    public static int InsertStudents(ReformFlowDb db, IEnumerable<Student> students)
    {
        (string Name, Func<Student, object?> Value)[] all =
        [
            ("Id", s => s.Id), ("UniversityId", s => s.UniversityId), ("StudentNumber", s => s.StudentNumber), .. EnrolmentColumns, .. AcademicColumns[..4],
        ];
        return Write(db, $"INSERT INTO Students ({string.Join(", ", all.Select(c => c.Name))}) VALUES ({string.Join(", ", all.Select(c => "$" + c.Name))})", all, students);
    }

    /// <summary>What a roster says of a student: name, place, status, political status.</summary>
    public static int UpdateEnrolments(ReformFlowDb db, IEnumerable<Student> students) => Update(db, EnrolmentColumns, students);

    /// <summary>What a semester's academic records say: rankings, failed courses, punishment, political status.</summary>
    public static int UpdateAcademicRecords(ReformFlowDb db, IEnumerable<Student> students) => Update(db, AcademicColumns, students);

    private static int Update(ReformFlowDb db, (string Name, Func<Student, object?> Value)[] set, IEnumerable<Student> students)
    {
        (string Name, Func<Student, object?> Value)[] all = [.. set, ("Id", s => s.Id)];
        return Write(db, $"UPDATE Students SET {string.Join(", ", set.Select(c => $"{c.Name} = ${c.Name}"))} WHERE Id = $Id", all, students);
    }
}
