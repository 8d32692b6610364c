using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Pages.Associations;

/// <summary>One registered association: its status, joining and leaving, the leaders' pending requests and the roster.</summary>
public sealed class DetailsModel(CurrentActor current, IServiceProvider services) : AppPageModel
{
    private MembershipService Membership => services.GetRequiredService<MembershipService>();
    private SanctionService Sanctions => services.GetRequiredService<SanctionService>();

    public AssociationView View { get; private set; } = null!;
    public IReadOnlyList<MembershipRequestView> Requests { get; private set; } = [];
    public Paged<MemberView> Roster { get; private set; } = new([], 1, ListQuery.DefaultPageSize, 0);
    // The roster's search, filter, sort and page, from the query string (links keep them).
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public Domain.Associations.MemberRole? Role { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? CollegeId { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    public IReadOnlyList<StructureRow> Colleges { get; private set; } = [];
    /// <summary>The years the roster's members joined in, for its year filter.</summary>
    public IReadOnlyList<int> Years { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public int? PageNumber { get; set; }
    [FromQuery(Name = "pageSize")] public int? PageSize { get; set; }
    public bool RosterFiltered => Q is not null || Role is not null || CollegeId is not null || Year is not null;
    [BindProperty] public string? Message { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? RemovalReason { get; set; }
    /// <summary>AS-1.10: the committee's decisions, newest first, and whether the viewer (the chair) may decide.</summary>
    public IReadOnlyList<SanctionView> History { get; private set; } = [];
    public bool CanSanction { get; private set; }
    [BindProperty] public string? SanctionReason { get; set; }
    [BindProperty] public DateOnly? ReviewOn { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostJoinAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, (svc, actor) => svc.ApplyAsync(actor, id, Message, ct), _ => Flash("associations.requested"), ct);

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid requestId, CancellationToken ct) =>
        ActAsync(id, (svc, actor) => svc.WithdrawAsync(actor, requestId, ct), _ => Flash("associations.withdrawn"), ct);

    public Task<IActionResult> OnPostAcceptAsync(Guid id, Guid requestId, CancellationToken ct) =>
        ActAsync(id, (svc, actor) => svc.AcceptAsync(actor, requestId, ct), r => Flash("associations.accepted", r.Name), ct);

    public Task<IActionResult> OnPostRefuseAsync(Guid id, Guid requestId, CancellationToken ct)
    {
        RefusingRequestId = requestId;
        return ActAsync(id, (svc, actor) => svc.RefuseAsync(actor, requestId, Reason, ct), r => Flash("associations.refused", r.Name), ct);
    }

    /// <summary>A leader removes a member; the reason comes from the row's own field (RemovalReason).</summary>
    public Task<IActionResult> OnPostRemoveAsync(Guid id, string studentNumber, CancellationToken ct)
    {
        RemovingNumber = studentNumber;
        return ActAsync(id, async (svc, actor) => { await svc.RemoveMemberAsync(actor, id, studentNumber, RemovalReason, ct); return studentNumber; },
            n => Flash("associations.member-removed", n), ct);
    }

    /// <summary>The request a refused "refuse" was about: its row's reason field shows the typed reason again.</summary>
    public Guid? RefusingRequestId { get; private set; }
    /// <summary>The member a refused removal was about: their row's reason field shows the typed reason again.</summary>
    public string? RemovingNumber { get; private set; }

    public Task<IActionResult> OnPostLeaveAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, async (svc, actor) => { await svc.LeaveAsync(actor, id, ct); return (MembershipRequestView?)null; }, _ => Flash("associations.left"), ct);

    public Task<IActionResult> OnPostSanctionAsync(Guid id, Domain.Associations.SanctionAction decision, CancellationToken ct) =>
        ActAsync(id, (_, actor) => Sanctions.DecideAsync(actor, id, decision, new SanctionInput(SanctionReason, ReviewOn), ct),
            r => Flash("associations.sanction-done", r.Action), ct);

    private async Task<IActionResult> ActAsync<T>(Guid id, Func<MembershipService, Workflows.Access.Actor, Task<T>> work, Action<T> done, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var result = default(T);
        if (await TryAsync(async () => result = await work(Membership, actor)))
        {
            done(result!);
            return RedirectToPage(new { id });
        }
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    /// <summary>
    /// The whole roster with these filters, as .xlsx (XlsxExport), for those who may see it; RosterAsync refuses the others
    /// (access.roster), the same as the page and the API.
    /// </summary>
    public async Task<IActionResult> OnGetExportAsync(Guid id, CancellationToken ct) =>
        services.GetRequiredService<XlsxExport>().File(Request, "roster", "associations.roster",
            await Membership.RosterAsync(await current.GetAsync(ct), id, XlsxExport.All(RosterQuery), new RosterFilter(Role, CollegeId, Year), ct), RosterColumns);

    private ListQuery RosterQuery => ListQuery.Of(PageNumber, PageSize, Sort, Q);

    public static readonly XlsxColumn<MemberView>[] RosterColumns =
    [
        new("details.student-number", m => m.StudentNumber), new("details.person", m => m.Name),
        new("details.college", m => XlsxExport.English ? m.CollegeEn : m.College), new("associations.grade", m => m.Grade),
        new("associations.member-role", m => m.Role), new("associations.joined", m => m.JoinedAt),
    ];

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var view = await Membership.GetAsync(actor, id, ct);
        if (view is null) return false;
        View = view;
        if (view.Me.IsLeader) Requests = await Membership.PendingRequestsAsync(actor, id, ct);
        if (view.Me.CanSeeRoster)
        {
            Roster = await Membership.RosterAsync(actor, id, RosterQuery, new RosterFilter(Role, CollegeId, Year), ct);
            Years = await Membership.RosterYearsAsync(id, ct);
            if (actor.UniversityId is { } uni) Colleges = await services.GetRequiredService<StructureQueries>().ActiveCollegesAsync(uni, ct);
        }
        History = await Sanctions.HistoryAsync(actor, id, ct) ?? [];
        CanSanction = actor.UniversityId is { } university && SanctionService.MayDecide(actor, university);
        return true;
    }
}
