using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Associations;

/// <summary>
/// Who reads a registered association's internals — its roster, and (with <c>leadersOnly</c>) its annual reports
/// (docs/decisions/0009). The association's public card (name, status, instructors, member count) stays readable by the
/// whole university, so students can find one to join. Internals are for: its current members (roster) or leaders
/// (reports), its instructors in office, its business guidance unit, the review committee, the student work department and
/// the administrator. Not other colleges' or classes' bodies, nor the school league and party committees: they do not
/// manage associations.
/// </summary>
public static class AssociationVisibility
{
    public static IQueryable<Association> Visible(ReformFlowDb db, Actor actor, DateTimeOffset now, bool leadersOnly)
    {
        var uni = actor.UniversityId;
        var sid = actor.StudentId;
        var tid = actor.TeacherId;
        var all = ReadScope.DecidesAllAssociations(actor);
        var units = ReadScope.GuidanceUnits(actor);
        var running = db.RunningAppointments(now);
        var memberships = leadersOnly ? db.CurrentLeaders() : db.Memberships.Where(m => m.LeftAt == null);
        return db.Associations.Where(a => a.UniversityId == uni
            && (all || units.Contains(a.GuidanceUnitId)
                || memberships.Any(m => m.AssociationId == a.Id && m.StudentId == sid)
                || running.Any(i => i.AssociationId == a.Id && i.TeacherId == tid)));
    }
}
