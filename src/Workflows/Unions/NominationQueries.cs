using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Domain.Unions;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Unions;

public sealed record NomineeView(Guid StudentId, string StudentNumber, string Name, string College, string CollegeEn, string Major, string MajorEn,
    string ClassName, PoliticalStatus PoliticalStatus, decimal MajorRankPercentile, int FailedCourses, StudentStatus Status);

public sealed record NominationView(
    Guid InstanceId, string Process, SelectionChain Chain, string State, int Version, bool IsClosed, string Title,
    Guid UnionId, string Union, string UnionEn, PositionKind Kind, Guid? DepartmentId, string? Department, string? DepartmentEn,
    NomineeView Nominee, IReadOnlyList<Reason> Eligibility, IReadOnlyList<SizeFinding> SeatFindings,
    string Statement, string? Justification, string? LastReturnComment, DateTimeOffset? StudentWorkAgreedAt, DateTimeOffset? LeagueCommitteeAgreedAt,
    NominationOutcome Outcome, string? OutcomeReason, DateTimeOffset? DecidedAt,
    IReadOnlyList<HistoryView> History, IReadOnlyList<ActionView> Actions, string Diagram);

/// <summary>
/// One nomination as the people of its chain see it. Visible to the nominee, the school-wide bodies,
/// and the college and class bodies of the nominee's own college and class — nobody else.
/// </summary>
public sealed class NominationQueries(ReformFlowDb db, NominationProcesses processes)
{
    public async Task<NominationView?> GetAsync(Actor actor, Guid instanceId, CancellationToken ct)
    {
        var instance = await db.WorkflowInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is null || instance.UniversityId != actor.UniversityId || processes.For(instance.Process) is not { } process) return null;
        var ctx = await process.LoadAsync(db, instance, actor, ct);
        if (!MaySee(actor, ctx)) return null;
        var n = ctx.Nomination;
        var s = ctx.Nominee;
        var place = await (from m in db.Majors.AsNoTracking()
                           join c in db.Colleges.AsNoTracking() on m.CollegeId equals c.Id
                           join g in db.ClassGroups.AsNoTracking() on s.ClassGroupId equals g.Id
                           where m.Id == s.MajorId
                           select new { College = c.Name, CollegeEn = c.NameEn, Major = m.Name, MajorEn = m.NameEn, Class = g.Name }).SingleAsync(ct);
        var nominee = new NomineeView(s.Id, s.StudentNumber, s.Name, place.College, place.CollegeEn, place.Major, place.MajorEn, place.Class,
            s.PoliticalStatus, s.MajorRankPercentile, s.FailedCourseCount, s.Status);
        // Eligibility today, also once closed (then without "already holds a seat": the seat is the outcome).
        IReadOnlyList<Reason> eligibility = instance.IsClosed ? CadreEligibility.Check(s) : ctx.NomineeProblems();
        // The size rules only matter where a seat is filled: for presidium candidates the congress election fills it later.
        var findings = instance.IsClosed || n.Chain == SelectionChain.SchoolPresidium ? [] : SizeRules.CheckFill(ctx.Staffing, n.Kind, n.DepartmentId);
        return new NominationView(instance.Id, instance.Process, n.Chain, instance.State, instance.Version, instance.IsClosed, instance.Title,
            ctx.Union.Id, ctx.Union.Name, ctx.Union.NameEn, n.Kind, n.DepartmentId, ctx.Department?.Name, ctx.Department?.NameEn,
            nominee, eligibility, findings,
            n.Statement, n.Justification, n.LastReturnComment, n.StudentWorkAgreedAt, n.LeagueCommitteeAgreedAt, n.Outcome, n.OutcomeReason, n.DecidedAt,
            await HistoryView.LoadAsync(db, instance.Id, ct), process.AvailableActions(instance.State, ctx), process.Diagram());
    }

    private static bool MaySee(Actor actor, NominationContext ctx)
    {
        if (actor.StudentId == ctx.Nominee.Id) return true;
        var uni = ctx.Nomination.UniversityId;
        if (NominationContext.IsSchoolBody(actor, uni)) return true;
        return (ctx.CollegeLeagueUnitId is { } l && actor.Holds(Role.CollegeLeague, l))
            || (ctx.CollegePartyUnitId is { } p && actor.Holds(Role.CollegeParty, p))
            || (ctx.ClassBranchUnitId is { } b && actor.Holds(Role.ClassLeagueBranch, b));
    }
}
