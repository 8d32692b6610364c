using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Organisation;
using ReformFlow.Domain.Unions;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Unions;

namespace ReformFlow.Web.Pages.Unions;

/// <summary>
/// One union: presidium, departments, size rules, composition (SU-5.5), flags and nominations (officials).
/// Its managers add departments, name the chair and end positions; recommending bodies get the way to nominate.
/// </summary>
public sealed class DetailsModel(CurrentActor current, UnionQueries unions, UnionService service, ReformFlowDb db) : AppPageModel
{
    public UnionView View { get; private set; } = null!;
    /// <summary>The viewer may put students forward to this union (SU-5.2/5.3: a college league organisation; SU-5.4: a class branch of its college).</summary>
    public bool CanNominate { get; private set; }
    /// <summary>After a refused end-of-position form, which one to show open again.</summary>
    public Guid? RefusedEnd { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? NameEn { get; set; }
    [BindProperty] public string? Justification { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDepartmentAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await TryAsync(() => service.AddDepartmentAsync(actor, id, Name ?? "", NameEn ?? "", Justification, ct)))
        {
            Flash("unions.department-added", (Name ?? "").Trim());
            return RedirectToPage(new { id });
        }
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostChairAsync(Guid id, Guid positionId, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await TryAsync(() => service.MakeChairAsync(actor, positionId, ct)))
        {
            Flash("unions.chair-named");
            return RedirectToPage(new { id });
        }
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostEndAsync(Guid id, Guid positionId, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await TryAsync(() => service.EndPositionAsync(actor, positionId, Reason ?? "", ct)))
        {
            Flash("unions.position-ended");
            return RedirectToPage(new { id });
        }
        RefusedEnd = positionId;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    /// <summary>The size rules (SU-3.1 … SU-3.3) as rows of the panel: the standings the rules computed, with their texts.</summary>
    public IReadOnlyList<RuleRow> Rules => View.Summary.Standings.Select(Row).ToList();

    private RuleRow Row(SizeStanding s)
    {
        var college = View.Summary.Level == UnionLevel.College;
        var now = s.Now == s.NowMax ? $"{s.Now}" : $"{s.Now}–{s.NowMax}";
        return s.Aspect switch
        {
            SizeAspect.Staff when college => new(s.Measure, "unions.rule-staff", now, "unions.limit-college-staff", [SizeRules.CollegeStaffUsualMin, SizeRules.CollegeStaffUsualMax], s.Standing),
            SizeAspect.Staff => new(s.Measure, "unions.rule-staff", now, "unions.limit-school-staff", [SizeRules.SchoolStaffUsual, SizeRules.SchoolStaffMax], s.Standing),
            SizeAspect.Presidium => new(s.Measure, "unions.rule-presidium", now, "unions.limit-at-most",
                [college ? SizeRules.CollegePresidiumMax : SizeRules.SchoolPresidiumMax], s.Standing),
            SizeAspect.Departments => new(s.Measure, "unions.rule-departments", now, "unions.limit-departments", [SizeRules.SchoolDepartmentsUsual], s.Standing),
            SizeAspect.DepartmentHeads => new(s.Measure, "unions.rule-heads", now, "unions.limit-heads", [SizeRules.DepartmentHeadsMin, SizeRules.DepartmentHeadsMax], s.Standing),
            _ => new(s.Measure, "unions.rule-department-staff", now, "unions.limit-department-staff", [SizeRules.DepartmentMembersUsual], s.Standing),
        };
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var view = await unions.GetAsync(actor, id, ct);
        if (view is null) return false;
        View = view;
        CanNominate = (await Recommenders.ChainsActorMayOpenAsync(db, actor, view.Summary.Level, view.CollegeId, ct)).Count > 0;
        return true;
    }
}

/// <summary>One row of the size-rules panel: the count now (for departments, the largest in any one) and the limit's text.</summary>
public sealed record RuleRow(string Measure, string LabelKey, string Now, string LimitKey, object[] LimitArgs, Standing Standing);
