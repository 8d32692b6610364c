using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Associations;

/// <summary>The filters of the associations list besides the text search; <c>CollegeId</c> is the guidance unit's college.</summary>
/// <summary>The filters of the associations list besides the text search; <c>Year</c> is the year an association was
/// registered, in the installation's zone (the guidance unit's college is <c>CollegeId</c>).</summary>
public sealed record AssociationFilter(AssociationStatus? Status = null, AssociationCategory? Category = null, Guid? GuidanceUnitId = null, Guid? CollegeId = null, int? Year = null);

/// <summary>An association's public card in the list: everyone of the university reads it (docs/decisions/0009).</summary>
public sealed record AssociationRow(
    Guid Id, string RegistrationNumber, string Name, AssociationCategory Category, AssociationStatus Status, Guid GuidanceUnitId,
    string GuidanceUnit, string GuidanceUnitEn, int Members, IReadOnlyList<string> Instructors, DateTimeOffset RegisteredAt);

/// <summary>The registered associations of the actor's university, a page at a time.</summary>
public sealed class AssociationQueries(ReformFlowDb db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<Email.AppOptions> app)
{
    /// <summary>
    /// <c>q</c> searches the registration number and the name; sort keys: <c>number</c> (default), <c>name</c>,
    /// <c>members</c>, <c>registered</c>, <c>status</c>, <c>category</c>.
    /// </summary>
    public async Task<Paged<AssociationRow>> ListAsync(Actor actor, ListQuery list, AssociationFilter filter, CancellationToken ct)
    {
        var uni = actor.UniversityId;
        var rows = from a in db.Associations.AsNoTracking()
                   join u in db.OrgUnits.AsNoTracking() on a.GuidanceUnitId equals u.Id
                   where a.UniversityId == uni && uni != null
                         && (filter.Status == null || a.Status == filter.Status) && (filter.Category == null || a.Category == filter.Category)
                         && (filter.GuidanceUnitId == null || a.GuidanceUnitId == filter.GuidanceUnitId)
                         && (filter.CollegeId == null || u.CollegeId == filter.CollegeId)
                   select new
                   {
                       a.Id, a.RegistrationNumber, a.Name, a.Category, a.Status, a.GuidanceUnitId, Unit = u.Name, UnitEn = u.NameEn, a.RegisteredAt,
                       Members = db.Memberships.Count(m => m.AssociationId == a.Id && m.LeftAt == null),
                   };
        if (filter.Year is { } y)
        {
            var (from, to) = app.Value.YearRange(y);
            rows = rows.Where(x => x.RegisteredAt >= from && x.RegisteredAt < to);
        }
        if (list.Q is { } t) rows = rows.Where(x => x.RegistrationNumber.Contains(t) || x.Name.Contains(t));
        var desc = list.Descending;
        var ordered = list.SortKey switch
        {
            "name" => rows.OrderBy(x => x.Name, desc),
            "members" => rows.OrderBy(x => x.Members, desc),
            "registered" => rows.OrderBy(x => x.RegisteredAt, desc),
            "status" => rows.OrderBy(x => x.Status, desc),
            "category" => rows.OrderBy(x => x.Category, desc),
            _ => rows.OrderBy(x => x.RegistrationNumber, desc),
        };
        var page = await ordered.ThenBy(x => x.Id).ToPagedAsync(list, ct);

        // Instructors in office, for this page's associations only.
        var now = clock.GetUtcNow();
        var ids = page.Items.Select(x => x.Id).ToList();
        var instructors = (await (from i in db.RunningAppointments(now).AsNoTracking()
                                  join te in db.Teachers.AsNoTracking() on i.TeacherId equals te.Id
                                  where ids.Contains(i.AssociationId)
                                  orderby te.StaffNumber
                                  select new { i.AssociationId, te.Name }).ToListAsync(ct))
            .ToLookup(x => x.AssociationId, x => x.Name);
        return page.Map(x => new AssociationRow(x.Id, x.RegistrationNumber, x.Name, x.Category, x.Status, x.GuidanceUnitId, x.Unit, x.UnitEn,
            x.Members, instructors[x.Id].ToList(), x.RegisteredAt));
    }

    /// <summary>The years the year filter offers: from the first registration of the university to this year, newest first.</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(Actor actor, CancellationToken ct)
    {
        var first = await db.Associations.AsNoTracking().Where(a => a.UniversityId == actor.UniversityId)
            .OrderBy(a => a.RegisteredAt).Select(a => (DateTimeOffset?)a.RegisteredAt).FirstOrDefaultAsync(ct);
        return first is null ? [] : app.Value.YearsBetween(first, clock.GetUtcNow());
    }
}
