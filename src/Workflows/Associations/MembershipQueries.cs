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
}
