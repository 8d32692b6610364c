using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Domain.Unions;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Unions;

/// <param name="OpenFlags">Sitting cadres flagged as no longer eligible (SU-4.1, SU-4.2); null for a reader who may not see the
/// eligibility findings (<see cref="UnionQueries.MaySeeFlagsAsync"/>): they are told nothing about them, not "none".</param>
public sealed record UnionSummary(Guid Id, UnionLevel Level, string Name, string NameEn, int Staff, int Presidium, int Departments,
    IReadOnlyList<SizeFinding> Findings, IReadOnlyList<SizeStanding> Standings, int? OpenFlags);

public sealed record CadreView(Guid PositionId, Guid StudentId, string StudentNumber, string Name, string College, string CollegeEn,
    PositionKind Kind, bool IsChair, DateTimeOffset StartedAt, string? Justification, IReadOnlyList<Reason> FlagReasons);

public sealed record DepartmentView(Guid Id, string Name, string NameEn, IReadOnlyList<CadreView> Heads, IReadOnlyList<CadreView> Members, bool LacksHeads, string? Justification);

public sealed record NominationRow(Guid InstanceId, string Process, string State, bool IsClosed, string Nominee, string StudentNumber,
    PositionKind Kind, string? Department, string? DepartmentEn, NominationOutcome Outcome, DateTimeOffset UpdatedAt);

/// <param name="CanSeeFlags">The reader may see the cadres' eligibility findings (SU-4.1, SU-4.2); otherwise nothing is said about them.</param>
public sealed record UnionView(UnionSummary Summary, Guid? CollegeId, IReadOnlyList<CadreView> Presidium, IReadOnlyList<DepartmentView> Departments,
    Composition? Composition, bool CanManage, bool CanSeeNominations,
    IReadOnlyList<NominationRow> Candidates, IReadOnlyList<NominationRow> Nominations, bool CanSeeFlags = false);

/// <summary>The filters of the unions list besides the text search.</summary>
public sealed record UnionFilter(UnionLevel? Level = null, Guid? CollegeId = null);

/// <summary>Read side of the unions: every signed-in person of the university sees the structure; officials see nominations and flags.</summary>
public sealed class UnionQueries(ReformFlowDb db, NominationProcesses processes)
{
    /// <summary>
    /// One page of the university's unions, school level first, with their findings now. <c>q</c> searches both names;
    /// sort keys: <c>level</c> (default, then college code), <c>name</c>. Findings are computed for the page's unions only.
    /// </summary>
    public async Task<Paged<UnionSummary>> ListAsync(Actor actor, ListQuery list, UnionFilter filter, CancellationToken ct)
    {
        var uni = actor.UniversityId;
        var rows = from u in db.StudentUnions.AsNoTracking()
                   join c in db.Colleges.AsNoTracking() on u.CollegeId equals c.Id into cs
                   from c in cs.DefaultIfEmpty()
                   where u.UniversityId == uni && (filter.Level == null || u.Level == filter.Level) && (filter.CollegeId == null || u.CollegeId == filter.CollegeId)
                   select new { Union = u, Code = c == null ? "" : c.Code };
        if (list.Q is { } t) rows = rows.Where(x => x.Union.Name.Contains(t) || x.Union.NameEn.ToLower().Contains(t.ToLower()));
        var ordered = list.SortKey == "name"
            ? rows.OrderBy(x => x.Union.Name, list.Descending)
            : rows.OrderBy(x => x.Union.Level, list.Descending).ThenBy(x => x.Code);
        var page = await ordered.ThenBy(x => x.Union.Id).ToPagedAsync(list, ct);

        var ids = page.Items.Select(x => x.Union.Id).ToList();
        var positions = await db.CadrePositions.AsNoTracking().Where(p => ids.Contains(p.UnionId) && p.EndedAt == null).ToListAsync(ct);
        var departments = await db.UnionDepartments.AsNoTracking().Where(d => ids.Contains(d.UnionId)).ToListAsync(ct);
        var flags = await db.CadreFlags.AsNoTracking().Where(f => ids.Contains(f.UnionId) && f.ClearedAt == null)
            .GroupBy(f => f.UnionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var maySee = new HashSet<Guid>();
        foreach (var x in page.Items) if (await MaySeeFlagsAsync(db, actor, x.Union, ct)) maySee.Add(x.Union.Id);
        return page.Map(x => Summarise(x.Union, UnionStaffing.Count(x.Union, positions, departments),
            maySee.Contains(x.Union.Id) ? flags.GetValueOrDefault(x.Union.Id) : null));
    }

    public async Task<UnionView?> GetAsync(Actor actor, Guid unionId, CancellationToken ct)
    {
        var union = await db.StudentUnions.AsNoTracking().SingleOrDefaultAsync(u => u.Id == unionId && u.UniversityId == actor.UniversityId, ct);
        if (union is null) return null;
        var positions = await db.CadrePositions.AsNoTracking().Where(p => p.UnionId == union.Id && p.EndedAt == null).ToListAsync(ct);
        var departments = await db.UnionDepartments.AsNoTracking().Where(d => d.UnionId == union.Id && d.ClosedAt == null).OrderBy(d => d.CreatedAt).ThenBy(d => d.NameEn).ToListAsync(ct);
        var staffing = UnionStaffing.Count(union, positions, departments);
        var canManage = await UnionService.CanManageAsync(db, actor, union, ct);
        var isOfficial = actor.Roles.Any(r => r is not (Role.Student or Role.Instructor));
        var flagged = await db.CadreFlags.AsNoTracking().Where(f => f.UnionId == union.Id && f.ClearedAt == null).Select(f => f.PositionId).ToListAsync(ct);
        // Why a cadre no longer qualifies (grades, failed courses) is for the bodies that keep the union, not every official.
        var maySeeFlags = canManage || NominationContext.IsSchoolBody(actor, union.UniversityId);
        if (!maySeeFlags) flagged = [];
        var cadres = await CadresAsync(positions, maySeeFlags ? flagged.ToHashSet() : [], ct);

        Composition? composition = null;
        if (union.IsSchoolLevel)
        {
            // SU-5.5: a school-level cadre "comes from a college union" if they hold or have held a college-level position.
            var studentIds = positions.Select(p => p.StudentId).Distinct().ToList();
            var collegeUnionIds = db.StudentUnions.Where(u => u.UniversityId == union.UniversityId && u.Level == UnionLevel.College).Select(u => u.Id);
            var fromColleges = await db.CadrePositions.AsNoTracking()
                .Where(p => studentIds.Contains(p.StudentId) && collegeUnionIds.Contains(p.UnionId)).Select(p => p.StudentId).Distinct().CountAsync(ct);
            composition = new Composition(studentIds.Count, fromColleges);
        }

        var rows = isOfficial ? await NominationRowsAsync(actor, union, ct) : [];
        return new UnionView(Summarise(union, staffing, maySeeFlags ? flagged.Count : null), union.CollegeId,
            cadres.Where(c => c.Kind == PositionKind.PresidiumMember).OrderByDescending(c => c.IsChair).ThenBy(c => c.StartedAt).ToList(),
            departments.Select(d => new DepartmentView(d.Id, d.Name, d.NameEn,
                cadres.Where(c => c.Kind == PositionKind.DepartmentHead && positions.Any(p => p.Id == c.PositionId && p.DepartmentId == d.Id)).ToList(),
                cadres.Where(c => c.Kind == PositionKind.DepartmentMember && positions.Any(p => p.Id == c.PositionId && p.DepartmentId == d.Id)).ToList(),
                SizeRules.LacksHeads(staffing, d.Id), d.Justification)).ToList(),
            composition, canManage, isOfficial,
            rows.Where(r => r.Outcome == NominationOutcome.Candidate).ToList(),
            rows.Where(r => r.Outcome == NominationOutcome.Pending).ToList(), maySeeFlags);
    }

    /// <summary>
    /// Who may see whether a union's cadres still qualify (SU-4.1, SU-4.2): the body that keeps the union and the school-wide
    /// bodies. Everyone else is told nothing about it: neither the flags nor that there are none.
    /// </summary>
    public static async Task<bool> MaySeeFlagsAsync(ReformFlowDb db, Actor actor, StudentUnion union, CancellationToken ct) =>
        NominationContext.IsSchoolBody(actor, union.UniversityId) || await UnionService.CanManageAsync(db, actor, union, ct);

    /// <summary>
    /// The union's nominations this viewer may open (as <see cref="NominationQueries"/> decides): all of them for the
    /// school-wide bodies; otherwise only those of nominees of the colleges and classes whose bodies the viewer holds.
    /// </summary>
    private async Task<List<NominationRow>> NominationRowsAsync(Actor actor, StudentUnion union, CancellationToken ct)
    {
        var names = processes.Names;
        var unionId = union.Id;
        var visible = await NominationScope.VisibleAsync(db, actor, ct);
        return await (from n in visible
                      join i in db.WorkflowInstances.AsNoTracking() on n.Id equals i.SubjectId
                      join s in db.Students.AsNoTracking() on n.StudentId equals s.Id
                      join d in db.UnionDepartments.AsNoTracking() on n.DepartmentId equals d.Id into dj
                      from d in dj.DefaultIfEmpty()
                      where n.UnionId == unionId && names.Contains(i.Process)
                      orderby i.UpdatedAt descending
                      select new NominationRow(i.Id, i.Process, i.State, i.IsClosed, s.Name, s.StudentNumber, n.Kind,
                          d == null ? null : d.Name, d == null ? null : d.NameEn, n.Outcome, i.UpdatedAt)).ToListAsync(ct);
    }

    private async Task<List<CadreView>> CadresAsync(List<CadrePosition> positions, HashSet<Guid> flagged, CancellationToken ct)
    {
        var ids = positions.Select(p => p.StudentId).ToList();
        var students = await (from s in db.Students.AsNoTracking()
                              join c in db.Colleges.AsNoTracking() on s.CollegeId equals c.Id
                              where ids.Contains(s.Id)
                              select new { s, c.Name, c.NameEn }).ToDictionaryAsync(x => x.s.Id, ct);
        return positions.Select(p =>
        {
            var x = students[p.StudentId];
            return new CadreView(p.Id, p.StudentId, x.s.StudentNumber, x.s.Name, x.Name, x.NameEn, p.Kind, p.IsChair, p.StartedAt, p.Justification,
                flagged.Contains(p.Id) ? CadreEligibility.Check(x.s) : []);
        }).ToList();
    }

    private static UnionSummary Summarise(StudentUnion u, UnionStaffing s, int? openFlags) =>
        new(u.Id, u.Level, u.Name, u.NameEn, s.Staff, s.Presidium, s.Departments, SizeRules.Review(s), SizeRules.Standings(s), openFlags);
}
