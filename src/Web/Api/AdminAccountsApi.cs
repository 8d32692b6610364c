using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ReformFlow.Domain.Access;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Organisation;

namespace ReformFlow.Web.Api;

/// <summary>
/// Accounts of imported people, role assignments and the audit log, for the university's administrators (issue 8).
/// Mapped into the admin group, whose filter lets only administrators in; the services check the university again.
/// </summary>
public static class AdminAccountsApi
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/accounts", async (string? q, int? page, CurrentActor current, RoleAssignmentService roles, CancellationToken ct) =>
                TypedResults.Ok(await roles.PeopleAsync(await current.GetAsync(ct), q, page ?? 1, ct)))
            .WithSummary("Accounts of the university, 20 a page, searched by user name (number) or name");

        admin.MapPost("/accounts/links", async Task<Results<Ok<IssueLinksResult>, FileContentHttpResult>> (IssueLinksForm? body, string? format, CurrentActor current,
            AccountService accounts, IOptions<AppOptions> app, CancellationToken ct) =>
        {
            var result = await accounts.IssueLinksAsync(await current.GetAsync(ct), body ?? new IssueLinksForm(), ct);
            return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
                ? TypedResults.File(LinksCsv.Write(result.Links, app.Value.ToLocal), "text/csv; charset=utf-8", "first-sign-in-links.csv")
                : TypedResults.Ok(result);
        }).WithSummary("Issue one-time first-sign-in links to imported students and teachers without a working account (body: kind Student|Teacher, collegeId, grade; all optional). " +
                       "Creates the accounts (user name = number, no password); issuing again replaces unused links. ?format=csv answers the list as CSV");

        admin.MapPost("/accounts/{userName}/reset", async (string userName, CurrentActor current, AccountService accounts, CancellationToken ct) =>
                TypedResults.Ok(await accounts.ResetAsync(await current.GetAsync(ct), userName, ct)))
            .WithSummary("Reset an account: its password is removed, its sessions end, and a new one-time link is issued (and emailed if it has an address)");

        var roles = admin.MapGroup("/roles");
        roles.MapGet("", async (Role? role, Guid? orgUnitId, string? unit, string? person, int? page, CurrentActor current, RoleAssignmentService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListAsync(await current.GetAsync(ct), new RoleFilter(role, orgUnitId, unit, person, page ?? 1), ct)))
            .WithSummary("Role assignments, 50 a page, filtered by role, unit (id or name text) and person (user name or name)");
        roles.MapGet("/assignable", () => TypedResults.Ok(RoleAssignmentService.Assignable.Select(r => new { role = r, unitKinds = RoleAssignmentService.UnitKindsFor(r) })))
            .WithSummary("The roles an administrator assigns, each with the unit kinds it may be held for (none: no unit)");
        roles.MapPost("", async (AssignRoleForm body, CurrentActor current, RoleAssignmentService service, CancellationToken ct) =>
        {
            var row = await service.AssignAsync(await current.GetAsync(ct), body, ct);
            return TypedResults.Created($"/api/v1/admin/roles/{row.Id}", row);
        }).WithSummary("Assign a role: userName, role, orgUnitId (a unit of a kind the role allows; none for UniversityAdmin). The holder's sessions end");
        roles.MapDelete("/{id:guid}", async (Guid id, CurrentActor current, RoleAssignmentService service, CancellationToken ct) =>
        {
            await service.RemoveAsync(await current.GetAsync(ct), id, ct);
            return TypedResults.NoContent();
        }).WithSummary("Remove a role assignment; the holder's sessions end at once (next request: 401, signed in again: 403)");

        admin.MapGet("/audit", async (AuditKind? kind, string? actor, DateOnly? from, DateOnly? to, string? q, int? page, CurrentActor current, AuditQueries audit, CancellationToken ct) =>
        {
            var uni = RoleAssignmentService.AdminUniversity(await current.GetAsync(ct));
            return TypedResults.Ok(await audit.ListAsync(uni, new AuditFilter(kind, actor, from, to, q, page ?? 1), ct));
        }).WithSummary("The audit log of accounts, roles and roster imports, newest first, 50 a page; from/to are days (yyyy-MM-dd) in App:TimeZone");
    }
}
