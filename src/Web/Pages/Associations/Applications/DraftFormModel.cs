using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Web.Pages.Associations.Applications;

/// <summary>The fields of the draft form, shared by the New and Edit pages.</summary>
public sealed class DraftFields
{
    public string Name { get; set; } = "";
    public AssociationCategory Category { get; set; } = AssociationCategory.Academic;
    public string Purpose { get; set; } = "";
    public Guid GuidanceUnitId { get; set; }
    public string? CharterText { get; set; }
    public bool DeclaresNoOutsideSponsor { get; set; }
    public bool DeclaresNoForeignAffairs { get; set; }
    public List<string> Instructors { get; set; } = [];
    public IFormFile? CharterFile { get; set; }

    public DraftForm ToForm() => new(Name ?? "", Category, Purpose ?? "", GuidanceUnitId, CharterText, DeclaresNoOutsideSponsor, DeclaresNoForeignAffairs, Instructors);
}

public sealed record BankTeacher(string StaffNumber, string Name, bool IsPartyMember, int Guiding);

/// <summary>The choices the draft form offers: guidance units (AS-1.2) and the instructor bank (AS-2.1).</summary>
public sealed record DraftChoices(IReadOnlyList<OrgUnit> GuidanceUnits, IReadOnlyList<BankTeacher> Bank)
{
    public static async Task<DraftChoices> LoadAsync(ReformFlowDb db, Guid? universityId, DateTimeOffset now, CancellationToken ct)
    {
        var units = (await db.OrgUnits.AsNoTracking().Where(o => o.UniversityId == universityId && o.DeactivatedAt == null).ToListAsync(ct))
            .Where(o => o.CanBeGuidanceUnit).OrderBy(o => o.Kind).ThenBy(o => o.Name).ToList();
        var bank = await (from b in db.InstructorBank.AsNoTracking()
                          join t in db.Teachers.AsNoTracking() on b.TeacherId equals t.Id
                          where b.UniversityId == universityId && b.RemovedAt == null
                          orderby t.StaffNumber
                          select new BankTeacher(t.StaffNumber, t.Name, t.IsPartyMember,
                              db.InstructorAppointments.Count(a => a.TeacherId == t.Id && a.EndedAt == null && a.EndsAt > now))).ToListAsync(ct);
        return new DraftChoices(units, bank);
    }
}
