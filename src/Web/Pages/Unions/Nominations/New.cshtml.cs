using Microsoft.AspNetCore.Mvc;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Unions;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Localization;
using ReformFlow.Workflows.Unions;

namespace ReformFlow.Web.Pages.Unions.Nominations;

/// <summary>
/// The recommending body puts a student forward and recommends at once (SU-5.2/5.3 from a college league
/// organisation, SU-5.4 from a class league branch). An ineligible student is refused with every reason; nothing is created.
/// </summary>
public sealed class NewModel(CurrentActor current, UnionQueries unions, UnionService service, ReformFlowDb db) : AppPageModel
{
    [BindProperty(SupportsGet = true)] public Guid UnionId { get; set; }
    [BindProperty] public SelectionChain? Chain { get; set; }
    [BindProperty] public string? StudentNumber { get; set; }
    [BindProperty] public PositionKind Kind { get; set; }
    [BindProperty] public Guid? DepartmentId { get; set; }
    [BindProperty] public string? Statement { get; set; }
    [BindProperty] public string? Justification { get; set; }

    public UnionView Union { get; private set; } = null!;
    /// <summary>The chains this viewer recommends for in this union: CollegeLeague → SU-5.2/5.3 at school level; ClassLeagueBranch → SU-5.4 in its college.</summary>
    public IReadOnlyList<SelectionChain> Chains { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Chain ??= Chains.FirstOrDefault();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var actor = await current.GetAsync(ct);
        if (Chain is not { } chain || !Chains.Contains(chain))
        {
            ModelState.AddModelError("", Texts.Get("nominations.choose-chain"));
            return Page();
        }
        // A presidium seat belongs to no department: a department left selected from an earlier choice is not sent.
        var department = Kind == PositionKind.PresidiumMember ? null : DepartmentId;
        var input = new NominateInput(chain, UnionId, StudentNumber ?? "", Kind, department, Statement ?? "", Justification);
        Guid id = default;
        var created = await TryAsync(async () =>
        {
            var instance = await service.NominateAsync(actor, input, ct);
            id = instance.Id;
            await service.ActAsync(actor, instance.Id, "Recommend", null, instance.Version, Justification, null, ct);
        });
        if (id == default) return Page();
        // Created but not recommended (the records changed in between): the details page shows why and the Recommend button.
        Flash(created ? "nominations.recommended" : "nominations.created-not-recommended");
        return RedirectToPage("Details", new { id });
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var union = await unions.GetAsync(actor, UnionId, ct);
        if (union is null) return false;
        Union = union;
        Chains = await Recommenders.ChainsActorMayOpenAsync(db, actor, union.Summary.Level, union.CollegeId, ct);
        return true;
    }
}
