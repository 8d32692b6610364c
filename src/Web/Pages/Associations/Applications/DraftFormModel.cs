using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Web.Pages.Associations.Applications;

/// <summary>The fields of the draft form, shared by the New and Edit pages.</summary>
public sealed class DraftFields
{
    /// <summary>The file field's name in the form, under which a refused charter's reasons are shown.</summary>
    public const string CharterFileField = "Draft.CharterFile";
    public const string CharterRefusedKey = "CharterRefused";

    /// <summary>The draft was saved but its charter file refused: on to the Edit page, which shows why beside the file field.</summary>
    public static Microsoft.AspNetCore.Mvc.IActionResult CharterRefused(Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, Guid id)
    {
        var reasons = page.ModelState[CharterFileField]?.Errors.Select(e => e.ErrorMessage) ?? [];
        page.TempData[CharterRefusedKey] = ReformFlow.Workflows.Localization.Texts.Get("draft.saved-charter-refused", string.Join(" ", reasons));
        return page.RedirectToPage("Edit", new { id });
    }

    public string Name { get; set; } = "";
    public AssociationCategory Category { get; set; } = AssociationCategory.Academic;
    public string Purpose { get; set; } = "";
    public Guid GuidanceUnitId { get; set; }
    public string? CharterText { get; set; }
    public bool DeclaresNoOutsideSponsor { get; set; }
    public bool DeclaresNoForeignAffairs { get; set; }
    public List<string> Instructors { get; set; } = [];
    public IFormFile? CharterFile { get; set; }

    public DraftForm ToForm() => new(Name ?? "", Category, Purpose ?? "", GuidanceUnitId, CharterText, DeclaresNoOutsideSponsor, DeclaresNoForeignAffairs, Split(Instructors));

    /// <summary>
    /// Staff numbers as the picker sends them (one per hidden field) or as typed without JavaScript (several in one field,
    /// separated by commas or spaces). The domain checks every number.
    /// </summary>
    public static List<string> Split(IEnumerable<string?>? values) =>
        (values ?? []).SelectMany(v => (v ?? "").Split([',', '，', '、', ';', '；', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Distinct().ToList();
}

/// <summary>
/// The choices the draft form offers: guidance units (AS-1.2), and the names of the instructors already chosen. The
/// instructor bank itself is searched as you type (picker.js, /api/v1/search/teachers): a university has hundreds.
/// </summary>
public sealed record DraftChoices(IReadOnlyList<OrgUnit> GuidanceUnits, IReadOnlyDictionary<string, string> ChosenLabels)
{
    /// <summary>AS-2.2 warnings about the chosen instructors, shown beside the instructor field (the draft is kept).</summary>
    public IReadOnlyList<ReformFlow.Domain.Common.Reason> InstructorWarnings { get; init; } = [];

    /// <summary>The choices with the AS-2.2 warnings for the draft's category and instructors (<see cref="DraftChecks"/>).</summary>
    public static async Task<DraftChoices> LoadAsync(ReformFlowDb db, DraftChecks checks, ReformFlow.Workflows.Access.Actor actor, DraftFields draft, CancellationToken ct) =>
        await LoadAsync(db, actor.UniversityId, draft.Instructors, ct) with
        {
            InstructorWarnings = await checks.InstructorWarningsAsync(actor, draft.Category, DraftFields.Split(draft.Instructors), ct),
        };

    public static async Task<DraftChoices> LoadAsync(ReformFlowDb db, Guid? universityId, IReadOnlyList<string> chosen, CancellationToken ct)
    {
        var units = (await db.OrgUnits.AsNoTracking().Where(o => o.UniversityId == universityId && o.DeactivatedAt == null).ToListAsync(ct))
            .Where(o => o.CanBeGuidanceUnit).OrderBy(o => o.Kind).ThenBy(o => o.Name).ToList();
        var numbers = DraftFields.Split(chosen);
        var labels = await db.Teachers.AsNoTracking().Where(t => t.UniversityId == universityId && numbers.Contains(t.StaffNumber))
            .ToDictionaryAsync(t => t.StaffNumber, t => $"{t.Name} ({t.StaffNumber})", ct);
        return new DraftChoices(units, labels);
    }
}
