using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.AnnualReview;

/// <summary>
/// Who reads an annual report (roster snapshot, finances, violations), for the list and the detail alike
/// (docs/decisions/0009): the association's leaders and instructors, its guidance unit, the review committee, the student
/// work department and the administrator — the internals reading of <see cref="AssociationVisibility"/>, leaders only.
/// </summary>
public static class AnnualReportVisibility
{
    public static IQueryable<AnnualReport> Visible(ReformFlowDb db, Actor actor, DateTimeOffset now)
    {
        var associations = AssociationVisibility.Visible(db, actor, now, leadersOnly: true).Select(a => a.Id);
        return db.AnnualReports.Where(r => r.UniversityId == actor.UniversityId && associations.Contains(r.AssociationId));
    }

    /// <summary>The whole cycle at a glance (counts by state, overdue ones) is for the bodies over every association.</summary>
    public static bool SeesWholeCycle(Actor actor) => ReadScope.DecidesAllAssociations(actor);
}
