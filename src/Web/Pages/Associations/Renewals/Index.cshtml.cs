using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Instructors;

namespace ReformFlow.Web.Pages.Associations.Renewals;

/// <summary>An association's instructor renewals, and the leaders' form to propose one (AS-2.1, AS-2.2, AS-1.3).</summary>
public sealed class IndexModel(CurrentActor current, InstructorRenewalService renewals, InstructorRenewalQueries queries) : AppPageModel
{
    public Guid AssociationId { get; private set; }
    public IReadOnlyList<RenewalRow> Rows { get; private set; } = [];
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

    private async Task<bool> LoadAsync(Guid associationId, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await queries.ListAsync(actor, associationId, ct) is not { } rows) return false;
        AssociationId = associationId;
        Rows = rows;
        CanPropose = await queries.CanProposeAsync(actor, associationId, ct);
        return true;
    }
}
