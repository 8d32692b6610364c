using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Roster;

namespace ReformFlow.Web.Api;

/// <summary>
/// Student roster import: upload a file for a preview, look at it again, confirm it. Refusals (role, another
/// university, errors in the file) come back as problem details from the services' exceptions.
/// </summary>
public static class RosterImportApi
{
    public sealed record ConfirmBody(MissingStudentsBecome? MissingBecome = null);

    public static void Map(RouteGroupBuilder g)
    {
        // Multipart uploads are form posts a browser could forge: bearer tokens only, as for the charter; the page has its own antiforgery-checked form.
        g.MapPost("", async Task<Ok<StudentImportPreview>> (IFormFile file, [FromForm] bool? fullRoster, CurrentActor current, StudentImportService imports, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            var content = await ReadAsync(file, ct);
            return TypedResults.Ok(await imports.UploadAsync(actor, file.FileName, content, fullRoster ?? false, ct));
        }).DisableAntiforgery().WithBodyLimit(RequestBodyLimits.RosterUpload)
          .RequireAuthorization(p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser())
          .WithSummary("Upload a student roster (.xlsx or CSV in UTF-8 or GB18030; form fields file and fullRoster): the preview, nothing written (bearer token only)");

        g.MapGet("/{id:guid}", async Task<Ok<StudentImportPreview>> (Guid id, CurrentActor current, StudentImportService imports, CancellationToken ct) =>
            TypedResults.Ok(await imports.PreviewAsync(await current.GetAsync(ct), id, ct)))
          .WithSummary("The preview again, computed against the database as it is now: counts, errors by row and column, students missing from a full roster");

        g.MapPost("/{id:guid}/confirm", async Task<Ok<StudentImportResult>> (Guid id, ConfirmBody? body, CurrentActor current, StudentImportService imports, CancellationToken ct) =>
            TypedResults.Ok(await imports.ConfirmAsync(await current.GetAsync(ct), id, body?.MissingBecome, ct)))
          .WithSummary("Write the import, all or nothing; missingBecome (Unchanged, Graduated, Withdrawn) is required when a full roster leaves students out");

        g.MapGet("/template.xlsx", async Task<Results<FileContentHttpResult, ForbidHttpResult>> (CurrentActor current, CancellationToken ct) =>
            StudentImportService.MayImport(await current.GetAsync(ct))
                ? TypedResults.File(StudentImportService.Template(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "students-template.xlsx")
                : TypedResults.Forbid())
          .WithSummary("An empty workbook with the roster's column headers");
    }

    private static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
