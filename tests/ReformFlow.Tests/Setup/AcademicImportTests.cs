using System.Net;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Unions;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Memberships;
using ReformFlow.Tests.Support;
using ReformFlow.Tests.Unions;
using static ReformFlow.Tests.Setup.ImportKit;

namespace ReformFlow.Tests.Setup;

/// <summary>
/// A semester's academic records and punishments through the import: confirmed data reaches the rules as through
/// PUT /api/v1/students/academic-records (a sitting cadre who no longer qualifies is flagged once, SU-4.2), a
/// punishment is kept on the student (AS-1.1 reads it) and 无 lifts it, errors are named by row and column, and a
/// refused import changes nothing.
/// </summary>
public sealed class AcademicImportTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string[] Records = ["学号", "姓名", "专业排名百分比", "班级排名百分比", "不及格门数"];
    private static readonly string[] WithPunishment = [.. Records, "处分", "处分日期"];
    private readonly UnionKit kit = new(app);

    private Task<string> NameAsync(string number) => app.WithDbAsync(db => db.Students.Where(s => s.StudentNumber == number).Select(s => s.Name).SingleAsync());

    private Task<Domain.Organisation.Student> StudentAsync(string number) => app.WithDbAsync(db => db.Students.AsNoTracking().SingleAsync(s => s.StudentNumber == number));

    /// <summary>Every student's academic record and punishment, the cadre flags and the outbox, as one comparable text.</summary>
    private Task<string> SnapshotAsync() => app.WithDbAsync(async db =>
    {
        var students = await db.Students.AsNoTracking().OrderBy(s => s.StudentNumber)
            .Select(s => s.StudentNumber + ":" + s.MajorRankPercentile + ":" + s.ClassRankPercentile + ":" + s.FailedCourseCount + ":" + s.ActivePunishment).ToListAsync();
        return $"{string.Join("|", students).GetHashCode()}:{await db.CadreFlags.CountAsync()}:{await db.Outbox.CountAsync()}";
    });

    [Fact]
    public async Task SU_4_2_imported_records_flag_a_sitting_cadre_once_as_the_academic_records_endpoint_does()
    {
        var union = await kit.CollegeUnionIdAsync("PHY");
        var cadre = await kit.NomineeAsync();
        var position = await kit.SeatAsync(union, cadre, PositionKind.DepartmentMember, await kit.DepartmentIdAsync(union, "宣传部"));
        var swd = await Api.SignInAsync(app, "swd");
        var file = Xlsx(Records, [[cadre, await NameAsync(cadre), "35", "20", 0]]);

        var preview = await PreviewAsync(swd, Academic, file, "2026春学业成绩.xlsx");
        AssertCounts(preview, create: 0, update: 1, unchanged: 0);
        Assert.Empty(await app.WithDbAsync(db => db.CadreFlags.Where(f => f.PositionId == position).ToListAsync()));
        var result = await ConfirmAsync(swd, Academic, preview);
        Assert.Equal((1, 1), (Int(result, "updated"), Int(result, "cadresFlagged")));
        var s = await StudentAsync(cadre);
        Assert.Equal((35m, 20m, 0), (s.MajorRankPercentile, s.ClassRankPercentile, s.FailedCourseCount));
        var flag = Assert.Single(await app.WithDbAsync(db => db.CadreFlags.AsNoTracking().Where(f => f.PositionId == position).ToListAsync()));
        Assert.True(flag.IsOpen);
        Assert.Equal("SU-4.2", flag.Measures);
        // The college's league organisation is told, once, as by the endpoint.
        Assert.Single(await kit.MailToAsync("phy.league"), m => m.Body.Contains(cadre));

        // The same file again: nothing changes, no second flag or mail.
        var before = await SnapshotAsync();
        var again = await PreviewAsync(swd, Academic, file, "2026春学业成绩.xlsx");
        AssertCounts(again, create: 0, update: 0, unchanged: 1);
        var second = await ConfirmAsync(swd, Academic, again);
        Assert.Equal((0, 1, 0), (Int(second, "updated"), Int(second, "unchanged"), Int(second, "cadresFlagged")));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task AS_1_1_an_imported_punishment_is_kept_on_the_student_and_无_lifts_it()
    {
        var number = (await kit.Founding.FreshStudentsAsync(1)).Single();
        var name = await NameAsync(number);
        var admin = await Api.SignInAsync(app, "admin");

        // GBK CSV, as Chinese Excel saves it.
        var punished = Gbk(CsvText(WithPunishment, [[number, name, "12.5%", "8", "1", "严重警告处分", "2026/3/1"]]));
        var result = await ConfirmAsync(admin, Academic, await PreviewAsync(admin, Academic, punished, "处分.csv"));
        Assert.Equal(1, Int(result, "punishmentsChanged"));
        var s = await StudentAsync(number);
        Assert.Equal(("严重警告处分（2026-03-01）", 12.5m, 1), (s.ActivePunishment, s.MajorRankPercentile, s.FailedCourseCount));
        Assert.True(s.HasActivePunishment); // what the founding rules read of a sponsor (AS-1.1)

        // A file without the punishment columns leaves punishments as they are.
        var recordsOnly = Utf8(CsvText(Records, [[number, name, "10", "8", "0"]]));
        await ConfirmAsync(admin, Academic, await PreviewAsync(admin, Academic, recordsOnly, "成绩.csv"));
        Assert.Equal("严重警告处分（2026-03-01）", (await StudentAsync(number)).ActivePunishment);

        // 无: no punishment in force any more.
        var lifted = Utf8(CsvText(WithPunishment, [[number, name, "10", "8", "0", "无", ""]]));
        var preview = await PreviewAsync(admin, Academic, lifted, "成绩.csv");
        AssertCounts(preview, create: 0, update: 1, unchanged: 0);
        await ConfirmAsync(admin, Academic, preview);
        Assert.False((await StudentAsync(number)).HasActivePunishment);
    }

    [Fact]
    public async Task Errors_by_row_and_column_and_refusals_change_nothing()
    {
        var people = await kit.Founding.FreshStudentsAsync(5);
        var names = await Task.WhenAll(people.Select(NameAsync));
        var file = Utf8(CsvText(WithPunishment, [
            [people[0], names[0], "20", "20", "0", "", ""],             // row 2: fine
            ["2099999999", "无此人", "20", "20", "0", "", ""],          // row 3: unknown student
            [people[1], "张冠李戴", "20", "20", "0", "", ""],            // row 4: not this student's name
            [people[2], names[2], "120", "20", "两门", "", ""],         // row 5: bad percentile, bad count
            [people[0], names[0], "20", "20", "0", "", ""],             // row 6: duplicate of row 2
            [people[3], "", "20", "20", "0", "批评", "2026-13-01"],     // row 7: unknown punishment, bad date
            [people[4], "", "20", "", "0", "无", "2026-03-01"],         // row 8: class rank missing, a date without a punishment
        ]));
        var admin = await Api.SignInAsync(app, "admin");
        var before = await SnapshotAsync();

        var preview = await PreviewAsync(admin, Academic, file, "errors.csv");
        Assert.Equal([
            (3, "学号", "import.error.unknown-student"),
            (4, "姓名", "import.error.name-mismatch"),
            (5, "专业排名百分比", "import.error.bad-percentile"),
            (5, "不及格门数", "import.error.bad-count"),
            (6, "学号", "import.error.duplicate"),
            (7, "处分", "import.error.unknown-punishment"),
            (7, "处分日期", "import.error.bad-date"),
            (8, "班级排名百分比", "import.error.required"),
            (8, "处分日期", "import.error.date-without-punishment"),
        ], Errors(preview));
        Assert.Contains(names[1], preview["errors"]!.AsArray()[1]!["message"]!.GetValue<string>());
        var (status, problem) = await admin.PostAsync($"{Academic}/{preview["id"]}/confirm", new { });
        FoundingKit.AssertRefused(status, problem, (null, "import.has-errors"));

        // Neither a student nor a league body may upload or confirm.
        foreach (var user in new[] { people[0], "phy.league" })
        {
            var api = await Api.SignInAsync(app, user);
            var (upload, refused) = await UploadAsync(api, Academic, file, "x.csv");
            MembershipKit.AssertForbidden(upload, refused, "access.roster-import-only");
            var (confirm, refused2) = await api.PostAsync($"{Academic}/{preview["id"]}/confirm", new { });
            MembershipKit.AssertForbidden(confirm, refused2, "access.roster-import-only");
        }
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"{Academic}/{preview["id"]}")).Status); // still there to correct
    }
}
