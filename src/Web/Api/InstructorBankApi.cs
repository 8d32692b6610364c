using ReformFlow.Domain.Common;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;

namespace ReformFlow.Web.Api;

public sealed record AddToBankBody(string? StaffNumber);

public sealed record PartyMembershipBody(bool IsPartyMember);

/// <summary>
/// AS-2.1 / AS-2.2: the instructor bank. Everyone of the university reads it; the student work department
/// adds and removes teachers and records their Party membership. The same checks as the /Instructors page.
/// </summary>
public static class InstructorBankApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("").WithTags("Instructor bank");

        g.MapGet("/instructor-bank", async ([AsParameters] ListParams list, Guid? collegeId, bool? partyMember, HttpContext http, CurrentActor current, XlsxExport export, CancellationToken ct) =>
            {
                var actor = await current.GetAsync(ct);
                var filter = new BankFilter(collegeId, partyMember);
                return list.IsXlsx
                    ? export.Result(http.Request, "instructors", "instructors.title", await Service(http).ListAsync(actor, XlsxExport.All(list.ToQuery()), filter, ct), Pages.Instructors.IndexModel.Columns)
                    : TypedResults.Ok(await Service(http).ListAsync(actor, list.ToQuery(), filter, ct));
            })
            .WithSummary("The instructor bank (AS-2.1): staff number, name, college, Party member, in the bank since, running appointments; a page at a time: " +
                         "page, pageSize (≤ 100), sort (number|name|college|since|appointments, -key descending), q (staff number, name), collegeId, partyMember; format=xlsx for every matching row");

        g.MapPost("/instructor-bank", async (AddToBankBody body, HttpContext http, CurrentActor current, CancellationToken ct) =>
        {
            var change = await Service(http).AddAsync(await current.GetAsync(ct), body.StaffNumber ?? "", ct);
            return Results.Created($"/api/v1/instructor-bank/{Uri.EscapeDataString(change.StaffNumber)}", View(change));
        }).WithSummary("Add a teacher of the university to the bank (student work department); a teacher already in it is refused");

        g.MapDelete("/instructor-bank/{staffNumber}", async (string staffNumber, string? reason, HttpContext http, CurrentActor current, CancellationToken ct) =>
                Results.Ok(View(await Service(http).RemoveAsync(await current.GetAsync(ct), staffNumber, reason, ct))))
            .WithSummary("Remove a teacher from the bank with ?reason= (student work department). Running appointments continue; " +
                         "the answer lists them under runningAppointments and warns in warnings[]");

        g.MapPut("/teachers/{staffNumber}/party-membership", async (string staffNumber, PartyMembershipBody body, HttpContext http, CurrentActor current, CancellationToken ct) =>
                Results.Ok(View(await Service(http).RecordPartyMembershipAsync(await current.GetAsync(ct), staffNumber, body.IsPartyMember, ct))))
            .WithSummary("Record whether a teacher is a Communist Party member (student work department); AS-2.2 checks it when an instructor accepts");
    }

    /// <summary>The registered service, or one built from the request's services while it is not registered.</summary>
    internal static InstructorBankService Service(HttpContext http) =>
        http.RequestServices.GetRequiredService<InstructorBankService>();

    private static object View(InstructorBankChange c) => new
    {
        c.StaffNumber, c.Name, c.InBank, c.IsPartyMember, c.At, c.RunningAppointments,
        warnings = c.Warnings.Select(Warning).ToList(),
    };

    private static object Warning(Reason r) => new { measureId = r.MeasureId, code = r.Key, message = ApiExceptionHandler.Describe(r) };
}
