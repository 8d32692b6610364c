using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Associations;

public static class MembershipQueries
{
    /// <summary>
    /// Memberships that count toward the limit of 2 (AS-3.2): not left, in an association that still
    /// exists. A cancelled or banned association keeps its roster as history but no longer binds its members;
    /// a suspended one still does, as it may be reinstated.
    /// </summary>
    public static IQueryable<Membership> CountingTowardLimit(this ReformFlowDb db) =>
        from m in db.Memberships
        join a in db.Associations on m.AssociationId equals a.Id
        where m.LeftAt == null && a.Status != AssociationStatus.Cancelled && a.Status != AssociationStatus.Banned
        select m;

    /// <summary>
    /// The associations' current leaders (AS-3.5, the backbones): members who have not left and hold the leader's role.
    /// They act for their association — accept members (AS-3.2), renew instructors (AS-2.2), answer rectification (AS-1.5) —
    /// and are told of its reminders. Narrow it to one association with <c>.Where(m => m.AssociationId == id)</c>.
    /// </summary>
    public static IQueryable<Membership> CurrentLeaders(this ReformFlowDb db) =>
        db.Memberships.Where(m => m.LeftAt == null && m.Role == MemberRole.Leader);
}
