using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Runtime;

public sealed record TeacherPick(string StaffNumber, string Name, string? College, string? CollegeEn, bool IsPartyMember, int Guiding);
public sealed record StudentPick(string StudentNumber, string Name, string College, string CollegeEn, string ClassName, string ClassNameEn, int Grade);
public sealed record UnitPick(Guid Id, string Name, string NameEn, OrgUnitKind Kind);

/// <summary>
/// The search-as-you-type pickers: at most <see cref="MaxMatches"/> matches, always within the caller's university and
/// scope, and nothing for an empty term. They only help to find an id: the services check whatever id is sent.
/// </summary>
public sealed class PickerQueries(ReformFlowDb db, TimeProvider clock)
{
    public const int MaxMatches = 20;

    /// <summary>Teachers in the instructor bank (AS-2.1), which everyone of the university reads, by staff number or name.</summary>
    public async Task<IReadOnlyList<TeacherPick>> TeachersAsync(Actor actor, string? q, CancellationToken ct)
    {
        if (Term(q) is not { } t || actor.UniversityId is not { } uni) return [];
        var running = db.RunningAppointments(clock.GetUtcNow());
        return await (from b in db.InstructorBank.AsNoTracking()
                      join te in db.Teachers.AsNoTracking() on b.TeacherId equals te.Id
                      join c in db.Colleges.AsNoTracking() on te.CollegeId equals c.Id into cs
                      from c in cs.DefaultIfEmpty()
                      where b.UniversityId == uni && b.RemovedAt == null && te.UniversityId == uni
                            && (te.StaffNumber.Contains(t) || te.Name.Contains(t))
                      orderby te.StaffNumber.StartsWith(t) descending, te.StaffNumber
                      select new TeacherPick(te.StaffNumber, te.Name, c == null ? null : c.Name, c == null ? null : c.NameEn, te.IsPartyMember,
                          running.Count(a => a.TeacherId == te.Id)))
            .Take(MaxMatches).ToListAsync(ct);
    }

    /// <summary>
    /// Students by student number or name, within the caller's scope: the whole university for the student work department,
    /// the administrator, the review committee and the school league and party committees; a college league or party body
    /// its college; a class league branch its class; a student their own college (to find classmates as sponsors).
    /// Anyone else finds no one. Only number, name, college and class are returned.
    /// </summary>
    public async Task<IReadOnlyList<StudentPick>> StudentsAsync(Actor actor, string? q, CancellationToken ct)
    {
        if (Term(q) is not { } t || actor.UniversityId is not { } uni) return [];
        var students = db.Students.AsNoTracking().Where(s => s.UniversityId == uni);
        var wholeUniversity = ReadScope.DecidesAllAssociations(actor)
            || actor.HoldsInUniversity(Role.SchoolLeagueCommittee, uni) || actor.HoldsInUniversity(Role.SchoolPartyCommittee, uni);
        if (!wholeUniversity)
        {
            var unitIds = actor.Assignments.Where(a => a.UniversityId == uni && a.OrgUnitId != null
                    && a.Role is Role.CollegeLeague or Role.CollegeParty or Role.ClassLeagueBranch).Select(a => a.OrgUnitId!.Value).ToList();
            var units = await db.OrgUnits.AsNoTracking().Where(o => unitIds.Contains(o.Id)).ToListAsync(ct);
            var colleges = units.Where(o => o.ClassGroupId == null && o.CollegeId != null).Select(o => o.CollegeId!.Value).ToList();
            var classes = units.Where(o => o.ClassGroupId != null).Select(o => o.ClassGroupId!.Value).ToList();
            if (actor.StudentId is { } sid)
                colleges.AddRange(await db.Students.AsNoTracking().Where(s => s.Id == sid).Select(s => s.CollegeId).ToListAsync(ct));
            if (colleges.Count == 0 && classes.Count == 0) return [];
            students = students.Where(s => colleges.Contains(s.CollegeId) || classes.Contains(s.ClassGroupId));
        }
        return await (from s in students
                      join c in db.Colleges.AsNoTracking() on s.CollegeId equals c.Id
                      join g in db.ClassGroups.AsNoTracking() on s.ClassGroupId equals g.Id
                      where s.StudentNumber.StartsWith(t) || s.Name.Contains(t)
                      orderby s.StudentNumber
                      select new StudentPick(s.StudentNumber, s.Name, c.Name, c.NameEn, g.Name, g.NameEn, s.Grade))
            .Take(MaxMatches).ToListAsync(ct);
    }

    /// <summary>Active organisation units of the university (public: /api/v1/org-units lists them), by name in either language.</summary>
    public async Task<IReadOnlyList<UnitPick>> UnitsAsync(Actor actor, string? q, bool guidanceUnits, CancellationToken ct)
    {
        if (Term(q) is not { } t || actor.UniversityId is not { } uni) return [];
        var kinds = guidanceUnits ? new[] { OrgUnitKind.FunctionalDepartment, OrgUnitKind.CollegeParty, OrgUnitKind.ResearchInstitute } : Enum.GetValues<OrgUnitKind>();
        return await db.OrgUnits.AsNoTracking()
            .Where(o => o.UniversityId == uni && o.DeactivatedAt == null && kinds.Contains(o.Kind)
                        && (o.Name.Contains(t) || o.NameEn.ToLower().Contains(t.ToLower())))
            .OrderBy(o => o.Kind).ThenBy(o => o.Name)
            .Select(o => new UnitPick(o.Id, o.Name, o.NameEn, o.Kind)).Take(MaxMatches).ToListAsync(ct);
    }

    private static string? Term(string? q) =>
        string.IsNullOrWhiteSpace(q) ? null : q.Trim() is var t && t.Length > ListQuery.MaxTermLength ? t[..ListQuery.MaxTermLength] : q.Trim();
}
