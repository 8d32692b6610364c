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

    /// <summary>Teachers (staff number, name, college, Party membership) and a semester's academic records and punishments: the same three steps.</summary>
    public static void MapTeachers(RouteGroupBuilder g) => MapKind(g, "teacher roster", "teachers-template.xlsx", TeacherImportService.Template,
        (s, a, name, content, ct) => s.GetRequiredService<TeacherImportService>().UploadAsync(a, name, content, ct),
        (s, a, id, ct) => s.GetRequiredService<TeacherImportService>().PreviewAsync(a, id, ct),
        async (s, a, id, ct) => await s.GetRequiredService<TeacherImportService>().ConfirmAsync(a, id, ct));

    public static void MapAcademicRecords(RouteGroupBuilder g) => MapKind(g, "semester's academic records and punishments", "academic-records-template.xlsx", AcademicImportService.Template,
        (s, a, name, content, ct) => s.GetRequiredService<AcademicImportService>().UploadAsync(a, name, content, ct),
        (s, a, id, ct) => s.GetRequiredService<AcademicImportService>().PreviewAsync(a, id, ct),
        async (s, a, id, ct) => await s.GetRequiredService<AcademicImportService>().ConfirmAsync(a, id, ct));

    private static void MapKind<TResult>(RouteGroupBuilder g, string what, string templateName, Func<byte[]> template,
        Func<IServiceProvider, Workflows.Access.Actor, string, byte[], CancellationToken, Task<RosterImportPreview>> upload,
        Func<IServiceProvider, Workflows.Access.Actor, Guid, CancellationToken, Task<RosterImportPreview>> preview,
        Func<IServiceProvider, Workflows.Access.Actor, Guid, CancellationToken, Task<TResult>> confirm)
    {
        g.MapPost("", async Task<Ok<RosterImportPreview>> (IFormFile file, HttpContext http, CurrentActor current, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            var content = await ReadAsync(file, ct);
            return TypedResults.Ok(await upload(http.RequestServices, actor, file.FileName, content, ct));
        }).DisableAntiforgery().WithBodyLimit(RequestBodyLimits.RosterUpload)
          .RequireAuthorization(p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser())
          .WithSummary($"Upload a {what} (.xlsx or CSV in UTF-8 or GB18030; form field file): the preview, nothing written (bearer token only)");

        g.MapGet("/{id:guid}", async Task<Ok<RosterImportPreview>> (Guid id, HttpContext http, CurrentActor current, CancellationToken ct) =>
            TypedResults.Ok(await preview(http.RequestServices, await current.GetAsync(ct), id, ct)))
          .WithSummary("The preview again, computed against the database as it is now: counts and errors by row and column");

        g.MapPost("/{id:guid}/confirm", async Task<Ok<TResult>> (Guid id, HttpContext http, CurrentActor current, CancellationToken ct) =>
            TypedResults.Ok(await confirm(http.RequestServices, await current.GetAsync(ct), id, ct)))
          .WithSummary("Write the import, all or nothing; a file with errors is refused");

        g.MapGet("/template.xlsx", async Task<Results<FileContentHttpResult, ForbidHttpResult>> (CurrentActor current, CancellationToken ct) =>
            RosterUploads.MayImport(await current.GetAsync(ct))
                ? TypedResults.File(template(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", templateName)
                : TypedResults.Forbid())
          .WithSummary("An empty workbook with the column headers (in Chinese)");
    }

    private static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
