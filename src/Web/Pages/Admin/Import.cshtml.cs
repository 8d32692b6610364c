using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Localization;
using ReformFlow.Workflows.Roster;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Pages.Admin;

/// <summary>
/// Roster import of the kind chosen (students, teachers, a semester's academic records): upload, look at the preview
/// (counts, errors by row and column, students missing), confirm. Each kind has its template.
/// </summary>
[RequestSizeLimit(RequestBodyLimits.RosterUpload)]
public sealed class ImportModel(CurrentActor current, StudentImportService students, TeacherImportService teachers, AcademicImportService academic) : AppPageModel
{
    public const int MaxErrorsShown = 500;

    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    [BindProperty(SupportsGet = true)] public RosterKind Kind { get; set; }
    /// <summary>The student preview (with classes and students missing).</summary>
    public StudentImportPreview? Preview { get; private set; }
    /// <summary>The teacher or academic-records preview.</summary>
    public RosterImportPreview? Other { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!RosterUploads.MayImport(actor)) return Forbid();
        if (Id is { } id)
        {
            try { await LoadAsync(actor, id, ct); }
            catch (NotFoundException) { ModelState.AddModelError("", Texts.Get("import.not-found")); }
        }
        return Page();
    }

    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken ct)
    {
        if (!RosterUploads.MayImport(await current.GetAsync(ct))) return Forbid();
        var (content, name) = Kind switch
        {
            RosterKind.Teachers => (TeacherImportService.Template(), "teachers-template.xlsx"),
            RosterKind.AcademicRecords => (AcademicImportService.Template(), "academic-records-template.xlsx"),
            _ => (StudentImportService.Template(), "students-template.xlsx"),
        };
        return File(content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, bool fullRoster, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!RosterUploads.MayImport(actor)) return Forbid();
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("", Texts.Get("import.empty-file"));
            return Page();
        }
        Guid? id = null;
        if (!await TryAsync(async () =>
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                var content = buffer.ToArray();
                id = Kind switch
                {
                    RosterKind.Teachers => (await teachers.UploadAsync(actor, file.FileName, content, ct)).Id,
                    RosterKind.AcademicRecords => (await academic.UploadAsync(actor, file.FileName, content, ct)).Id,
                    _ => (await students.UploadAsync(actor, file.FileName, content, fullRoster, ct)).Id,
                };
            }))
            return Page();
        return RedirectToPage(new { id, kind = Kind });
    }

    public async Task<IActionResult> OnPostConfirmAsync(Guid id, MissingStudentsBecome? missingBecome, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!RosterUploads.MayImport(actor)) return Forbid();
        if (!await TryAsync(async () =>
            {
                switch (Kind)
                {
                    case RosterKind.Teachers:
                        var t = await teachers.ConfirmAsync(actor, id, ct);
                        Flash("import.teachers-done", t.Created, t.Updated, t.Unchanged, t.PartyMembershipsChanged);
                        break;
                    case RosterKind.AcademicRecords:
                        var a = await academic.ConfirmAsync(actor, id, ct);
                        Flash("import.academic-done", a.Updated, a.Unchanged, a.PunishmentsChanged, a.CadresFlagged, a.CadresCleared);
                        break;
                    default:
                        var r = await students.ConfirmAsync(actor, id, missingBecome, ct);
                        Flash("import.done", r.Created, r.Updated, r.Unchanged, r.MissingChanged, r.MembershipsEnded, r.CadresFlagged);
                        break;
                }
            }))
        {
            Id = id;
            try { await LoadAsync(actor, id, ct); } catch (NotFoundException) { }
            return Page();
        }
        return RedirectToPage(new { id = (Guid?)null, kind = Kind });
    }

    private async Task LoadAsync(Workflows.Access.Actor actor, Guid id, CancellationToken ct)
    {
        switch (Kind)
        {
            case RosterKind.Teachers: Other = await teachers.PreviewAsync(actor, id, ct); break;
            case RosterKind.AcademicRecords: Other = await academic.PreviewAsync(actor, id, ct); break;
            default: Preview = await students.PreviewAsync(actor, id, ct); break;
        }
    }
}
