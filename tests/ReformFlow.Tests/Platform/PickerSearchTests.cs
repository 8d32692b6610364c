using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;
using static ReformFlow.Tests.Platform.ReadVisibilityKit.Staff;

namespace ReformFlow.Tests.Platform;

/// <summary>
/// The pickers' search endpoints (/api/v1/search/…): signed-in callers only, at most 20 matches, and only within the
/// caller's university and scope; they help to find a number, the services still check it.
/// </summary>
public sealed class PickerSearchTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly FoundingKit kit = new(app);

    private async Task<JsonArray> SearchAsync(string user, string path)
    {
        var (status, body) = await (await kit.As(user)).GetAsync(path);
        Assert.True(status == HttpStatusCode.OK, $"{user} {path}: {(int)status}");
        return body!.AsArray();
    }

    private static List<string> Values(JsonArray rows, string field) => rows.Select(r => r![field]!.GetValue<string>()).ToList();

    [Fact]
    public async Task Security_picker_searches_refuse_anonymous_callers()
    {
        using var anonymous = app.CreateClient();
        foreach (var path in new[] { "/api/v1/search/teachers?q=T", "/api/v1/search/students?q=2023", "/api/v1/search/units?q=物理" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task AS_2_1_teacher_search_finds_only_teachers_in_the_bank_at_most_20()
    {
        var rows = await SearchAsync(DemoData.Initiator, "/api/v1/search/teachers?q=T0");
        Assert.InRange(rows.Count, 1, 20);
        var bank = await app.WithDbAsync(db => (from b in db.InstructorBank join t in db.Teachers on b.TeacherId equals t.Id
                                                where b.RemovedAt == null select t.StaffNumber).ToListAsync());
        Assert.All(Values(rows, "staffNumber"), n => Assert.Contains(n, bank));
        Assert.Equal(DemoData.PartyInstructor, Values(await SearchAsync(DemoData.Initiator, $"/api/v1/search/teachers?q={DemoData.PartyInstructor}"), "staffNumber").First());
        Assert.Empty(await SearchAsync(DemoData.Initiator, $"/api/v1/search/teachers?q={DemoData.TeacherOutsideBank}"));
        Assert.Empty(await SearchAsync(DemoData.Initiator, "/api/v1/search/teachers?q="));
        // By name too.
        var name = await app.WithDbAsync(db => db.Teachers.Where(t => t.StaffNumber == DemoData.PartyInstructor).Select(t => t.Name).SingleAsync());
        Assert.Contains(DemoData.PartyInstructor, Values(await SearchAsync(StudentWork, $"/api/v1/search/teachers?q={Uri.EscapeDataString(name)}"), "staffNumber"));
    }

    [Fact]
    public async Task Security_student_search_stays_within_the_callers_scope()
    {
        var (initiatorCollege, otherStudent) = await app.WithDbAsync(async db =>
        {
            var me = await db.Students.SingleAsync(s => s.StudentNumber == DemoData.Initiator);
            var college = await db.Colleges.Where(c => c.Id == me.CollegeId).Select(c => c.Name).SingleAsync();
            var other = await db.Students.Where(s => s.UniversityId == me.UniversityId && s.CollegeId != me.CollegeId).Select(s => s.StudentNumber).FirstAsync();
            return (college, other);
        });

        // A student finds classmates of their own college (to invite as sponsors), at most 20 — not other colleges' students.
        var mine = await SearchAsync(DemoData.Initiator, "/api/v1/search/students?q=20");
        Assert.Equal(20, mine.Count);
        Assert.All(mine, r => Assert.Equal(initiatorCollege, r!["college"]!.GetValue<string>()));
        Assert.Empty(await SearchAsync(DemoData.Initiator, $"/api/v1/search/students?q={otherStudent}"));
        // Only number, name, college, class and grade: no status, punishment or ranking.
        Assert.Equal(["className", "classNameEn", "college", "collegeEn", "grade", "name", "studentNumber"],
            mine[0]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));

        // The student work department searches the whole university; a class branch its class; a teacher nobody.
        Assert.Equal([otherStudent], Values(await SearchAsync(StudentWork, $"/api/v1/search/students?q={otherStudent}"), "studentNumber"));
        var branch = await SearchAsync(ClassBranch, "/api/v1/search/students?q=20");
        Assert.NotEmpty(branch);
        Assert.Single(Values(branch, "className").Distinct());
        Assert.Empty(await SearchAsync(ClassBranch, $"/api/v1/search/students?q={otherStudent}"));
        Assert.Empty(await SearchAsync(DemoData.PartyInstructor, "/api/v1/search/students?q=20"));
        Assert.Empty(await SearchAsync(OtherGuidanceUnit, "/api/v1/search/students?q=20"));
        // A college league body: its own college only.
        Assert.All(await SearchAsync(OwnCollegeLeague, "/api/v1/search/students?q=20"), r => Assert.Equal("物理学院", r!["college"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AS_1_2_unit_search_offers_guidance_units_of_the_university()
    {
        var rows = await SearchAsync(DemoData.Initiator, $"/api/v1/search/units?guidanceUnits=true&q={Uri.EscapeDataString("物理")}");
        Assert.Contains(FoundingKit.GuidanceUnitName, Values(rows, "name"));
        Assert.All(rows, r => Assert.Contains(r!["kind"]!.GetValue<string>(), new[] { "FunctionalDepartment", "CollegeParty", "ResearchInstitute" }));
        Assert.True((await SearchAsync(DemoData.Initiator, "/api/v1/search/units?q=%E5%AD%A6")).Count <= 20);
    }
}
