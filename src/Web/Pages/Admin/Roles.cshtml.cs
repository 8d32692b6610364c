using Microsoft.AspNetCore.Mvc;
using ReformFlow.Domain.Access;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Organisation;

namespace ReformFlow.Web.Pages.Admin;

/// <summary>
/// Role assignments: the list (filtered by role, unit and person, 50 a page), removing one, and assigning one. The person
/// and the unit are picked from searches (a university has tens of thousands of accounts and hundreds of units).
/// </summary>
public sealed class RolesModel(CurrentActor current, RoleAssignmentService roles, StructureQueries structure) : AppPageModel
{
    [BindProperty(SupportsGet = true)] public Role? Role { get; set; }
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public string? Person { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    // The assignment form's searches.
    [BindProperty(SupportsGet = true)] public Role? NewRole { get; set; }
    [BindProperty(SupportsGet = true)] public string? PersonQ { get; set; }
    [BindProperty(SupportsGet = true)] public string? UnitQ { get; set; }

    public Paged<RoleAssignmentRow> List { get; private set; } = new([], 1, RoleAssignmentService.PageSize, 0);
    public IReadOnlyList<PersonRow> People { get; private set; } = [];
    public IReadOnlyList<StructureRow> Units { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await AdminAsync(ct) is not { } actor) return Forbid();
        await LoadAsync(actor, ct);
        return Page();
    }

    /// <summary>The person and unit of a refused assignment: the form shows them picked again.</summary>
    public string? PostedUserName { get; private set; }
    public Guid? PostedOrgUnitId { get; private set; }

    public async Task<IActionResult> OnPostAssignAsync(string? userName, Guid? orgUnitId, CancellationToken ct)
    {
        if (await AdminAsync(ct) is not { } actor) return Forbid();
        (PostedUserName, PostedOrgUnitId) = (userName, orgUnitId);
        if (await TryAsync(() => roles.AssignAsync(actor, new AssignRoleForm(userName, NewRole, orgUnitId), ct)))
        {
            Flash("roles.assigned");
            return RedirectToPage(new { Role, Unit, Person, p = PageNumber });
        }
        await LoadAsync(actor, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken ct)
    {
        if (await AdminAsync(ct) is not { } actor) return Forbid();
        if (await TryAsync(() => roles.RemoveAsync(actor, id, ct)))
        {
            Flash("roles.removed");
            return RedirectToPage(new { Role, Unit, Person, p = PageNumber });
        }
        await LoadAsync(actor, ct);
        return Page();
    }

    /// <summary>The unit kinds the chosen role allows; null when it takes no unit or none is chosen.</summary>
    public Domain.Organisation.OrgUnitKind[]? Kinds => NewRole is { } r ? RoleAssignmentService.UnitKindsFor(r) : null;

    private async Task<Actor?> AdminAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        return actor.Holds(Domain.Access.Role.UniversityAdmin) && actor.UniversityId is not null ? actor : null;
    }

    private async Task LoadAsync(Actor actor, CancellationToken ct)
    {
        List = await roles.ListAsync(actor, new RoleFilter(Role, null, Unit, Person, PageNumber), ct);
        if (!string.IsNullOrWhiteSpace(PersonQ)) People = (await roles.PeopleAsync(actor, PersonQ, 1, ct)).Items;
        if (Kinds is { Length: > 0 } kinds)
        {
            // One query per allowed kind (at most three), active units only: new roles go to units in use.
            var found = new List<StructureRow>();
            foreach (var k in kinds) found.AddRange((await structure.UnitsAsync(actor.UniversityId!.Value, k, null, UnitQ, 1, ct)).Items.Where(u => u.IsActive));
            Units = found.Take(30).ToList();
        }
    }
}
