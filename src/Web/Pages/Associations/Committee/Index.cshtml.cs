using Microsoft.AspNetCore.Mvc;
using ReformFlow.Domain.Associations;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;

namespace ReformFlow.Web.Pages.Associations.Committee;

/// <summary>AS-1.8: the review committee's composition for its readers; administrators seat people and end seats. Same service as the API.</summary>
public sealed class IndexModel(CurrentActor current, CommitteeService service, CommitteeQueries queries) : AppPageModel
{
    public CommitteeView View { get; private set; } = null!;
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public CommitteeSeatRole? SeatRole { get; set; }
    [BindProperty] public CommitteeConstituency? Constituency { get; set; }
    [BindProperty] public Guid? DepartmentId { get; set; }
    [BindProperty] public DateTime? Since { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Forbid();

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var form = new SeatForm(UserName, SeatRole, Constituency, DepartmentId, Since is { } d ? DateOnly.FromDateTime(d) : null);
        if (await TryAsync(() => service.AddSeatAsync(actor, form, ct)))
        {
            Flash("committee.seated", UserName ?? "");
            return RedirectToPage();
        }
        return await LoadAsync(ct) ? Page() : Forbid();
    }

    public async Task<IActionResult> OnPostEndAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await TryAsync(() => service.EndSeatAsync(actor, id, null, ct)))
        {
            Flash("committee.ended");
            return RedirectToPage();
        }
        return await LoadAsync(ct) ? Page() : Forbid();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!CommitteeQueries.MaySee(actor) || actor.UniversityId is null) return false;
        View = await queries.GetAsync(actor, ct);
        return true;
    }
}
