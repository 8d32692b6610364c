using Microsoft.AspNetCore.Mvc;
using ReformFlow.Domain.Access;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Organisation;

namespace ReformFlow.Web.Pages.Admin;

/// <summary>The audit log of accounts, roles and roster imports, newest first; the same query as GET /api/v1/admin/audit.</summary>
public sealed class AuditModel(CurrentActor current, AuditQueries audit) : AppPageModel
{
    [BindProperty(SupportsGet = true)] public AuditKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Paged<AuditRow> List { get; private set; } = new([], 1, AuditQueries.PageSize, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!actor.Holds(Role.UniversityAdmin) || actor.UniversityId is not { } uni) return Forbid();
        List = await audit.ListAsync(uni, new AuditFilter(Kind, Actor, From, To, Q, PageNumber), ct);
        return Page();
    }

    public string PageLink(int page) =>
        $"/Admin/Audit?Kind={Kind}&Actor={Uri.EscapeDataString(Actor ?? "")}&From={From:yyyy-MM-dd}&To={To:yyyy-MM-dd}&Q={Uri.EscapeDataString(Q ?? "")}&p={page}";
}
