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

    /// <summary>The size rules (SU-3.1 … SU-3.3) as rows of the panel: what is counted now against which limit, and how it stands.</summary>
    public IReadOnlyList<RuleRow> Rules => View.Summary.Level == UnionLevel.College ? CollegeRules() : SchoolRules();

    private List<RuleRow> SchoolRules()
    {
        var s = View.Summary;
        var heads = View.Departments.Select(d => d.Heads.Count).DefaultIfEmpty(0).ToList();
        var members = View.Departments.Select(d => d.Members.Count).DefaultIfEmpty(0).Max();
        return
        [
            new("SU-3.1", "unions.rule-staff", s.Staff.ToString(), "unions.limit-school-staff", [SizeRules.SchoolStaffUsual, SizeRules.SchoolStaffMax],
                s.Staff > SizeRules.SchoolStaffMax ? Standing.Over : s.Staff > SizeRules.SchoolStaffUsual ? Standing.AboveUsual : Standing.Within),
            new("SU-3.2", "unions.rule-presidium", s.Presidium.ToString(), "unions.limit-at-most", [SizeRules.SchoolPresidiumMax],
                s.Presidium > SizeRules.SchoolPresidiumMax ? Standing.Over : Standing.Within),
            new("SU-3.2", "unions.rule-departments", s.Departments.ToString(), "unions.limit-departments", [SizeRules.SchoolDepartmentsUsual],
                s.Departments > SizeRules.SchoolDepartmentsUsual ? Standing.AboveUsual : Standing.Within),
            new("SU-3.2", "unions.rule-heads", heads.Min() == heads.Max() ? $"{heads.Min()}" : $"{heads.Min()}–{heads.Max()}", "unions.limit-heads",
                [SizeRules.DepartmentHeadsMin, SizeRules.DepartmentHeadsMax],
                heads.Max() > SizeRules.DepartmentHeadsMax ? Standing.Over : heads.Min() < SizeRules.DepartmentHeadsMin ? Standing.Below : Standing.Within),
            new("SU-3.2", "unions.rule-department-staff", members.ToString(), "unions.limit-department-staff", [SizeRules.DepartmentMembersUsual],
                members > SizeRules.DepartmentMembersUsual ? Standing.AboveUsual : Standing.Within),
        ];
    }

    private List<RuleRow> CollegeRules()
    {
        var s = View.Summary;
        return
        [
            new("SU-3.3", "unions.rule-staff", s.Staff.ToString(), "unions.limit-college-staff", [SizeRules.CollegeStaffUsualMin, SizeRules.CollegeStaffUsualMax],
                s.Staff > SizeRules.CollegeStaffUsualMax ? Standing.AboveUsual : s.Staff < SizeRules.CollegeStaffUsualMin ? Standing.Below : Standing.Within),
            new("SU-3.3", "unions.rule-presidium", s.Presidium.ToString(), "unions.limit-at-most", [SizeRules.CollegePresidiumMax],
                s.Presidium > SizeRules.CollegePresidiumMax ? Standing.Over : Standing.Within),
        ];
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var view = await unions.GetAsync(actor, id, ct);
        if (view is null) return false;
        View = view;
        CanNominate = await CanNominateAsync(db, actor, view.Summary.Level, view.CollegeId, ct);
        return true;
    }

    /// <summary>Who may open the nomination form for a union: the recommending bodies of its chains (the service checks the nominee's own college or class).</summary>
    public static async Task<bool> CanNominateAsync(ReformFlowDb db, Actor actor, UnionLevel level, Guid? collegeId, CancellationToken ct)
    {
        if (level != UnionLevel.College) return actor.Holds(Role.CollegeLeague);
        var branches = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.ClassLeagueBranch && o.CollegeId == collegeId)
            .Select(o => o.Id).ToListAsync(ct);
        return branches.Any(b => actor.Holds(Role.ClassLeagueBranch, b));
    }
}

/// <summary>How a count stands against its limit: over a "must" limit is red; above or below a "generally" limit is amber.</summary>
public enum Standing { Within, AboveUsual, Below, Over }

/// <summary>One row of the size-rules panel: the count now (for departments, the largest in any one) and the limit's text.</summary>
public sealed record RuleRow(string Measure, string LabelKey, string Now, string LimitKey, object[] LimitArgs, Standing Standing);
