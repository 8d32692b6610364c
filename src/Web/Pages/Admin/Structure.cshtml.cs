using Microsoft.AspNetCore.Mvc;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Organisation;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Organisation;

namespace ReformFlow.Web.Pages.Admin;

/// <summary>What the add/edit form posts; which fields count depends on the kind of item.</summary>
public sealed class StructureInput
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? NameEn { get; set; }
    public Guid? CollegeId { get; set; }
    public Guid? MajorId { get; set; }
    public int? Grade { get; set; }
    public OrgUnitKind? UnitKind { get; set; }
}

/// <summary>The university's structure for its administrators, one kind at a time, 50 to a page; the same service as the admin API.</summary>
public sealed class StructureModel(CurrentActor current, StructureService service, StructureQueries queries) : AppPageModel
{
    [BindProperty(SupportsGet = true)] public StructureKind Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    // "page" is Razor Pages' own route value (the page's path), so the page number travels as "p".
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public Guid? Edit { get; set; }
    [BindProperty] public StructureInput Input { get; set; } = new();

    public Paged<StructureRow> List { get; private set; } = new([], 1, StructureQueries.PageSize, 0);
    public IReadOnlyList<StructureRow> Colleges { get; private set; } = [];
    public IReadOnlyList<StructureRow> Majors { get; private set; } = [];
    public StructureRow? Editing { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await AdminAsync(ct) is not { } actor) return Forbid();
        await LoadAsync(actor, ct);
        if (Edit is { } id && List.Items.FirstOrDefault(r => r.Id == id) is { } row)
        {
            Editing = row;
            Input = new StructureInput { Code = row.Code, Name = row.Name, NameEn = row.NameEn, Grade = row.Grade, UnitKind = row.Kind,
                CollegeId = Kind == StructureKind.Major || Kind == StructureKind.Unit ? row.ParentId : null, MajorId = Kind == StructureKind.Class ? row.ParentId : null };
        }
        return Page();
    }

    /// <summary>Adds an item, or edits the one named by <paramref name="id"/>.</summary>
    public async Task<IActionResult> OnPostSaveAsync(Guid? id, CancellationToken ct)
    {
        if (await AdminAsync(ct) is not { } actor) return Forbid();
        var i = Input;
        var saved = await TryAsync(() => (Kind, id) switch
        {
            (StructureKind.College, null) => service.CreateCollegeAsync(actor, new CollegeForm(i.Code, i.Name, i.NameEn), ct),
            (StructureKind.College, { } e) => service.EditCollegeAsync(actor, e, new CollegeForm(i.Code, i.Name, i.NameEn), ct),
            (StructureKind.Major, null) => service.CreateMajorAsync(actor, new MajorForm(i.CollegeId, i.Name, i.NameEn), ct),
            (StructureKind.Major, { } e) => service.EditMajorAsync(actor, e, new MajorForm(i.CollegeId, i.Name, i.NameEn), ct),
            (StructureKind.Class, null) => service.CreateClassAsync(actor, new ClassForm(i.MajorId, i.Grade, i.Name, i.NameEn), ct),
            (StructureKind.Class, { } e) => service.EditClassAsync(actor, e, new ClassForm(i.MajorId, i.Grade, i.Name, i.NameEn), ct),
            (_, null) => service.CreateUnitAsync(actor, new UnitForm(i.UnitKind, i.Name, i.NameEn, i.CollegeId), ct),
            (_, { } e) => service.EditUnitAsync(actor, e, new UnitForm(i.UnitKind, i.Name, i.NameEn, i.CollegeId), ct),
        });
        if (saved)
        {
            Flash("structure.saved");
            return RedirectToPage(new { Kind, Q, p = PageNumber });
        }
        Edit = id;
        await LoadAsync(actor, ct);
        Editing = id is null ? null : List.Items.FirstOrDefault(r => r.Id == id);
        return Page();
    }

    public async Task<IActionResult> OnPostActiveAsync(Guid id, bool active, CancellationToken ct)
    {
        if (await AdminAsync(ct) is not { } actor) return Forbid();
        if (await TryAsync(() => service.SetActiveAsync(actor, Kind, id, active, ct)))
        {
            Flash(active ? "structure.reactivated" : "structure.deactivated");
            return RedirectToPage(new { Kind, Q, p = PageNumber });
        }
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
        var uni = actor.UniversityId!.Value;
        List = Kind switch
        {
            StructureKind.College => await queries.CollegesAsync(uni, Q, PageNumber, ct),
            StructureKind.Major => await queries.MajorsAsync(uni, null, Q, PageNumber, ct),
            StructureKind.Class => await queries.ClassesAsync(uni, null, null, null, Q, PageNumber, ct),
            _ => await queries.UnitsAsync(uni, null, null, Q, PageNumber, ct),
        };
        if (Kind is StructureKind.Major or StructureKind.Unit) Colleges = await queries.ActiveCollegesAsync(uni, ct);
        if (Kind is StructureKind.Class) Majors = await queries.ActiveMajorsAsync(uni, ct);
    }
}
