using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Localization;
using ReformFlow.Workflows.Roster;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Pages.Admin;

/// <summary>Student roster import: upload, look at the preview (counts, errors by row and column, students missing), confirm.</summary>
[RequestSizeLimit(RequestBodyLimits.RosterUpload)]
public sealed class ImportModel(CurrentActor current, StudentImportService imports) : AppPageModel
{
    public const int MaxErrorsShown = 500;

    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    public StudentImportPreview? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!StudentImportService.MayImport(actor)) return Forbid();
        if (Id is { } id)
        {
            try { Preview = await imports.PreviewAsync(actor, id, ct); }
            catch (NotFoundException) { ModelState.AddModelError("", Texts.Get("import.not-found")); }
        }
        return Page();
    }

    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken ct) =>
        StudentImportService.MayImport(await current.GetAsync(ct))
            ? File(StudentImportService.Template(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "students-template.xlsx")
            : Forbid();

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, bool fullRoster, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!StudentImportService.MayImport(actor)) return Forbid();
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("", Texts.Get("import.empty-file"));
            return Page();
        }
        StudentImportPreview? preview = null;
        if (!await TryAsync(async () =>
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                preview = await imports.UploadAsync(actor, file.FileName, buffer.ToArray(), fullRoster, ct);
            }))
            return Page();
        return RedirectToPage(new { id = preview!.Id });
    }

    public async Task<IActionResult> OnPostConfirmAsync(Guid id, MissingStudentsBecome? missingBecome, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!StudentImportService.MayImport(actor)) return Forbid();
        StudentImportResult? result = null;
        if (!await TryAsync(async () => result = await imports.ConfirmAsync(actor, id, missingBecome, ct)))
        {
            Id = id;
            try { Preview = await imports.PreviewAsync(actor, id, ct); } catch (NotFoundException) { }
            return Page();
        }
        var r = result!;
        Flash("import.done", r.Created, r.Updated, r.Unchanged, r.MissingChanged, r.MembershipsEnded, r.CadresFlagged);
        return RedirectToPage(new { id = (Guid?)null });
    }
}
