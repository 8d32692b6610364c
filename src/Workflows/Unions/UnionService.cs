using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Domain.Unions;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Unions;

public sealed record NominateInput(SelectionChain Chain, Guid UnionId, string StudentNumber, PositionKind Kind, Guid? DepartmentId, string Statement, string? Justification);

/// <summary>
/// Union structure (departments, chair, ending a position) and starting and acting on nominations.
/// Structure is kept by the school league committee for school-level unions and by a college's league
/// organisation for its own college union. Every change runs in one BEGIN IMMEDIATE transaction.
/// </summary>
public sealed class UnionService(ReformFlowDb db, WorkflowRunner runner, NominationProcesses processes, TimeProvider clock)
{
    public async Task<StudentUnion> CreateUnionAsync(Actor actor, UnionLevel level, Guid? collegeId, CancellationToken ct)
    {
        var universityId = actor.UniversityId ?? throw new ForbiddenActionException(new Reason(null, "access.denied"));
        await using var tx = await db.BeginWriteAsync(ct);
        var university = await db.Universities.SingleAsync(u => u.Id == universityId, ct);
        StudentUnion union;
        if (level == UnionLevel.College)
        {
            var college = await db.Colleges.SingleOrDefaultAsync(c => c.Id == collegeId && c.UniversityId == universityId, ct)
                ?? throw new DomainException("union.college-not-found");
            union = new StudentUnion(universityId, level, college.Id, $"{college.Name}学生会", $"Student Union of the {college.NameEn}");
        }
        else
            union = level == UnionLevel.School
                ? new StudentUnion(universityId, level, null, $"{university.Name}学生会", $"{university.NameEn} Student Union")
                : new StudentUnion(universityId, level, null, $"{university.Name}研究生会", $"{university.NameEn} Graduate Student Union");
        await EnsureManagerAsync(actor, union, ct);
        if (await db.StudentUnions.AnyAsync(u => u.UniversityId == universityId && u.Level == level && u.CollegeId == union.CollegeId, ct))
            throw new DomainException("union.already-exists", union.Name);
        db.StudentUnions.Add(union);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return union;
    }

    public async Task<UnionDepartment> AddDepartmentAsync(Actor actor, Guid unionId, string name, string nameEn, string? justification, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var union = await LoadManagedAsync(actor, unionId, ct);
        var departments = await db.UnionDepartments.Where(d => d.UnionId == union.Id).ToListAsync(ct);
        if (departments.Any(d => d.ClosedAt == null && (d.Name == name.Trim() || d.NameEn == nameEn.Trim())))
            throw new DomainException("union.department-exists", name);
        var staffing = UnionStaffing.Count(union, await ActivePositionsAsync(union.Id, ct), departments);
        SizeRules.EnsureAllowed(SizeRules.CheckNewDepartment(staffing), justification);
        var department = new UnionDepartment(union.UniversityId, union.Id, name, nameEn, justification, clock.GetUtcNow());
        db.UnionDepartments.Add(department);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return department;
    }

    /// <summary>SU-2.1: one presidium member chairs; naming the next one (rotation) steps the current chair down.</summary>
    public async Task MakeChairAsync(Actor actor, Guid positionId, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var position = await db.CadrePositions.SingleOrDefaultAsync(p => p.Id == positionId, ct) ?? throw new NotFoundException("position");
        await LoadManagedAsync(actor, position.UnionId, ct);
        position.MakeChair();
        foreach (var other in await db.CadrePositions.Where(p => p.UnionId == position.UnionId && p.IsChair && p.Id != position.Id).ToListAsync(ct))
            other.StepDownAsChair();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Ends a cadre's term (resignation, graduation, no longer eligible): the reason is kept, open flags close.</summary>
    public async Task EndPositionAsync(Actor actor, Guid positionId, string reason, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var position = await db.CadrePositions.SingleOrDefaultAsync(p => p.Id == positionId, ct) ?? throw new NotFoundException("position");
        await LoadManagedAsync(actor, position.UnionId, ct);
        var now = clock.GetUtcNow();
        position.End(reason, now);
        foreach (var flag in await db.CadreFlags.Where(f => f.PositionId == position.Id && f.ClearedAt == null).ToListAsync(ct))
            flag.Clear("position-ended", now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Puts a student forward. Only the chain's recommending body for the student's own college (or
    /// class) may; an ineligible student is refused here with every failing condition, and nothing is created.
    /// </summary>
    public async Task<WorkflowInstance> NominateAsync(Actor actor, NominateInput input, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var union = await db.StudentUnions.AsNoTracking().SingleOrDefaultAsync(u => u.Id == input.UnionId && u.UniversityId == actor.UniversityId, ct)
            ?? throw new NotFoundException("union");
        var number = (TextLimits.Check(input.StudentNumber, TextLimits.Identifier, TextField.Identifier) ?? "").Trim();
        // A blank number is asked for, not looked up ("no student with number ''" read as nonsense).
        if (number.Length == 0) throw new DomainException("nomination.student-number-required");
        var student = await db.Students.AsNoTracking().SingleOrDefaultAsync(s => s.UniversityId == union.UniversityId && s.StudentNumber == number, ct)
            ?? throw new DomainException("nomination.student-not-found", number);
        await EnsureRecommenderAsync(actor, input.Chain, student, ct);
        await EnsureDepartmentAsync(union.Id, input.DepartmentId, ct);
        var nomination = new Nomination(union.UniversityId, union, input.Chain, student.Id, student.CollegeId, student.ClassGroupId,
            input.Kind, input.DepartmentId, input.Statement, input.Justification, actor.UserId, clock.GetUtcNow());

        var reasons = new List<Reason>(CadreEligibility.Check(student));
        if (await db.CadrePositions.AnyAsync(p => p.UnionId == union.Id && p.StudentId == student.Id && p.EndedAt == null, ct))
            reasons.Add(new Reason(null, "nomination.already-holds-position", student.Name, union.Name));
        if (await db.Nominations.AnyAsync(n => n.UnionId == union.Id && n.StudentId == student.Id && n.Outcome == NominationOutcome.Pending, ct))
            reasons.Add(new Reason(null, "nomination.pending-exists", student.Name, union.Name));
        if (reasons.Count > 0) throw new DomainException(reasons);

        db.Nominations.Add(nomination);
        var process = processes.For(input.Chain);
        var instance = await process.StartAsync(runner, nomination.Id, union.UniversityId, $"{student.Name}（{student.StudentNumber}）· {union.Name}", actor, ct);
        await tx.CommitAsync(ct);
        return instance;
    }

    public async Task<WorkflowInstance> ActAsync(Actor actor, Guid instanceId, string action, string? comment, int? expectedVersion,
        string? justification, NominationDraft? draft, CancellationToken ct)
    {
        var instance = await db.WorkflowInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, ct) ?? throw new NotFoundException("nomination");
        var process = processes.For(instance.Process) ?? throw new NotFoundException("nomination");
        object payload = new NominationInput(justification);
        if (string.Equals(action, "Edit", StringComparison.OrdinalIgnoreCase))
        {
            var unionId = await db.Nominations.Where(n => n.Id == instance.SubjectId).Select(n => n.UnionId).SingleAsync(ct);
            await EnsureDepartmentAsync(unionId, draft?.DepartmentId, ct);
            payload = draft ?? throw new DomainException("nomination.draft-required");
        }
        return await process.FireAsync(runner, instanceId, actor, new ActionRequest(action, comment, expectedVersion, payload), ct);
    }

    /// <summary>SU-5.2/5.3: the college league organisation of the student's college; SU-5.4: the league branch of the student's class.</summary>
    private async Task EnsureRecommenderAsync(Actor actor, SelectionChain chain, Student student, CancellationToken ct)
    {
        var body = Recommenders.Of(chain);
        var units = await Recommenders.UnitsFor(db, chain, student).ToListAsync(ct);
        if (!units.Any(u => actor.Holds(body.Role, u))) throw new ForbiddenActionException(new Reason(null, body.RefusalKey));
    }

    private async Task EnsureDepartmentAsync(Guid unionId, Guid? departmentId, CancellationToken ct)
    {
        if (departmentId is { } id && !await db.UnionDepartments.AnyAsync(d => d.Id == id && d.UnionId == unionId && d.ClosedAt == null, ct))
            throw new DomainException("union.department-not-found");
    }

    private async Task<StudentUnion> LoadManagedAsync(Actor actor, Guid unionId, CancellationToken ct)
    {
        var union = await db.StudentUnions.AsNoTracking().SingleOrDefaultAsync(u => u.Id == unionId && u.UniversityId == actor.UniversityId, ct)
            ?? throw new NotFoundException("union");
        await EnsureManagerAsync(actor, union, ct);
        return union;
    }

    private async Task EnsureManagerAsync(Actor actor, StudentUnion union, CancellationToken ct)
    {
        if (!await CanManageAsync(db, actor, union, ct)) throw new ForbiddenActionException(new Reason(null, "access.union-manager-only"));
    }

    /// <summary>The school league committee keeps school-level unions; a college's league organisation its own college union.</summary>
    public static async Task<bool> CanManageAsync(ReformFlowDb db, Actor actor, StudentUnion union, CancellationToken ct)
    {
        if (actor.UniversityId != union.UniversityId) return false;
        if (union.IsSchoolLevel) return actor.HoldsInUniversity(Role.SchoolLeagueCommittee, union.UniversityId);
        var units = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.CollegeLeague && o.CollegeId == union.CollegeId).Select(o => o.Id).ToListAsync(ct);
        return units.Any(u => actor.Holds(Role.CollegeLeague, u));
    }

    private Task<List<CadrePosition>> ActivePositionsAsync(Guid unionId, CancellationToken ct) =>
        db.CadrePositions.AsNoTracking().Where(p => p.UnionId == unionId && p.EndedAt == null).ToListAsync(ct);
}
