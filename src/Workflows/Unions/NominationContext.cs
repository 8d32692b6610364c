using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Domain.Unions;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Unions;

/// <summary>
/// What one operation on a nomination knows, read inside the workflow transaction: the nominee as the
/// records stand now, the union's staffing now, and the bodies whose scope the chain runs through.
/// </summary>
public sealed class NominationContext
{
    public required ReformFlowDb Db { get; init; }
    public required WorkflowInstance Instance { get; init; }
    public required Nomination Nomination { get; init; }
    public required StudentUnion Union { get; init; }
    public required UnionDepartment? Department { get; init; }
    public required Student Nominee { get; init; }
    public required Actor Actor { get; init; }
    public required DateTimeOffset Now { get; init; }
    public required UnionStaffing Staffing { get; init; }
    public required bool NomineeHoldsSeatInUnion { get; init; }
    public required Guid? CollegeLeagueUnitId { get; init; }
    public required Guid? CollegePartyUnitId { get; init; }
    public required Guid? ClassBranchUnitId { get; init; }
    public required IReadOnlyDictionary<OrgUnitKind, Guid> SchoolUnits { get; init; }
    public required string? NomineeUserId { get; init; }

    public Guid? SchoolUnit(OrgUnitKind kind) => SchoolUnits.TryGetValue(kind, out var id) ? id : null;

    /// <summary>SU-4.1, SU-4.2 as the records stand now, and one seat per union.</summary>
    public IReadOnlyList<Reason> NomineeProblems()
    {
        var reasons = new List<Reason>(CadreEligibility.Check(Nominee));
        if (NomineeHoldsSeatInUnion) reasons.Add(new Reason(null, "nomination.already-holds-position", Nominee.Name, Union.Name));
        return reasons;
    }

    /// <summary>Filling the seat now: the nominee's problems and the size limits that refuse (warnings need a justification at the fill).</summary>
    public IReadOnlyList<Reason> FillProblems() =>
        [.. NomineeProblems(), .. SizeRules.CheckFill(Staffing, Nomination.Kind, Nomination.DepartmentId).Where(f => f.Refuses).Select(f => f.Reason)];

    public static async Task<NominationContext> LoadAsync(ReformFlowDb db, WorkflowInstance instance, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var nomination = await db.Nominations.SingleAsync(n => n.Id == instance.SubjectId, ct);
        var union = await db.StudentUnions.AsNoTracking().SingleAsync(u => u.Id == nomination.UnionId, ct);
        var nominee = await db.Students.AsNoTracking().SingleAsync(s => s.Id == nomination.StudentId, ct);
        var positions = await db.CadrePositions.AsNoTracking().Where(p => p.UnionId == union.Id && p.EndedAt == null).ToListAsync(ct);
        var departments = await db.UnionDepartments.AsNoTracking().Where(d => d.UnionId == union.Id).ToListAsync(ct);
        var units = await db.OrgUnits.AsNoTracking().Where(o => o.UniversityId == nomination.UniversityId
                && (o.CollegeId == null || o.CollegeId == nomination.NomineeCollegeId))
            .Select(o => new { o.Id, o.Kind, o.CollegeId, o.ClassGroupId }).ToListAsync(ct);
        return new NominationContext
        {
            Db = db, Instance = instance, Nomination = nomination, Union = union, Nominee = nominee, Actor = actor, Now = now,
            Department = departments.FirstOrDefault(d => d.Id == nomination.DepartmentId),
            Staffing = UnionStaffing.Count(union, positions, departments),
            NomineeHoldsSeatInUnion = positions.Any(p => p.StudentId == nominee.Id),
            CollegeLeagueUnitId = units.FirstOrDefault(u => u.Kind == OrgUnitKind.CollegeLeague && u.CollegeId == nomination.NomineeCollegeId)?.Id,
            CollegePartyUnitId = units.FirstOrDefault(u => u.Kind == OrgUnitKind.CollegeParty && u.CollegeId == nomination.NomineeCollegeId)?.Id,
            ClassBranchUnitId = units.FirstOrDefault(u => u.Kind == OrgUnitKind.ClassLeagueBranch && u.ClassGroupId == nomination.NomineeClassGroupId)?.Id,
            SchoolUnits = units.Where(u => u.CollegeId == null).GroupBy(u => u.Kind).ToDictionary(g => g.Key, g => g.First().Id),
            NomineeUserId = await db.Users.AsNoTracking().Where(u => u.StudentId == nominee.Id).Select(u => u.Id).FirstOrDefaultAsync(ct),
        };
    }

    /// <summary>Holds <paramref name="role"/> for the unit, or refuses with <paramref name="refusalKey"/>.</summary>
    public Permission Scoped(Role role, Guid? unitId, string refusalKey) =>
        unitId is { } id && Actor.Holds(role, id) ? Permission.As(role) : Permission.Refuse(refusalKey);

    /// <summary>The school-wide bodies of the chains (and the administrator): they see every nomination and flag of their university.</summary>
    public static bool IsSchoolBody(Actor actor, Guid universityId) =>
        new[] { Role.StudentWorkDepartment, Role.SchoolLeagueCommittee, Role.SchoolPartyCommittee, Role.UniversityAdmin }
            .Any(r => actor.HoldsInUniversity(r, universityId));

    /// <summary>Holds a university-wide body's role in the nomination's university.</summary>
    public Permission School(Role role, string refusalKey) =>
        Actor.HoldsInUniversity(role, Nomination.UniversityId) ? Permission.As(role) : Permission.Refuse(refusalKey);
}

/// <summary>What a person in the chain sends with an action: the written justification for a "generally" limit.</summary>
public sealed record NominationInput(string? Justification);
