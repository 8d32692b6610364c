using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Organisation;
using ReformFlow.Domain.Unions;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Unions;

/// <summary>
/// Who may nominate (SU-5.2, SU-5.3, SU-5.4): the recommending body that starts each selection chain. The school-level
/// chains (presidium SU-5.2, working departments SU-5.3) start at the college league organisation of the nominee's
/// college; the college chain (SU-5.4) at the league branch of the nominee's class. Named once here and read by the
/// service that creates nominations, the chains' start, and the pages that offer the nomination form.
/// </summary>
public static class Recommenders
{
    /// <summary>The recommending body of a chain: the role it holds, the kind of unit it is, and the refusal for anyone else.</summary>
    public sealed record Body(Role Role, OrgUnitKind UnitKind, string RefusalKey);

    /// <summary>SU-5.2/5.3: the college league organisation; SU-5.4: the class league branch.</summary>
    public static Body Of(SelectionChain chain) => chain == SelectionChain.CollegeUnion
        ? new(Role.ClassLeagueBranch, OrgUnitKind.ClassLeagueBranch, "access.nominee-class-branch-only")
        : new(Role.CollegeLeague, OrgUnitKind.CollegeLeague, "access.nominee-college-league-only");

    /// <summary>The units whose holder may nominate this student in this chain: the branch of the student's class, or the league organisation of the student's college.</summary>
    public static IQueryable<Guid> UnitsFor(ReformFlowDb db, SelectionChain chain, Student student)
    {
        var kind = Of(chain).UnitKind;
        return db.OrgUnits.AsNoTracking().Where(o => o.UniversityId == student.UniversityId && o.Kind == kind
            && (kind == OrgUnitKind.ClassLeagueBranch ? o.ClassGroupId == student.ClassGroupId : o.CollegeId == student.CollegeId)).Select(o => o.Id);
    }

    /// <summary>
    /// The chains whose nomination form this actor may open for a union, before a nominee is chosen: at school level any
    /// college league organisation (SU-5.2, SU-5.3); for a college union a league branch of one of that college's classes
    /// (SU-5.4). Whether the actor may nominate a given student is decided by <see cref="UnitsFor"/> when the form is sent.
    /// </summary>
    public static async Task<IReadOnlyList<SelectionChain>> ChainsActorMayOpenAsync(ReformFlowDb db, Actor actor, UnionLevel level, Guid? collegeId, CancellationToken ct)
    {
        if (level != UnionLevel.College)
            return actor.Holds(Of(SelectionChain.SchoolPresidium).Role) ? [SelectionChain.SchoolPresidium, SelectionChain.SchoolDepartment] : [];
        var branch = Of(SelectionChain.CollegeUnion);
        var branches = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == branch.UnitKind && o.CollegeId == collegeId)
            .Select(o => o.Id).ToListAsync(ct);
        return branches.Any(b => actor.Holds(branch.Role, b)) ? [SelectionChain.CollegeUnion] : [];
    }
}
