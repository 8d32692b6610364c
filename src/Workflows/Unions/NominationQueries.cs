using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Domain.Unions;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Organisation;
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

/// <summary>A row of the nominations list: who is put forward, for which union and position, where it stands.</summary>
public sealed record NominationListRow(Guid InstanceId, string Process, string State, bool IsClosed, string Nominee, string StudentNumber,
    string College, string CollegeEn, Guid UnionId, string Union, string UnionEn, PositionKind Kind, string? Department, string? DepartmentEn,
    NominationOutcome Outcome, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The nominations list's filters: state (of any chain), the nominee's college, the year it was put forward (installation's zone).</summary>
public sealed record NominationFilter(string? State = null, Guid? CollegeId = null, int? Year = null);

/// <summary>
/// The nominations an official may open in a list, as <see cref="NominationQueries"/> decides for one: all of them for
/// the school-wide bodies; otherwise only those of nominees of the colleges and classes whose bodies the viewer holds.
/// Students and instructors (a nominee opens their own from their tasks) list none.
/// </summary>
public static class NominationScope
{
    public static async Task<IQueryable<Nomination>> VisibleAsync(ReformFlowDb db, Actor actor, CancellationToken ct)
    {
        var uni = actor.UniversityId;
        var all = db.Nominations.AsNoTracking().Where(n => n.UniversityId == uni && uni != null);
        if (!actor.Roles.Any(r => r is not (Role.Student or Role.Instructor))) return all.Where(n => false);
        if (uni is { } u && NominationContext.IsSchoolBody(actor, u)) return all;
        var held = actor.Assignments.Where(a => (a.Role is Role.CollegeLeague or Role.CollegeParty or Role.ClassLeagueBranch) && a.OrgUnitId != null)
            .Select(a => (a.Role, Unit: a.OrgUnitId!.Value)).ToList();
        var heldIds = held.Select(h => h.Unit).ToList();
        var units = await db.OrgUnits.AsNoTracking().Where(o => heldIds.Contains(o.Id)).ToListAsync(ct);
        var colleges = units.Where(o => o.CollegeId != null && held.Any(h => h.Unit == o.Id
            && (h.Role == Role.CollegeLeague && o.Kind == OrgUnitKind.CollegeLeague || h.Role == Role.CollegeParty && o.Kind == OrgUnitKind.CollegeParty)))
            .Select(o => o.CollegeId!.Value).ToList();
        var classes = units.Where(o => o.ClassGroupId != null && o.Kind == OrgUnitKind.ClassLeagueBranch
            && held.Any(h => h.Unit == o.Id && h.Role == Role.ClassLeagueBranch)).Select(o => o.ClassGroupId!.Value).ToList();
        return all.Where(n => colleges.Contains(n.NomineeCollegeId) || classes.Contains(n.NomineeClassGroupId));
    }
}

/// <summary>
/// One nomination as the people of its chain see it. Visible to the nominee, the school-wide bodies,
/// and the college and class bodies of the nominee's own college and class — nobody else.
/// </summary>
public sealed class NominationQueries(ReformFlowDb db, NominationProcesses processes, IOptions<AppOptions> app)
{
    /// <summary>Every state of the three chains, for the state filter.</summary>
    public static readonly IReadOnlyList<string> States = Enum.GetNames<SchoolPresidiumProcess.State>()
        .Concat(Enum.GetNames<SchoolDepartmentProcess.State>()).Concat(Enum.GetNames<CollegeUnionProcess.State>()).Distinct().ToList();

    /// <summary>
    /// The nominations of every union the actor may see (<see cref="NominationScope"/>), one page, newest change first.
    /// <c>q</c> searches the nominee's name and student number and the union's names; sort keys nominee, number,
    /// union, state, created, updated.
    /// </summary>
    public async Task<Paged<NominationListRow>> ListAsync(Actor actor, ListQuery list, NominationFilter filter, CancellationToken ct)
    {
        var names = processes.Names;
        var rows = from n in await NominationScope.VisibleAsync(db, actor, ct)
                   join i in db.WorkflowInstances.AsNoTracking() on n.Id equals i.SubjectId
                   join s in db.Students.AsNoTracking() on n.StudentId equals s.Id
                   join c in db.Colleges.AsNoTracking() on n.NomineeCollegeId equals c.Id
                   join u in db.StudentUnions.AsNoTracking() on n.UnionId equals u.Id
                   join d in db.UnionDepartments.AsNoTracking() on n.DepartmentId equals d.Id into dj
                   from d in dj.DefaultIfEmpty()
                   where names.Contains(i.Process)
                   select new { n, i, s, c, u, Department = d == null ? null : d.Name, DepartmentEn = d == null ? null : d.NameEn };
        if (filter.State is { } state) rows = rows.Where(x => x.i.State == state);
        if (filter.CollegeId is { } college) rows = rows.Where(x => x.n.NomineeCollegeId == college);
        if (filter.Year is { } year)
        {
            var (from, to) = app.Value.YearRange(year);
            rows = rows.Where(x => x.i.CreatedAt >= from && x.i.CreatedAt < to);
        }
        if (list.Q is { } t) rows = rows.Where(x => x.s.Name.Contains(t) || x.s.StudentNumber.Contains(t) || x.u.Name.Contains(t) || x.u.NameEn.Contains(t));
        var desc = list.Descending;
        var ordered = list.SortKey switch
        {
            "nominee" => rows.OrderBy(x => x.s.Name, desc),
            "number" => rows.OrderBy(x => x.s.StudentNumber, desc),
            "union" => rows.OrderBy(x => x.u.Name, desc),
            "state" => rows.OrderBy(x => x.i.State, desc),
            "created" => rows.OrderBy(x => x.i.CreatedAt, desc),
            // The newest change first unless "updated" is asked for explicitly.
            "updated" => rows.OrderBy(x => x.i.UpdatedAt, desc),
            _ => rows.OrderByDescending(x => x.i.UpdatedAt),
        };
        return await ordered.ThenBy(x => x.i.Id)
            .Select(x => new NominationListRow(x.i.Id, x.i.Process, x.i.State, x.i.IsClosed, x.s.Name, x.s.StudentNumber, x.c.Name, x.c.NameEn,
                x.u.Id, x.u.Name, x.u.NameEn, x.n.Kind, x.Department, x.DepartmentEn, x.n.Outcome, x.i.CreatedAt, x.i.UpdatedAt))
            .ToPagedAsync(list, ct);
    }

    /// <summary>The years nominations were put forward in (installation's zone), newest first, for the year filter.</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(Actor actor, CancellationToken ct)
    {
        var names = processes.Names;
        var created = from n in await NominationScope.VisibleAsync(db, actor, ct)
                      join i in db.WorkflowInstances.AsNoTracking() on n.Id equals i.SubjectId
                      where names.Contains(i.Process)
                      select i.CreatedAt;
        var first = await created.OrderBy(c => c).Select(c => (DateTimeOffset?)c).FirstOrDefaultAsync(ct);
        var last = await created.OrderByDescending(c => c).Select(c => (DateTimeOffset?)c).FirstOrDefaultAsync(ct);
        return app.Value.YearsBetween(first, last);
    }

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
