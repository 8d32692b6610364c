using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Roster;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Unions;

public sealed record AcademicRecordInput(decimal MajorRankPercentile, decimal ClassRankPercentile, int FailedCourses, PoliticalStatus? PoliticalStatus);

/// <summary>
/// New academic data for students (from the academic office; later from roster import). Each update
/// re-checks the cadres concerned in the same transaction (SU-4.1, SU-4.2), so a flag is never lost
/// between the data and the check.
/// </summary>
public sealed class AcademicRecordService(ReformFlowDb db, CadreEligibilityMonitor monitor)
{
    public static bool MayRecord(Actor actor) => actor.Holds(Role.StudentWorkDepartment) || actor.Holds(Role.UniversityAdmin);

    public async Task<CadreEligibilityMonitor.Result> RecordAsync(Actor actor, IReadOnlyDictionary<string, AcademicRecordInput> byStudentNumber, CancellationToken ct)
    {
        if (!MayRecord(actor) || actor.UniversityId is not { } universityId)
            throw new ForbiddenActionException(new Reason(null, "access.academic-records-only"));
        if (byStudentNumber.Count == 0) throw new DomainException("student.no-records");
        // A refusal lists the unknown numbers: each is bounded so the answer is not the request echoed back.
        foreach (var number in byStudentNumber.Keys) TextLimits.Check(number, TextLimits.Identifier, TextField.Identifier);
        await using var tx = await db.BeginWriteAsync(ct);
        var numbers = byStudentNumber.Keys.ToList();
        var students = await db.Students.AsNoTracking().Where(s => s.UniversityId == universityId && numbers.Contains(s.StudentNumber)).ToListAsync(ct);
        var unknown = numbers.Except(students.Select(s => s.StudentNumber)).ToList();
        if (unknown.Count > 0) throw new DomainException("nomination.student-not-found", string.Join(", ", unknown));
        foreach (var s in students)
        {
            var r = byStudentNumber[s.StudentNumber];
            s.UpdateAcademicRecord(r.MajorRankPercentile, r.ClassRankPercentile, r.FailedCourses);
            if (r.PoliticalStatus is { } p) s.ChangePoliticalStatus(p);
        }
        var result = await ApplyAsync(universityId, students, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// The one way new academic data reaches the rules, for this endpoint and the academic-records import alike:
    /// the students, changed by their domain verbs (rankings, failed courses, political status, punishment), are
    /// written and the sitting cadres among them re-checked (SU-4.1, SU-4.2), in the caller's write transaction.
    /// </summary>
    public async Task<CadreEligibilityMonitor.Result> ApplyAsync(Guid universityId, IReadOnlyList<Student> students, CancellationToken ct)
    {
        BulkRows.UpdateAcademicRecords(db, students);
        return await monitor.RecheckAsync(universityId, students.Select(s => s.Id).ToList(), ct);
    }
}
