using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Web.Api;

/// <summary>
/// A draft. Name, category, purpose and guidance unit are required (missing: 400); a declaration left out
/// is not made (AS-1.6 then refuses the submission); on an edit, expectedVersion (when sent) must be current.
/// </summary>
public sealed record DraftRequest(
    string Name, AssociationCategory Category, string Purpose, Guid GuidanceUnitId, string? CharterText = null,
    bool DeclaresNoOutsideSponsor = false, bool DeclaresNoForeignAffairs = false, IReadOnlyList<string>? InstructorStaffNumbers = null, int? ExpectedVersion = null)
{
    public DraftForm ToForm() => new(Name, Category, Purpose, GuidanceUnitId, CharterText, DeclaresNoOutsideSponsor, DeclaresNoForeignAffairs, InstructorStaffNumbers ?? []);
}

public sealed record SponsorsRequest(IReadOnlyList<string> StudentNumbers);

/// <summary>An action on an application. Decisions need <see cref="ExpectedVersion"/>: the version the caller saw.</summary>
public sealed record ActionBody(string? Comment = null, int? ExpectedVersion = null, CommitteeVote? Vote = null);

public static class AssociationApplicationsApi
{
    public static void Map(RouteGroupBuilder g)
    {
        g.MapGet("/", async ([AsParameters] ListParams list, FoundingProcess.State? state, AssociationCategory? category, Guid? collegeId, int? year,
                HttpContext http, CurrentActor current, FoundingQueries q, XlsxExport export, CancellationToken ct) =>
            {
                var actor = await current.GetAsync(ct);
                var filter = new ApplicationFilter(state, category, collegeId, year);
                return list.IsXlsx
                    ? export.Result(http.Request, "applications", "applications.title", await q.ListAsync(actor, XlsxExport.All(list.ToQuery()), filter, ct), Pages.Associations.Applications.IndexModel.Columns)
                    : TypedResults.Ok(await q.ListAsync(actor, list.ToQuery(), filter, ct));
            })
            .WithSummary("Applications I may see, a page at a time: page, pageSize (≤ 100), sort (updated|name|state|category, -key descending), q (name, initiator), state, category, collegeId (the initiator's college), year (started); format=xlsx for every matching row");

        g.MapGet("/instructor-warnings", async (AssociationCategory category, string[]? instructors, CurrentActor current, DraftChecks checks, CancellationToken ct) =>
            {
                var reasons = await checks.InstructorWarningsAsync(await current.GetAsync(ct), category, ReformFlow.Web.Pages.Associations.Applications.DraftFields.Split(instructors), ct);
                // The message without the measure ID: the draft form shows it to students (the ID travels in its own field).
                return TypedResults.Ok(new { warnings = reasons.Select(r => new { measureId = r.MeasureId, code = r.Key, message = ReformFlow.Workflows.Localization.Texts.Get(r.Key, r.Args) }).ToList() });
            })
            .WithSummary("AS-2.2 at once: which of these instructors (staff numbers) may not guide an association of this category; the draft form asks as you choose");

        g.MapGet("/{id:guid}", async (Guid id, CurrentActor current, FoundingQueries q, CancellationToken ct) =>
            await q.GetAsync(await current.GetAsync(ct), id, ct) is { } view ? Results.Ok(view) : Results.NotFound())
            .WithSummary("One application: state, version, sponsors, instructors, history, my available actions, diagram");

        g.MapPost("/", async (DraftRequest body, CurrentActor current, FoundingService svc, FoundingQueries q, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            var instance = await svc.CreateDraftAsync(actor, body.ToForm(), ct);
            return Results.Created($"/api/v1/association-applications/{instance.Id}", await q.GetAsync(actor, instance.Id, ct));
        }).WithSummary("Start a draft application (students)");

        g.MapPut("/{id:guid}", async (Guid id, DraftRequest body, CurrentActor current, FoundingService svc, FoundingQueries q, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            await svc.EditDraftAsync(actor, id, body.ToForm(), body.ExpectedVersion, ct);
            return Results.Ok(await q.GetAsync(actor, id, ct));
        }).WithSummary("Edit a draft (initiator); send the expectedVersion you saw: if someone changed it since, 409");

        g.MapPost("/{id:guid}/sponsors", async (Guid id, SponsorsRequest body, CurrentActor current, FoundingService svc, FoundingQueries q, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            await svc.InviteSponsorsAsync(actor, id, body.StudentNumbers ?? [], ct);
            return Results.Ok(await q.GetAsync(actor, id, ct));
        }).WithSummary("Invite sponsors by student number (initiator)");

        g.MapDelete("/{id:guid}/sponsors/{studentNumber}", async (Guid id, string studentNumber, CurrentActor current, FoundingService svc, FoundingQueries q, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            await svc.RemoveSponsorAsync(actor, id, studentNumber, ct);
            return Results.Ok(await q.GetAsync(actor, id, ct));
        }).WithSummary("Remove an invited sponsor (initiator)");

        // Multipart uploads are form posts a browser could forge: this endpoint takes bearer tokens only; the UI uses its own antiforgery-checked form.
        g.MapPost("/{id:guid}/charter", async (Guid id, IFormFile file, CurrentActor current, FoundingService svc, FoundingQueries q, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            await using var stream = file.OpenReadStream();
            await svc.AttachCharterAsync(actor, id, file.FileName, stream, ct);
            return Results.Ok(await q.GetAsync(actor, id, ct));
        }).DisableAntiforgery().WithBodyLimit(RequestBodyLimits.CharterUpload).RequireAuthorization(p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser())
          .WithSummary("Attach the charter as PDF or DOCX, at most 5 MB (bearer token only)");

        g.MapGet("/{id:guid}/charter", async (Guid id, CurrentActor current, FoundingQueries q, ReformFlowDb db, CancellationToken ct) =>
        {
            var view = await q.GetAsync(await current.GetAsync(ct), id, ct);
            if (view?.CharterAttachmentId is not { } aid) return Results.NotFound();
            var file = await db.Attachments.AsNoTracking().SingleAsync(a => a.Id == aid, ct);
            return Results.File(file.Content, file.ContentType, file.FileName);
        }).WithSummary("Download the attached charter");

        g.MapPost("/{id:guid}/actions/{action}", async (Guid id, string action, ActionBody? body, CurrentActor current, FoundingService svc, FoundingQueries q, CancellationToken ct) =>
        {
            var actor = await current.GetAsync(ct);
            await svc.ActAsync(actor, id, action, body?.Comment, body?.ExpectedVersion, body?.Vote, ct);
            return Results.Ok(await q.GetAsync(actor, id, ct));
        }).WithSummary("Fire an action listed in the application's 'actions' (Submit, ConfirmSponsorship, AcceptInstruction, GuidanceApprove, CommitteeApprove, …)");
    }
}
