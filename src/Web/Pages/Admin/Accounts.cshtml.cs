using Microsoft.AspNetCore.Mvc;
using ReformFlow.Domain.Access;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Organisation;

namespace ReformFlow.Web.Pages.Admin;

/// <summary>
/// Accounts of the university: issue first-sign-in links (the answer is the CSV list to print or hand out), find an
/// account and reset it (the new link is shown once here). The same services as /api/v1/admin/accounts.
/// </summary>
public sealed class AccountsModel(CurrentActor current, AccountService accounts, RoleAssignmentService people, StructureQueries structure,
    Microsoft.Extensions.Options.IOptions<Workflows.Email.AppOptions> app) : AppPageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty] public PersonKind? Kind { get; set; }
    [BindProperty] public Guid? CollegeId { get; set; }
    [BindProperty] public int? Grade { get; set; }

    public Paged<PersonRow> List { get; private set; } = new([], 1, 20, 0);
    public IReadOnlyList<StructureRow> Colleges { get; private set; } = [];
    public IssuedLink? ResetLink { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await AdminAsync(ct) is not { } actor) return Forbid();
        await LoadAsync(actor, ct);
        return Page();
    }

    /// <summary>Issues the links and answers the list as a CSV download; with nobody to issue to, says so on the page.</summary>
    public async Task<IActionResult> OnPostIssueAsync(CancellationToken ct)
    {
        if (await AdminAsync(ct) is not { } actor) return Forbid();
        IssueLinksResult? result = null;
        if (await TryAsync(async () => result = await accounts.IssueLinksAsync(actor, new IssueLinksForm(Kind, CollegeId, Grade), ct)))
        {
            if (result!.Issued > 0)
                return File(LinksCsv.Write(result.Links, app.Value.ToLocal), "text/csv; charset=utf-8", $"first-sign-in-links-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv");
            ModelState.AddModelError("", Workflows.Localization.Texts.Get("accounts.nobody-to-issue", result.Skipped.Count));
        }
        await LoadAsync(actor, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(string userName, CancellationToken ct)
    {
        if (await AdminAsync(ct) is not { } actor) return Forbid();
        if (await TryAsync(async () => ResetLink = await accounts.ResetAsync(actor, userName, ct))) Flash("accounts.reset-done", userName);
        await LoadAsync(actor, ct);
        return Page();
    }

    private async Task<Actor?> AdminAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        return actor.Holds(Role.UniversityAdmin) && actor.UniversityId is not null ? actor : null;
    }

    private async Task LoadAsync(Actor actor, CancellationToken ct)
    {
        List = await people.PeopleAsync(actor, Q, PageNumber, ct);
        Colleges = await structure.ActiveCollegesAsync(actor.UniversityId!.Value, ct);
    }
}
