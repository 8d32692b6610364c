using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Web.Pages.Associations;

public sealed record AssociationRow(Guid Id, string RegistrationNumber, string Name, AssociationCategory Category, AssociationStatus Status, string GuidanceUnit, int Members, string Instructors, DateTimeOffset RegisteredAt);

public sealed class IndexModel(CurrentActor current, ReformFlowDb db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AssociationRow> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var uni = (await current.GetAsync(ct)).UniversityId;
        var now = clock.GetUtcNow();
        var english = ReformFlow.Workflows.Localization.Texts.CurrentCulture == "en";
        var rows = await (from a in db.Associations.AsNoTracking()
                          join u in db.OrgUnits.AsNoTracking() on a.GuidanceUnitId equals u.Id
                          where a.UniversityId == uni
                          orderby a.RegistrationNumber
                          select new
                          {
                              a, Unit = english ? u.NameEn : u.Name,
                              Members = db.Memberships.Count(m => m.AssociationId == a.Id && m.LeftAt == null),
                              Instructors = (from i in db.InstructorAppointments join t in db.Teachers on i.TeacherId equals t.Id
                                             where i.AssociationId == a.Id && i.EndedAt == null && i.EndsAt > now select t.Name).ToList(),
                          }).ToListAsync(ct);
        Items = rows.Select(r => new AssociationRow(r.a.Id, r.a.RegistrationNumber, r.a.Name, r.a.Category, r.a.Status, r.Unit, r.Members,
            string.Join("、", r.Instructors), r.a.RegisteredAt)).ToList();
    }
}
