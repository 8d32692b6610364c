using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Instructors;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Pages.Associations.Renewals;

/// <summary>An association's instructor renewals, and the leaders' form to propose one (AS-2.1, AS-2.2, AS-1.3).</summary>
public sealed class IndexModel(CurrentActor current, InstructorRenewalService renewals, InstructorRenewalQueries queries, XlsxExport export) : AppPageModel
{
    public Guid AssociationId { get; private set; }
    public Paged<RenewalRow> Rows { get; private set; } = new([], 1, ListQuery.DefaultPageSize, 0);
    public IReadOnlyList<int> Years { get; private set; } = [];
    // The list's search, filters, sort and page, from the query string (links keep them).
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public InstructorRenewalProcess.State? State { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    [FromQuery(Name = "pageSize")] public int? PageSize { get; set; }
    public bool Filtered => Q is not null || State is not null || Year is not null;
    public bool CanPropose { get; private set; }
    [BindProperty] public string? StaffNumber { get; set; }
    [BindProperty] public string? Comment { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid associationId, string? staffNumber, CancellationToken ct)
    {
        StaffNumber = staffNumber;
        return await LoadAsync(associationId, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(Guid associationId, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        Workflows.Runtime.WorkflowInstance? started = null;
        if (await TryAsync(async () => started = await renewals.ProposeAsync(actor, associationId, StaffNumber, Comment, ct)))
        {
            Flash("instructors.renewal-proposed");
            return RedirectToPage("Details", new { id = started!.Id });
        }
        return await LoadAsync(associationId, ct) ? Page() : NotFound();
    }

    /// <summary>Every renewal the list shows with these filters, as .xlsx (XlsxExport); 404 for those who may not see them.</summary>
    public async Task<IActionResult> OnGetExportAsync(Guid associationId, CancellationToken ct) =>
        await queries.ListAsync(await current.GetAsync(ct), associationId, XlsxExport.All(Query), Filter, ct) is { } all
            ? export.File(Request, "instructor-renewals", "instructors.renewal-title", all, Columns)
            : NotFound();

    private ListQuery Query => ListQuery.Of(PageNumber, PageSize, Sort, Q);
    private RenewalFilter Filter => new(State, Year);

    public static readonly XlsxColumn<RenewalRow>[] Columns =
    [
        new("details.when", r => r.ProposedAt), new("evaluations.teacher", r => r.Teacher), new("instructors.staff-number", r => r.StaffNumber),
        new("instructors.renewal-kind", r => Workflows.Localization.Texts.Get(r.IsReappointment ? "instructors.renewal-reappoint" : "instructors.renewal-another")),
        new("details.status", r => XlsxExport.State(r.State)), new("instructors.renewal-term-ends", r => r.TermEndsAt),
    ];

    private async Task<bool> LoadAsync(Guid associationId, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await queries.ListAsync(actor, associationId, Query, Filter, ct) is not { } rows) return false;
        AssociationId = associationId;
        Rows = rows;
        Years = await queries.YearsAsync(associationId, ct);
        CanPropose = await queries.CanProposeAsync(actor, associationId, ct);
        return true;
    }
}
