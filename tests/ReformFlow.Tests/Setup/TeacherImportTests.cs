using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Organisation;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Memberships;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Associations;
using static ReformFlow.Tests.Setup.ImportKit;

namespace ReformFlow.Tests.Setup;

/// <summary>
/// Teacher import through the API with files made here (a real .xlsx, CSV in UTF-8 and in GBK): Party membership
/// as 政治面貌 or 是否党员 (AS-2.2 reads it), preview then confirm, errors by row and column, the same file twice
/// changes nothing, teachers the file leaves out are kept, refusals change nothing.
/// </summary>
public sealed class TeacherImportTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string[] Chinese = ["工号", "姓名", "学院", "政治面貌"];

    private static string FreshStaff() => "T9" + Random.Shared.Next(1_000_000, 9_999_999);

    private Task<(string Name, string NameEn, Guid Id)> CollegeAsync(int index) => app.WithDbAsync(async db =>
    {
        var c = (await db.Colleges.AsNoTracking().OrderBy(x => x.Code).ToListAsync())[index];
        return (c.Name, c.NameEn, c.Id);
    });

    private Task<Teacher?> TeacherAsync(string staffNumber) =>
        app.WithDbAsync(db => db.Teachers.AsNoTracking().SingleOrDefaultAsync(t => t.StaffNumber == staffNumber));

    /// <summary>Every teacher and every recorded change of Party membership, as one comparable text.</summary>
    private Task<string> SnapshotAsync() => app.WithDbAsync(async db =>
    {
        var teachers = await db.Teachers.AsNoTracking().OrderBy(t => t.StaffNumber)
            .Select(t => t.StaffNumber + t.Name + t.CollegeId + t.IsPartyMember).ToListAsync();
        var history = await db.WorkflowHistory.CountAsync(h => h.Trigger == InstructorBankService.PartyTrigger);
        return $"{string.Join("|", teachers)}:{history}";
    });

    [Fact]
    public async Task Xlsx_previews_writes_nothing_confirms_and_the_same_file_twice_changes_nothing()
    {
        var admin = await Api.SignInAsync(app, "admin");
        var college = await CollegeAsync(0);
        var (a, b) = (FreshStaff(), FreshStaff());
        var teachersBefore = await app.WithDbAsync(db => db.Teachers.CountAsync());
        var file = Xlsx(Chinese, [[a, "张老师", college.Name, "中共党员"], [b, "李老师", "", "群众"]]);
        var before = await SnapshotAsync();

        var preview = await PreviewAsync(admin, Teachers, file, "教师名单.xlsx");
        Assert.True(Errors(preview).Count == 0, preview.ToJsonString());
        AssertCounts(preview, create: 2, update: 0, unchanged: 0);
        Assert.Equal("Teachers", preview["kind"]!.GetValue<string>());
        Assert.True(preview["canConfirm"]!.GetValue<bool>());
        Assert.Equal(before, await SnapshotAsync());

        var result = await ConfirmAsync(admin, Teachers, preview);
        Assert.Equal((2, 0, 0), (Int(result, "created"), Int(result, "updated"), Int(result, "unchanged")));
        var ta = await TeacherAsync(a);
        var tb = await TeacherAsync(b);
        Assert.Equal(("张老师", (Guid?)college.Id, true), (ta!.Name, ta.CollegeId, ta.IsPartyMember));
        Assert.Equal(("李老师", (Guid?)null, false), (tb!.Name, tb.CollegeId, tb.IsPartyMember));
        // The demo's other teachers are not in the file and are kept.
        Assert.Equal(teachersBefore + 2, await app.WithDbAsync(db => db.Teachers.CountAsync()));

        var after = await SnapshotAsync();
        var again = await PreviewAsync(admin, Teachers, file, "教师名单.xlsx");
        AssertCounts(again, create: 0, update: 0, unchanged: 2);
        var second = await ConfirmAsync(admin, Teachers, again);
        Assert.Equal((0, 0, 2), (Int(second, "created"), Int(second, "updated"), Int(second, "unchanged")));
        Assert.Equal(after, await SnapshotAsync());
    }

    [Fact]
    public async Task Utf8_csv_with_是否党员_then_GBK_csv_updates_name_college_and_Party_membership_with_history()
    {
        var swd = await Api.SignInAsync(app, "swd");
        var (first, second) = (await CollegeAsync(1), await CollegeAsync(2));
        var number = FreshStaff();
        var utf8 = Utf8(CsvText(["工号", "姓名", "学院", "是否党员"], [[number, "王老师", first.NameEn, "否"]]));
        Assert.NotEqual(0xEF, utf8[0]); // no BOM
        await ConfirmAsync(swd, Teachers, await PreviewAsync(swd, Teachers, utf8, "teachers.csv"));
        Assert.False((await TeacherAsync(number))!.IsPartyMember);

        var gbk = Gbk(CsvText(Chinese, [[number, "王晓东", second.Name, "中共预备党员"]]));
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(gbk)); // really not UTF-8
        var preview = await PreviewAsync(swd, Teachers, gbk, "教师.csv");
        AssertCounts(preview, create: 0, update: 1, unchanged: 0);
        var result = await ConfirmAsync(swd, Teachers, preview);
        Assert.Equal(1, Int(result, "partyMembershipsChanged"));
        var t = await TeacherAsync(number);
        Assert.Equal(("王晓东", (Guid?)second.Id, true), (t!.Name, t.CollegeId, t.IsPartyMember));
        // Recorded as when the student work department records it by hand (AS-2.2 depends on it).
        var history = await app.WithDbAsync(db => db.WorkflowHistory.AsNoTracking()
            .Where(h => h.InstanceId == t.Id && h.Trigger == InstructorBankService.PartyTrigger).ToListAsync());
        Assert.Equal(("NotPartyMember", "PartyMember"), (Assert.Single(history).FromState, history[0].ToState));
    }

    [Fact]
    public async Task Errors_by_row_and_column_block_the_confirmation_and_nothing_is_written()
    {
        var admin = await Api.SignInAsync(app, "admin");
        var college = await CollegeAsync(0);
        var (good, dup) = (FreshStaff(), FreshStaff());
        var file = Utf8(CsvText(["工号", "姓名", "学院", "政治面貌", "是否党员"], [
            [good, "赵一", college.Name, "中共党员", ""],          // row 2: fine
            [FreshStaff(), "赵二", "不存在学院", "群众", ""],       // row 3: unknown college
            [dup, "赵三", college.Name, "群众", ""],               // row 4
            [dup, "赵四", college.Name, "群众", ""],               // row 5: duplicate staff number
            [FreshStaff(), "赵五", college.Name, "党外人士", ""],   // row 6: unknown political status
            [FreshStaff(), "赵六", college.Name, "", "也许"],       // row 7: unknown yes/no
            [FreshStaff(), "赵七", college.Name, "群众", "是"],     // row 8: the two columns disagree
            [FreshStaff(), "", college.Name, "", ""],              // row 9: no name, no Party membership
        ]));
        var before = await SnapshotAsync();

        var preview = await PreviewAsync(admin, Teachers, file, "errors.csv");
        Assert.Equal([
            (3, "学院", "import.error.unknown-college"),
            (5, "工号", "import.error.duplicate-staff"),
            (6, "政治面貌", "import.error.unknown-teacher-political-status"),
            (7, "是否党员", "import.error.unknown-yes-no"),
            (8, "是否党员", "import.error.party-conflict"),
            (9, "姓名", "import.error.required"),
            (9, "政治面貌", "import.error.required"),
        ], Errors(preview));
        var message = preview["errors"]!.AsArray()[1]!["message"]!.GetValue<string>();
        Assert.Contains(dup, message);
        Assert.Contains("4", message);
        Assert.False(preview["canConfirm"]!.GetValue<bool>());

        var (status, problem) = await admin.PostAsync($"{Teachers}/{preview["id"]}/confirm", new { });
        FoundingKit.AssertRefused(status, problem, (null, "import.has-errors"));
        Assert.Equal(before, await SnapshotAsync());
        Assert.Null(await TeacherAsync(good));

        // A file without a column for Party membership cannot even be previewed.
        var (missing, problem2) = await UploadAsync(admin, Teachers, Utf8(CsvText(["工号", "姓名", "学院"], [[good, "赵一", college.Name]])), "short.csv");
        FoundingKit.AssertRefused(missing, problem2, (null, "import.missing-columns"));
        Assert.Contains("是否党员", FoundingKit.Message(problem2, "import.missing-columns"));
    }

    [Fact]
    public async Task Refusals_by_role_and_by_university_change_nothing()
    {
        var number = FreshStaff();
        var file = Xlsx(Chinese, [[number, "孙老师", (await CollegeAsync(0)).Name, "中共党员"]]);
        var uploads = await app.WithDbAsync(db => db.Attachments.CountAsync());
        foreach (var user in new[] { Workflows.Demo.DemoData.Initiator, "phy.league", "chair" })
        {
            var api = await Api.SignInAsync(app, user);
            var (status, problem) = await UploadAsync(api, Teachers, file, "x.xlsx");
            MembershipKit.AssertForbidden(status, problem, "access.roster-import-only");
            Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"{Teachers}/template.xlsx")).Status);
        }
        Assert.Equal(uploads, await app.WithDbAsync(db => db.Attachments.CountAsync()));

        // Another university's administrator neither sees nor confirms it; nor does a student of this one.
        var admin = await Api.SignInAsync(app, "admin");
        var preview = await PreviewAsync(admin, Teachers, file, "x.xlsx");
        var code = "TI" + Guid.NewGuid().ToString("N")[..6];
        var otherUni = await app.WithDbAsync(async db =>
        {
            var uni = new University(code, "嫩江大学", "Nenjiang University");
            db.Universities.Add(uni);
            await db.SaveChangesAsync();
            return uni.Id;
        });
        await new FoundingKit(app).AddUserAsync(code.ToLowerInvariant() + ".admin", otherUni, Role.UniversityAdmin, null);
        var stranger = await Api.SignInAsync(app, code.ToLowerInvariant() + ".admin");
        var before = await SnapshotAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"{Teachers}/{preview["id"]}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"{Teachers}/{preview["id"]}/confirm", new { })).Status);
        var (byStudent, problem3) = await (await Api.SignInAsync(app, Workflows.Demo.DemoData.Initiator)).PostAsync($"{Teachers}/{preview["id"]}/confirm", new { });
        MembershipKit.AssertForbidden(byStudent, problem3, "access.roster-import-only");
        // A student import's endpoint does not confirm a teacher upload either.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/v1/admin/imports/students/{preview["id"]}/confirm", new { })).Status);
        Assert.Equal(before, await SnapshotAsync());
        Assert.Null(await TeacherAsync(number));
    }

    [Fact]
    public async Task Templates_have_the_Chinese_headers_of_each_kind()
    {
        var admin = await Api.SignInAsync(app, "admin");
        foreach (var (path, headers) in new[] { (Teachers, Chinese), (Academic, new[] { "学号", "姓名", "专业排名百分比", "班级排名百分比", "不及格门数", "处分", "处分日期" }) })
        {
            using var response = await admin.Http.GetAsync($"{path}/template.xlsx");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(headers, ImportKit.Headers(await response.Content.ReadAsByteArrayAsync()));
        }
    }
}
