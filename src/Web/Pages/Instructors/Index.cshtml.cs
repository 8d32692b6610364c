using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Api;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Localization;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Pages.Instructors;

/// <summary>
/// AS-2.1: the instructor bank as a table for everyone of the university; the student work department
/// also sees the forms to add, remove (with a reason) and record Party membership, and the removals.
/// </summary>
public sealed class IndexModel(CurrentActor current, XlsxExport export) : AppPageModel
{
    public const string WarningKey = "BankWarning";

    public Paged<InstructorBankRow> List { get; private set; } = new([], 1, ListQuery.DefaultPageSize, 0);
    public IReadOnlyList<StructureRow> Colleges { get; private set; } = [];
    // The list's search, filters, sort and page, from the query string (links keep them).
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? CollegeId { get; set; }
    [BindProperty(SupportsGet = true)] public bool? PartyMember { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    [FromQuery(Name = "pageSize")] public int? PageSize { get; set; }
    public bool Filtered => Q is not null || CollegeId is not null || PartyMember is not null;
    public IReadOnlyList<(string StaffNumber, string Name)> Candidates { get; private set; } = [];
    public IReadOnlyList<InstructorBankRemoval> Removals { get; private set; } = [];
    public bool CanManage { get; private set; }
    /// <summary>After a refused form, the field or the removal form to show again as the person left it.</summary>
    public string? RefusedAdd { get; private set; }
    public string? RefusedRemoval { get; private set; }

    [BindProperty] public string? StaffNumber { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        InstructorBankChange? change = null;
        if (await TryAsync(async () => change = await Service.AddAsync(actor, StaffNumber ?? "", ct)))
        {
            Flash("instructors.added-flash", change!.Name, change.StaffNumber);
            return RedirectToPage();
        }
        RefusedAdd = StaffNumber;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        InstructorBankChange? change = null;
        if (await TryAsync(async () => change = await Service.RemoveAsync(actor, StaffNumber ?? "", Reason, ct)))
        {
            Flash("instructors.removed-flash", change!.Name, change.StaffNumber);
            Warn(change);
            return RedirectToPage();
        }
        RefusedRemoval = StaffNumber;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPartyAsync(bool isPartyMember, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        InstructorBankChange? change = null;
        if (await TryAsync(async () => change = await Service.RecordPartyMembershipAsync(actor, StaffNumber ?? "", isPartyMember, ct)))
        {
            Flash(change!.IsPartyMember ? "instructors.party-flash" : "instructors.not-party-flash", change.Name, change.StaffNumber);
            Warn(change);
            return RedirectToPage();
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Every instructor the bank list shows with these filters, as .xlsx (XlsxExport).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (actor.UniversityId is null) return Forbid();
        return export.File(Request, "instructors", "instructors.title",
            await Service.ListAsync(actor, XlsxExport.All(ListQuery.Of(PageNumber, PageSize, Sort, Q)), new BankFilter(CollegeId, PartyMember), ct), Columns);
    }

    public static readonly XlsxColumn<InstructorBankRow>[] Columns =
    [
        new("instructors.staff-number", i => i.StaffNumber), new("instructors.name", i => i.Name),
        new("instructors.college", i => XlsxExport.English ? i.CollegeEn : i.College), new("instructors.party-member", i => i.IsPartyMember),
        new("instructors.since", i => i.InBankSince),
        new("instructors.guiding", i => i.RunningAppointments, ReformFlow.Domain.Associations.FoundingRules.MaxAssociationsPerInstructor),
    ];

    private InstructorBankService Service => InstructorBankApi.Service(HttpContext);

    private void Warn(InstructorBankChange change)
    {
        if (change.Warnings.Count > 0) TempData[WarningKey] = string.Join(" ", change.Warnings.Select(ApiExceptionHandler.Describe));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var svc = Service;
        if (actor.UniversityId is null)
        {
            ModelState.AddModelError("", Texts.Get("access.bank-university-only"));
            return;
        }
        List = await svc.ListAsync(actor, ListQuery.Of(PageNumber, PageSize, Sort, Q), new BankFilter(CollegeId, PartyMember), ct);
        Colleges = await HttpContext.RequestServices.GetRequiredService<StructureQueries>().ActiveCollegesAsync(actor.UniversityId.Value, ct);
        CanManage = svc.CanManage(actor);
        if (!CanManage) return;
        Candidates = await svc.CandidatesAsync(actor, ct);
        Removals = await svc.RemovalsAsync(actor, 20, ct);
    }
}
