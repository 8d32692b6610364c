using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Organisation;
using ReformFlow.Domain.Unions;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;

namespace ReformFlow.Workflows.Unions;

/// <summary>
/// SU-4.1/SU-4.2 after the fact: when new academic data arrives, sitting cadres who no longer qualify
/// are flagged to the league body that keeps their union (the school league committee, or the college's
/// league organisation), once; flags close by themselves when the records qualify the student again.
/// The caller owns the transaction, so the flag and the data that caused it commit together.
/// </summary>
public sealed class CadreEligibilityMonitor(ReformFlowDb db, Notifier notifier, TimeProvider clock)
{
    public sealed record Result(int Checked, int Flagged, int Cleared);

    public async Task<Result> RecheckAsync(Guid universityId, IReadOnlyCollection<Guid>? studentIds, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // The university's sitting cadres are a few hundred; a roster import may pass 30,000 students. Filtering in
        // memory keeps a list that long out of the SQL (as parameters it cost seconds of a 30,000-row import).
        var wanted = studentIds?.ToHashSet();
        var positions = (await db.CadrePositions.Where(p => p.UniversityId == universityId && p.EndedAt == null).ToListAsync(ct))
            .Where(p => wanted is null || wanted.Contains(p.StudentId)).ToList();
        if (positions.Count == 0) return new Result(0, 0, 0);
        var ids = positions.Select(p => p.StudentId).Distinct().ToList();
        var students = await db.Students.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var positionIds = positions.Select(p => p.Id).ToList();
        var open = await db.CadreFlags.Where(f => positionIds.Contains(f.PositionId) && f.ClearedAt == null).ToDictionaryAsync(f => f.PositionId, ct);
        var unions = await db.StudentUnions.AsNoTracking().Where(u => u.UniversityId == universityId).ToDictionaryAsync(u => u.Id, ct);
        int flagged = 0, cleared = 0;
        foreach (var position in positions)
        {
            var student = students[position.StudentId];
            var reasons = CadreEligibility.Check(student);
            var flag = open.GetValueOrDefault(position.Id);
            if (reasons.Count == 0 && flag is not null)
            {
                flag.Clear("eligible-again", now);
                cleared++;
            }
            else if (reasons.Count > 0 && flag is null)
            {
                flag = new CadreFlag(universityId, position.UnionId, position.Id, student.Id, reasons.Select(r => r.MeasureId ?? "SU-4"), now);
                db.CadreFlags.Add(flag);
                flagged++;
                await TellLeagueAsync(unions[position.UnionId], student, flag, ct);
            }
        }
        await db.SaveChangesAsync(ct);
        return new Result(positions.Count, flagged, cleared);
    }

    private async Task TellLeagueAsync(StudentUnion union, Student student, CadreFlag flag, CancellationToken ct)
    {
        var collegeLeague = union.IsSchoolLevel ? null
            : await db.OrgUnits.Where(o => o.Kind == OrgUnitKind.CollegeLeague && o.CollegeId == union.CollegeId).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
        // A college without a league organisation on record: the school league committee hears of it, not every college's league.
        var (role, unitId) = collegeLeague is { } unit ? (Role.CollegeLeague, (Guid?)unit) : (Role.SchoolLeagueCommittee, null);
        await notifier.QueueNoticeAsync(null, role, unitId, union.UniversityId, "email.cadre-flagged.subject", "email.cadre-flagged.body",
            [student.Name, student.StudentNumber, union.Name, flag.Measures, notifier.LinkTo($"/Unions/Details/{union.Id}")], ct);
    }
}
