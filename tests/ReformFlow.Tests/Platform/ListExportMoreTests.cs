using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Tests.Instructors;
using ReformFlow.Tests.Support;
using ReformFlow.Web.Infrastructure;
using static ReformFlow.Tests.Platform.ListExportTests;
using static ReformFlow.Tests.Platform.ReadVisibilityKit.Staff;

namespace ReformFlow.Tests.Platform;

/// <summary>
/// More lists searched, filtered, paged in SQL and exported (issue 9): instructor evaluations, nominations, instructor
/// renewals and an association's roster. Each: paging, a filter both ways, the reader's scope kept under a filter, and
/// the .xlsx export (page and API) holding the rows the API lists.
/// </summary>
public sealed class ListExportMoreTests
{
    private static JsonArray Items(JsonNode? body) => body!["items"]!.AsArray();
    private static int Total(JsonNode? body) => body!["total"]!.GetValue<int>();

    private static Task<(Guid Own, Guid Other)> CollegesAsync(AppFactory app, Guid associationId) => app.WithDbAsync(async db =>
    {
        var own = await (from a in db.Associations join u in db.OrgUnits on a.GuidanceUnitId equals u.Id
                         where a.Id == associationId select u.CollegeId).SingleAsync();
        return (own!.Value, await db.Colleges.Where(c => c.Id != own).Select(c => c.Id).FirstAsync());
    });

    [Fact]
    public async Task AS_2_3_instructor_evaluations_are_paged_searched_filtered_within_scope_and_exported()
    {
        using var app = new AppFactory(); // the evaluation opens on its day: this test moves the clock
        var kit = await new EvaluationKit(app).SetUpAsync();
        app.Clock.SetUtcNow(kit.NextOpening());
        await kit.OpenAsync();
        var (college, otherCollege) = await CollegesAsync(app, kit.A.Id);
        var q = Uri.EscapeDataString(kit.Teacher);
        var path = EvaluationKit.Path;
        var swd = await kit.As(StudentWork);

        // Two evaluations of the teacher (associations A and B), one a page, by registration number.
        var first = (await swd.GetAsync($"{path}?q={q}&pageSize=1&sort=association")).Body;
        Assert.Equal(2, Total(first));
        Assert.Equal(2, first!["pages"]!.GetValue<int>());
        var listed = Items((await swd.GetAsync($"{path}?q={q}&sort=association")).Body).Select(x => x!["association"]!.GetValue<string>()).ToList();
        Assert.Equal(new[] { kit.A.Name, kit.B.Name }.Order(), listed.Order());
        Assert.Equal(listed[0], Items(first)[0]!["association"]!.GetValue<string>());
        var second = (await swd.GetAsync($"{path}?q={q}&pageSize=1&sort=association&page=2")).Body;
        Assert.Equal(listed[1], Assert.Single(Items(second))!["association"]!.GetValue<string>());
        Assert.Equal(1, Total((await swd.GetAsync($"{path}?q={Uri.EscapeDataString(kit.A.Name)}")).Body));

        // Filters: state, college and year, both ways; a state that does not exist is a bad request.
        var academicYear = Items(first)[0]!["academicYear"]!.GetValue<int>();
        Assert.Equal(2, Total((await swd.GetAsync($"{path}?q={q}&state=MemberRating&year={academicYear}&collegeId={college}")).Body));
        Assert.Equal(0, Total((await swd.GetAsync($"{path}?q={q}&state=Decision")).Body));
        Assert.Equal(0, Total((await swd.GetAsync($"{path}?q={q}&collegeId={otherCollege}")).Body));
        Assert.Equal(0, Total((await swd.GetAsync($"{path}?q={q}&year={academicYear - 1}")).Body));
        Assert.Equal(HttpStatusCode.BadRequest, (await swd.GetAsync($"{path}?state=Nonsense")).Status);

        // Scope: another college's Party committee filtering by this college sees nothing, the export neither.
        var outsider = await kit.As(OtherCollegeParty);
        Assert.Equal(0, Total((await outsider.GetAsync($"{path}?q={q}&collegeId={college}")).Body));
        Assert.Empty(Rows(await outsider.Http.GetByteArrayAsync($"{path}?q={q}&collegeId={college}&format=xlsx")));
        Assert.Empty(Rows(await outsider.Http.GetByteArrayAsync($"/Instructors/Evaluations?q={q}&collegeId={college}&handler=Export")));
        // The guidance unit sees its own two.
        Assert.Equal(2, Total((await (await kit.As("phy.party")).GetAsync($"{path}?q={q}&collegeId={college}")).Body));

        // The page: one of two on page 1; the export (page and API) has both, in the list's order, headers in English.
        var html = await swd.Http.GetStringAsync($"/Instructors/Evaluations?q={q}&pageSize=1&sort=association");
        Assert.Contains(listed[0], html);
        Assert.DoesNotContain(listed[1], html);
        Assert.Contains("handler=Export", html);
        foreach (var export in new[] { $"/Instructors/Evaluations?q={q}&pageSize=1&sort=association&handler=Export", $"{path}?q={q}&sort=association&format=xlsx" })
        {
            var response = await swd.Http.GetAsync(export);
            Assert.Equal(XlsxExport.ContentType, response.Content.Headers.ContentType!.MediaType);
            var rows = Rows(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(listed, rows.Select(r => (string?)r["Association"]));
            Assert.All(rows, r => Assert.Equal(kit.Teacher, r["Staff number"]));
        }
    }

    [Fact]
    public async Task SU_5_2_nominations_are_listed_across_unions_paged_filtered_within_scope_and_exported()
    {
        using var app = new AppFactory();
        var kit = new Unions.UnionKit(app);
        var union = await kit.SchoolUnionIdAsync();
        var college = await kit.CollegeIdAsync("PHY");
        var otherCollege = await kit.CollegeIdAsync("CHEM");
        var nominees = await kit.NomineesAsync(2);
        foreach (var nominee in nominees) await kit.NominatedAsync("phy.league", "SchoolPresidium", union, nominee, "PresidiumMember");
        const string path = "/api/v1/nominations";
        var swd = await Api.SignInAsync(app, StudentWork);

        // Recommending nominations of physics students: the two just made among them, one a page.
        var filter = $"state=Recommending&collegeId={college}&year={app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year}";
        var expected = await app.WithDbAsync(db => (from n in db.Nominations join i in db.WorkflowInstances on n.Id equals i.SubjectId
                                                    where n.NomineeCollegeId == college && i.State == "Recommending" select n.Id).CountAsync());
        var first = (await swd.GetAsync($"{path}?{filter}&pageSize=1&sort=number")).Body;
        Assert.Equal(expected, Total(first));
        Assert.Equal(expected, first!["pages"]!.GetValue<int>());
        var listed = Items((await swd.GetAsync($"{path}?{filter}&sort=number")).Body).Select(x => x!["studentNumber"]!.GetValue<string>()).ToList();
        Assert.Superset(nominees.ToHashSet(), listed.ToHashSet());
        Assert.Equal(listed[1], Items((await swd.GetAsync($"{path}?{filter}&pageSize=1&sort=number&page=2")).Body)[0]!["studentNumber"]!.GetValue<string>());
        Assert.Equal(1, Total((await swd.GetAsync($"{path}?q={nominees[0]}")).Body));

        // Filters the other way: another state, another college, another year; an unknown state is a bad request.
        Assert.Equal(0, Total((await swd.GetAsync($"{path}?q={nominees[0]}&state=JointReview")).Body));
        Assert.Equal(0, Total((await swd.GetAsync($"{path}?q={nominees[0]}&collegeId={otherCollege}")).Body));
        Assert.Equal(0, Total((await swd.GetAsync($"{path}?q={nominees[0]}&year=2001")).Body));
        Assert.Equal(HttpStatusCode.BadRequest, (await swd.GetAsync($"{path}?state=Nonsense")).Status);

        // Scope: the chemistry league filtering by physics sees nothing, in the list and the export; the physics league sees its own.
        var chem = await Api.SignInAsync(app, OtherCollegeLeague);
        Assert.Equal(0, Total((await chem.GetAsync($"{path}?q={nominees[0]}&collegeId={college}")).Body));
        Assert.Empty(Rows(await chem.Http.GetByteArrayAsync($"/Unions/Nominations?q={nominees[0]}&collegeId={college}&handler=Export")));
        Assert.Equal(1, Total((await (await Api.SignInAsync(app, OwnCollegeLeague)).GetAsync($"{path}?q={nominees[0]}&collegeId={college}")).Body));
        // A student (not an official) lists none, as on a union's page.
        Assert.Equal(0, Total((await (await Api.SignInAsync(app, nominees[0])).GetAsync(path)).Body));

        // The page shows one of them on page 1; the export (page and API) has every match, in the list's order.
        var html = await swd.Http.GetStringAsync($"/Unions/Nominations?{filter}&pageSize=1&sort=number");
        Assert.Contains(listed[0], html);
        Assert.DoesNotContain(listed[1], html);
        Assert.Contains($"Page 1 of {expected}", html);
        foreach (var export in new[] { $"/Unions/Nominations?{filter}&pageSize=1&sort=number&handler=Export", $"{path}?{filter}&sort=number&format=xlsx" })
        {
            var response = await swd.Http.GetAsync(export);
            Assert.Equal(XlsxExport.ContentType, response.Content.Headers.ContentType!.MediaType);
            var rows = Rows(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(listed, rows.Select(r => (string?)r["Student number"]));
            Assert.All(rows, r => Assert.Equal("Presidium member", r["Position"]));
        }
    }

    [Fact]
    public async Task AS_2_1_instructor_renewals_are_paged_searched_filtered_within_scope_and_exported()
    {
        using var app = new AppFactory();
        var founding = new Associations.FoundingKit(app);
        var (association, leaderNumber) = await InstructorRenewalTests.AssociationAsync(app, founding);
        var (otherAssociation, otherLeader) = await InstructorRenewalTests.AssociationAsync(app, founding);
        var teachers = await founding.FreshInstructorsAsync(2);
        var path = $"/api/v1/associations/{association}/instructor-renewals";
        var leader = await Api.SignInAsync(app, leaderNumber);

        // Two renewals: the first withdrawn (one at a time), the second awaiting its teacher.
        var (status, first) = await leader.PostAsync(path, new { staffNumber = teachers[0] });
        Assert.Equal(HttpStatusCode.Created, status);
        var withdraw = await leader.PostAsync($"/api/v1/instructor-renewals/{first!["instanceId"]}/actions/Withdraw", new { comment = "改聘他人", expectedVersion = first["version"]!.GetValue<int>() });
        Assert.Equal(HttpStatusCode.OK, withdraw.Status);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Created, (await leader.PostAsync(path, new { staffNumber = teachers[1] })).Status);

        // Newest first, one a page; search by staff number; filters by state and year, both ways.
        var page1 = (await leader.GetAsync($"{path}?pageSize=1")).Body;
        Assert.Equal(2, Total(page1));
        Assert.Equal(2, page1!["pages"]!.GetValue<int>());
        Assert.Equal(teachers[1], Items(page1)[0]!["staffNumber"]!.GetValue<string>());
        Assert.Equal(teachers[0], Items((await leader.GetAsync($"{path}?pageSize=1&page=2")).Body)[0]!["staffNumber"]!.GetValue<string>());
        Assert.Equal(teachers[0], Assert.Single(Items((await leader.GetAsync($"{path}?q={teachers[0]}")).Body))!["staffNumber"]!.GetValue<string>());
        Assert.Equal(teachers[0], Assert.Single(Items((await leader.GetAsync($"{path}?state=Withdrawn")).Body))!["staffNumber"]!.GetValue<string>());
        Assert.Equal(0, Total((await leader.GetAsync($"{path}?state=Renewed")).Body));
        var year = app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year;
        Assert.Equal(2, Total((await leader.GetAsync($"{path}?year={year}")).Body));
        Assert.Equal(0, Total((await leader.GetAsync($"{path}?year={year - 1}")).Body));
        Assert.Equal(HttpStatusCode.BadRequest, (await leader.GetAsync($"{path}?state=Nonsense")).Status);

        // Scope: another association's leader and another college's guidance unit get 404, from the list, the export and the page.
        foreach (var outsider in new[] { otherLeader, "chem.party" })
        {
            var api = await Api.SignInAsync(app, outsider);
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"{path}?state=Withdrawn")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"{path}?format=xlsx")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync($"/Associations/Renewals/{association}?handler=Export")).StatusCode);
        }
        Assert.Equal(0, Total((await (await Api.SignInAsync(app, otherLeader)).GetAsync($"/api/v1/associations/{otherAssociation}/instructor-renewals")).Body));

        // The page: one of two on page 1; the export (page and API) has both, newest first like the list.
        var html = await leader.Http.GetStringAsync($"/Associations/Renewals/{association}?pageSize=1");
        Assert.Contains(teachers[1], html);
        Assert.DoesNotContain(teachers[0], html);
        Assert.Contains("Page 1 of 2 · 2 in all", html);
        foreach (var export in new[] { $"/Associations/Renewals/{association}?pageSize=1&handler=Export", $"{path}?format=xlsx" })
        {
            var response = await leader.Http.GetAsync(export);
            Assert.Equal(XlsxExport.ContentType, response.Content.Headers.ContentType!.MediaType);
            var rows = Rows(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal([teachers[1], teachers[0]], rows.Select(r => (string?)r["Staff number"]));
            Assert.Equal("Withdrawn", rows[1]["Status"]);
        }
    }

    [Fact]
    public async Task Membership_roster_is_paged_filtered_and_exported_for_those_who_may_see_it_only()
    {
        using var app = new AppFactory();
        var kit = new Memberships.MembershipKit(app);
        var association = await kit.AssociationAsync(name: "名册导出协会");
        foreach (var student in await kit.Founding.FreshStudentsAsync(3)) await kit.AddMemberAsync(student, association.Id);
        var (college, otherCollege) = await CollegesAsync(app, association.Id);
        var studentsCollege = await app.WithDbAsync(db => db.Students.Where(s => s.StudentNumber == association.Leader).Select(s => s.CollegeId).SingleAsync());
        var path = $"/api/v1/associations/{association.Id}/members";
        var leader = await Api.SignInAsync(app, association.Leader);

        // Four on the roster, two a page, the leader first; filters by role and college, both ways.
        var first = (await leader.GetAsync($"{path}?pageSize=2")).Body;
        Assert.Equal(4, Total(first));
        Assert.Equal(2, first!["pages"]!.GetValue<int>());
        Assert.Equal(association.Leader, Items(first)[0]!["studentNumber"]!.GetValue<string>());
        Assert.Equal(1, Total((await leader.GetAsync($"{path}?role=Leader")).Body));
        var otherStudentsCollege = studentsCollege == college ? otherCollege : college;
        Assert.Equal(0, Total((await leader.GetAsync($"{path}?collegeId={otherStudentsCollege}&role=Leader")).Body));
        Assert.Equal(1, Total((await leader.GetAsync($"{path}?collegeId={studentsCollege}&role=Leader")).Body));

        // Scope: another college's league may not see the roster: refused with the reason, no workbook from the API or the page.
        var outsider = await Api.SignInAsync(app, OtherCollegeLeague);
        var refused = await outsider.GetAsync($"{path}?format=xlsx");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal(Workflows.Localization.Texts.Get(Workflows.Localization.Texts.English, "access.roster"), refused.Body!["detail"]!.GetValue<string>());
        var page = await outsider.Http.GetAsync($"/Associations/Details/{association.Id}?handler=Export");
        Assert.NotEqual(XlsxExport.ContentType, page.Content.Headers.ContentType?.MediaType);

        // The page has the export link; the export (page and API) has all four, in the list's order.
        var html = await leader.Http.GetStringAsync($"/Associations/Details/{association.Id}?pageSize=2");
        Assert.Contains("handler=Export", html);
        Assert.Contains("Page 1 of 2 · 4 in all", html);
        var listed = Items((await leader.GetAsync($"{path}?sort=-number")).Body).Select(x => x!["studentNumber"]!.GetValue<string>()).ToList();
        foreach (var export in new[] { $"/Associations/Details/{association.Id}?pageSize=2&sort=-number&handler=Export", $"{path}?sort=-number&format=xlsx" })
        {
            var response = await leader.Http.GetAsync(export);
            Assert.Equal(XlsxExport.ContentType, response.Content.Headers.ContentType!.MediaType);
            var rows = Rows(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(listed, rows.Select(r => (string?)r["Student number"]));
            Assert.Single(rows, r => (string?)r["Role"] == "Leader");
        }
    }
}
