using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Access;

namespace ReformFlow.Workflows.Associations;

/// <summary>
/// Who reads a founding application — the one definition the list, the detail, the charter download and the pages use
/// (docs/decisions/0009). A draft belongs to its initiator, the students invited to sponsor it and the teachers proposed
/// to guide it. Once submitted (it stays so when returned to draft), the bodies that decide on it read it too: its own
/// business guidance unit, the review committee, the student work department and the administrator. Nobody else: college
/// league and party bodies do not decide on founding (a college party organisation reads only as a guidance unit), nor do
/// class branches, the school league and party committees, or other guidance units.
/// </summary>
public static class FoundingVisibility
{
    /// <summary>The applications the actor may read, as a query that filters in SQL.</summary>
    public static IQueryable<AssociationApplication> Visible(IQueryable<AssociationApplication> applications, Actor actor)
    {
        var uni = actor.UniversityId;
        var sid = actor.StudentId;
        var tid = actor.TeacherId;
        var all = ReadScope.DecidesAllAssociations(actor);
        var units = ReadScope.GuidanceUnits(actor).Select(u => (Guid?)u).ToList();
        return applications.Where(a => a.UniversityId == uni
            && (a.InitiatorStudentId == sid
                || a.Sponsors.Any(s => s.StudentId == sid)
                || a.Instructors.Any(i => i.TeacherId == tid)
                || (a.SubmittedAt != null && (all || units.Contains(a.GuidanceUnitId)))));
    }

    /// <summary>
    /// Whether the actor decides on this application, and so reads its sponsors' personal data (formal status,
    /// punishment). The same bodies as the submitted branch of <see cref="Visible"/>.
    /// </summary>
    public static bool Decides(Actor actor, AssociationApplication app) =>
        app.UniversityId == actor.UniversityId && app.SubmittedAt != null
        && (ReadScope.DecidesAllAssociations(actor) || app.GuidanceUnitId is { } g && ReadScope.GuidanceUnits(actor).Contains(g));
}
