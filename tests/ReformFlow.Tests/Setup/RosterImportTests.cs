using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Organisation;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Memberships;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Roster;

namespace ReformFlow.Tests.Setup;

/// <summary>
/// Student roster import through the API, with files made here: a real .xlsx, a UTF-8 CSV with a BOM, a GBK CSV;
/// headers in Chinese and English. The preview writes nothing, errors are named by row and column, the
/// confirmation writes all or nothing, the same file twice changes nothing, leavers' memberships end (AS-3.1).
/// </summary>
public sealed class RosterImportTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Path = "/api/v1/admin/imports/students";
    private static readonly string[] Chinese = ["学号", "姓名", "学院", "专业", "年级", "班级", "学籍状态", "政治面貌"];
    private static readonly string[] English = ["StudentNumber", "Name", "College", "Major", "Grade", "Class", "Status", "PoliticalStatus"];

    private sealed record Place(string College, string CollegeEn, string Major, string MajorEn, int Grade, string Class);

    // ---- files made here ----

    private static byte[] Xlsx(string[] headers, IEnumerable<object[]> rows)
    {
        var sheet = rows.Select(r => (IDictionary<string, object>)headers.Select((h, i) => (h, r[i])).ToDictionary(x => x.h, x => x.Item2)).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(sheet, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static string CsvText(string[] headers, IEnumerable<object[]> rows) =>
        string.Join("\r\n", new[] { string.Join(",", headers) }.Concat(rows.Select(r => string.Join(",", r)))) + "\r\n";

    private static byte[] Utf8Bom(string text) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];

    private static byte[] Gbk(string text) => RosterFile.Gb18030.GetBytes(text);

    private static string FreshNumber() => "99" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    private Task<Place> PlaceAsync(int collegeIndex = 0, int grade = 2024) => app.WithDbAsync(async db =>
    {
        var colleges = await db.Colleges.AsNoTracking().OrderBy(c => c.Code).ToListAsync();
        var college = colleges[collegeIndex];
        var major = await db.Majors.AsNoTracking().Where(m => m.CollegeId == college.Id).OrderBy(m => m.Name).FirstAsync();
        var group = await db.ClassGroups.AsNoTracking().Where(c => c.MajorId == major.Id && c.Grade == grade).FirstAsync();
        return new Place(college.Name, college.NameEn, major.Name, major.NameEn, grade, group.Name);
    });

    // ---- calls ----

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> UploadAsync(Api api, byte[] content, string fileName, bool fullRoster = false)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(fullRoster ? "true" : "false"), "fullRoster");
        using var response = await api.Http.PostAsync(Path, form);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static async Task<JsonNode> PreviewAsync(Api api, byte[] content, string fileName, bool fullRoster = false)
    {
        var (status, body) = await UploadAsync(api, content, fileName, fullRoster);
        Assert.True(status == HttpStatusCode.OK, $"upload answered {(int)status}: {body?.ToJsonString()}");
        return body!;
    }

    private static async Task<JsonNode> ConfirmAsync(Api api, JsonNode preview, string? missingBecome = null)
    {
        var (status, body) = await api.PostAsync($"{Path}/{preview["id"]}/confirm", new { missingBecome });
        Assert.True(status == HttpStatusCode.OK, $"confirm answered {(int)status}: {body?.ToJsonString()}");
        return body!;
    }

    private static int Int(JsonNode? node, string name) => node![name]!.GetValue<int>();

    private static void AssertCounts(JsonNode preview, int create, int update, int unchanged)
    {
        Assert.Equal((create, update, unchanged), (Int(preview, "create"), Int(preview, "update"), Int(preview, "unchanged")));
    }

    /// <summary>Everything an import can change, as one comparable text.</summary>
    private Task<string> UniversitySnapshotAsync() => app.WithDbAsync(async db =>
    {
        var students = await db.Students.AsNoTracking().OrderBy(s => s.StudentNumber)
            .Select(s => s.StudentNumber + s.Name + s.CollegeId + s.MajorId + s.ClassGroupId + s.Grade + s.Status + s.PoliticalStatus).ToListAsync();
        var classes = await db.ClassGroups.CountAsync();
        var memberships = await db.Memberships.CountAsync(m => m.LeftAt == null);
        var flags = await db.CadreFlags.CountAsync();
        return $"{string.Join("|", students).GetHashCode()}:{students.Count}:{classes}:{memberships}:{flags}";
    });

    private Task<Student?> StudentAsync(string number) =>
        app.WithDbAsync(db => db.Students.AsNoTracking().SingleOrDefaultAsync(s => s.StudentNumber == number));

    // ---- tests ----

    [Fact]
    public async Task Xlsx_with_Chinese_headers_previews_writes_nothing_then_confirm_creates()
    {
        var admin = await Api.SignInAsync(app, "admin");
        var p = await PlaceAsync();
        var (a, b) = (FreshNumber(), FreshNumber());
        var file = Xlsx(Chinese, [
            [a, "王小明", p.College, p.Major, p.Grade, p.Class, "在籍", "共青团员"],
            [b, "李小红", p.College, p.Major, p.Grade, p.Class, "休学", "中共预备党员"],
        ]);
        var before = await UniversitySnapshotAsync();

        var preview = await PreviewAsync(admin, file, "名单.xlsx");
        AssertCounts(preview, create: 2, update: 0, unchanged: 0);
        Assert.Empty(preview["errors"]!.AsArray());
        Assert.True(preview["canConfirm"]!.GetValue<bool>());
        Assert.Equal(before, await UniversitySnapshotAsync());
        // The preview survives: it is read again, unchanged, from what the server kept.
        var (again, reread) = await admin.GetAsync($"{Path}/{preview["id"]}");
        Assert.Equal(HttpStatusCode.OK, again);
        AssertCounts(reread!, 2, 0, 0);

        var result = await ConfirmAsync(admin, preview);
        Assert.Equal(2, Int(result, "created"));
        var first = await StudentAsync(a);
        var second = await StudentAsync(b);
        Assert.Equal(("王小明", StudentStatus.Enrolled, PoliticalStatus.LeagueMember, p.Grade), (first!.Name, first.Status, first.PoliticalStatus, first.Grade));
        Assert.Equal((StudentStatus.Suspended, PoliticalStatus.ProbationaryPartyMember), (second!.Status, second.PoliticalStatus));
        // Every stored value reads back through EF as the domain made it (new students are inserted set-wise).
        var (college, major, group) = await app.WithDbAsync(async db => (
            await db.Colleges.SingleAsync(c => c.Id == first.CollegeId), await db.Majors.SingleAsync(m => m.Id == first.MajorId),
            await db.ClassGroups.SingleAsync(g => g.Id == first.ClassGroupId)));
        Assert.Equal((p.College, p.Major, p.Class), (college.Name, major.Name, group.Name));
        Assert.Equal((50m, 50m, 0, (string?)null, true), (first.MajorRankPercentile, first.ClassRankPercentile, first.FailedCourseCount, first.ActivePunishment, first.HasFormalStatus));
        Assert.Equal(1, await app.WithDbAsync(db => db.Students.CountAsync(s => s.Id == first.Id && s.UniversityId == db.Universities.Single(u => u.Code == Workflows.Demo.DemoData.UniversityCode).Id)));

        // Confirmed once: the upload is gone, a second confirmation finds nothing.
        var (twice, _) = await admin.PostAsync($"{Path}/{preview["id"]}/confirm", new { });
        Assert.Equal(HttpStatusCode.NotFound, twice);
    }

    [Fact]
    public async Task Same_file_twice_changes_nothing()
    {
        var admin = await Api.SignInAsync(app, "admin");
        var p = await PlaceAsync(collegeIndex: 1);
        var file = Xlsx(Chinese, [[FreshNumber(), "赵一", p.College, p.Major, p.Grade, p.Class, "在籍", "群众"]]);
        await ConfirmAsync(admin, await PreviewAsync(admin, file, "a.xlsx"));
        var before = await UniversitySnapshotAsync();

        var second = await PreviewAsync(admin, file, "a.xlsx");
        AssertCounts(second, create: 0, update: 0, unchanged: 1);
        var result = await ConfirmAsync(admin, second);
        Assert.Equal((0, 0, 1), (Int(result, "created"), Int(result, "updated"), Int(result, "unchanged")));
        Assert.Equal(before, await UniversitySnapshotAsync());
    }

    [Fact]
    public async Task Utf8_csv_with_bom_and_English_headers_and_enum_names()
    {
        var swd = await Api.SignInAsync(app, "swd");
        var p = await PlaceAsync(collegeIndex: 2);
        var number = FreshNumber();
        // English names of college and major, enum names for the statuses.
        var file = Utf8Bom(CsvText(English, [[number, "周星", p.CollegeEn, p.MajorEn, p.Grade, p.Class, "Enrolled", "PartyMember"]]));

        var preview = await PreviewAsync(swd, file, "students.csv");
        AssertCounts(preview, 1, 0, 0);
        await ConfirmAsync(swd, preview);
        var s = await StudentAsync(number);
        Assert.Equal(("周星", PoliticalStatus.PartyMember), (s!.Name, s.PoliticalStatus));

        // The same student renamed and moved to another class of the same major: an update, written as such.
        var moved = Utf8Bom(CsvText(English, [[number, "周星星", p.CollegeEn, p.MajorEn, p.Grade, p.Class + "B", "Enrolled", "PartyMember"]]));
        var update = await PreviewAsync(swd, moved, "students.csv");
        AssertCounts(update, 0, 1, 0);
        Assert.Equal(1, Int(update, "classesToCreate"));
        await ConfirmAsync(swd, update);
        var after = await StudentAsync(number);
        Assert.Equal("周星星", after!.Name);
        Assert.Equal(p.Class + "B", await app.WithDbAsync(db => db.ClassGroups.Where(c => c.Id == after.ClassGroupId).Select(c => c.Name).SingleAsync()));
    }

    [Fact]
    public async Task Gbk_csv_without_bom_is_read_as_GB18030()
    {
        var admin = await Api.SignInAsync(app, "admin");
        var p = await PlaceAsync(collegeIndex: 3);
        var number = FreshNumber();
        var bytes = Gbk(CsvText(Chinese, [[number, "欧阳娜娜", p.College, p.Major, p.Grade, p.Class, "在籍", "共青团员"]]));
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes)); // really not UTF-8

        var preview = await PreviewAsync(admin, bytes, "学生名单.csv");
        Assert.Empty(preview["errors"]!.AsArray());
        await ConfirmAsync(admin, preview);
        Assert.Equal("欧阳娜娜", (await StudentAsync(number))!.Name);
    }

    [Fact]
    public async Task Errors_by_row_and_column_block_the_confirmation_and_nothing_is_written()
    {
        var admin = await Api.SignInAsync(app, "admin");
        var p = await PlaceAsync();
        var (good, dup) = (FreshNumber(), FreshNumber());
        var file = Utf8Bom(CsvText(Chinese, [
            [good, "钱一", p.College, p.Major, p.Grade, p.Class, "在籍", "群众"],          // row 2: fine
            [FreshNumber(), "钱二", "不存在学院", p.Major, p.Grade, p.Class, "在籍", "群众"], // row 3: unknown college
            [FreshNumber(), "钱三", p.College, "不存在专业", p.Grade, p.Class, "在籍", "群众"], // row 4: unknown major
            [dup, "钱四", p.College, p.Major, p.Grade, p.Class, "在籍", "群众"],             // row 5
            [dup, "钱五", p.College, p.Major, p.Grade, p.Class, "在籍", "群众"],             // row 6: duplicate of row 5
            [FreshNumber(), "钱六", p.College, p.Major, p.Grade, p.Class, "在籍", "无党派"],   // row 7: unknown political status
            [FreshNumber(), "", p.College, p.Major, "二三级", p.Class, "在校生", "群众"],       // row 8: no name, bad grade, unknown status
        ]));
        var before = await UniversitySnapshotAsync();

        var preview = await PreviewAsync(admin, file, "errors.csv");
        var errors = preview["errors"]!.AsArray().Select(e => (Int(e, "row"), e!["column"]!.GetValue<string>(), e["code"]!.GetValue<string>())).ToList();
        Assert.Equal([
            (3, "学院", "import.error.unknown-college"),
            (4, "专业", "import.error.unknown-major"),
            (6, "学号", "import.error.duplicate"),
            (7, "政治面貌", "import.error.unknown-political-status"),
            (8, "姓名", "import.error.required"),
            (8, "年级", "import.error.bad-grade"),
            (8, "学籍状态", "import.error.unknown-status"),
        ], errors);
        // In words a secretary understands, naming what is wrong.
        var duplicate = preview["errors"]!.AsArray().Single(e => e!["code"]!.GetValue<string>() == "import.error.duplicate")!["message"]!.GetValue<string>();
        Assert.Contains(dup, duplicate);
        Assert.Contains("5", duplicate);
        Assert.Contains("不存在学院", preview["errors"]![0]!["message"]!.GetValue<string>());
        Assert.False(preview["canConfirm"]!.GetValue<bool>());

        var (status, problem) = await admin.PostAsync($"{Path}/{preview["id"]}/confirm", new { });
        FoundingKit.AssertRefused(status, problem, (null, "import.has-errors"));
        Assert.Equal(before, await UniversitySnapshotAsync());
        Assert.Null(await StudentAsync(good)); // the good row is not written either: all or nothing
    }

    [Fact]
    public async Task A_file_without_a_required_column_or_unreadable_is_refused_and_nothing_kept()
    {
        var admin = await Api.SignInAsync(app, "admin");
        var uploads = await app.WithDbAsync(db => db.Attachments.CountAsync());
        var (status, problem) = await UploadAsync(admin, Utf8Bom("学号,姓名\r\n2099000001,张三\r\n"), "short.csv");
        FoundingKit.AssertRefused(status, problem, (null, "import.missing-columns"));
        Assert.Contains("学院", FoundingKit.Message(problem, "import.missing-columns"));
        (status, problem) = await UploadAsync(admin, [0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0], "old.xls");
        FoundingKit.AssertRefused(status, problem, (null, "import.xls-not-supported"));
        Assert.Equal(uploads, await app.WithDbAsync(db => db.Attachments.CountAsync()));
    }

    [Fact]
    public async Task Refusals_by_role_and_by_university_change_nothing()
    {
        var p = await PlaceAsync();
        var number = FreshNumber();
        var file = Xlsx(Chinese, [[number, "孙一", p.College, p.Major, p.Grade, p.Class, "在籍", "群众"]]);
        var uploads = await app.WithDbAsync(db => db.Attachments.CountAsync());

        foreach (var user in new[] { Workflows.Demo.DemoData.Initiator, "phy.league", "chair" })
        {
            var (status, problem) = await UploadAsync(await Api.SignInAsync(app, user), file, "x.xlsx");
            MembershipKit.AssertForbidden(status, problem, "access.roster-import-only");
            var (template, _) = await (await Api.SignInAsync(app, user)).GetAsync($"{Path}/template.xlsx");
            Assert.Equal(HttpStatusCode.Forbidden, template);
        }
        Assert.Equal(uploads, await app.WithDbAsync(db => db.Attachments.CountAsync()));

        // Another university's administrator neither sees nor confirms this university's import.
        var admin = await Api.SignInAsync(app, "admin");
        var preview = await PreviewAsync(admin, file, "x.xlsx");
        var code = "RI" + Guid.NewGuid().ToString("N")[..6];
        var otherUni = await app.WithDbAsync(async db =>
        {
            var uni = new University(code, "松花江大学", "Songhuajiang University");
            db.Universities.Add(uni);
            await db.SaveChangesAsync();
            return uni.Id;
        });
        await new FoundingKit(app).AddUserAsync(code.ToLowerInvariant() + ".admin", otherUni, Role.UniversityAdmin, null);
        var stranger = await Api.SignInAsync(app, code.ToLowerInvariant() + ".admin");
        var before = await UniversitySnapshotAsync();
        var (seen, _) = await stranger.GetAsync($"{Path}/{preview["id"]}");
        Assert.Equal(HttpStatusCode.NotFound, seen);
        var (confirmed, _) = await stranger.PostAsync($"{Path}/{preview["id"]}/confirm", new { });
        Assert.Equal(HttpStatusCode.NotFound, confirmed);
        Assert.Equal(before, await UniversitySnapshotAsync());
        Assert.Null(await StudentAsync(number));
        // A student of the same university cannot confirm it either.
        var (byStudent, problem2) = await (await Api.SignInAsync(app, Workflows.Demo.DemoData.Initiator)).PostAsync($"{Path}/{preview["id"]}/confirm", new { });
        MembershipKit.AssertForbidden(byStudent, problem2, "access.roster-import-only");
        Assert.Null(await StudentAsync(number));
    }

    [Fact]
    public async Task Template_has_the_headers()
    {
        var admin = await Api.SignInAsync(app, "admin");
        using var response = await admin.Http.GetAsync($"{Path}/template.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var first = (IDictionary<string, object?>)stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX).First();
        Assert.Equal(Chinese, first.Values.Select(v => v?.ToString()).ToArray());
    }

    /// <summary>
    /// AS-3.1: a student who leaves (here: missing from a full roster, the administrator chooses "withdrawn";
    /// and one marked 毕业 in the file) stops being a member; a sitting cadre who leaves is flagged (SU-4).
    /// </summary>
    [Fact]
    public async Task AS_3_1_leavers_memberships_end_and_cadres_are_flagged_after_a_full_roster()
    {
        using var fresh = new AppFactory(); // a full roster touches the whole university: its own database
        var kit = new MembershipKit(fresh);
        var association = await kit.AssociationAsync(leaders: 2);
        var (missingMember, graduating) = (association.Leaders[0], association.Leaders[1]);
        var cadre = await fresh.WithDbAsync(db => (from c in db.CadrePositions
                                                  join s in db.Students on c.StudentId equals s.Id
                                                  where c.EndedAt == null && s.Status == StudentStatus.Enrolled
                                                  orderby s.StudentNumber
                                                  select s.StudentNumber).FirstAsync());
        // The whole university as it is, less two students, and one marked as graduated.
        var rows = await fresh.WithDbAsync(async db =>
            await (from s in db.Students.AsNoTracking()
                   join c in db.Colleges on s.CollegeId equals c.Id
                   join m in db.Majors on s.MajorId equals m.Id
                   join g in db.ClassGroups on s.ClassGroupId equals g.Id
                   where s.StudentNumber != missingMember && s.StudentNumber != cadre
                   select new object[] { s.StudentNumber, s.Name, c.Name, m.Name, s.Grade, g.Name, s.Status.ToString(), s.PoliticalStatus.ToString() })
                .ToListAsync());
        var row = rows.Single(r => (string)r[0] == graduating);
        row[6] = "毕业";
        var admin = await Api.SignInAsync(fresh, "admin");

        var preview = await PreviewAsync(admin, Xlsx(Chinese, rows), "全校名单.xlsx", fullRoster: true);
        AssertCounts(preview, create: 0, update: 1, unchanged: rows.Count - 1);
        Assert.Equal(2, Int(preview, "missingCount"));
        Assert.Equal(new[] { cadre, missingMember }.Order(StringComparer.Ordinal), preview["missing"]!.AsArray().Select(m => m!["studentNumber"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        // The choice is the administrator's: without it, nothing is written.
        var (status, problem) = await admin.PostAsync($"{Path}/{preview["id"]}/confirm", new { });
        FoundingKit.AssertRefused(status, problem, (null, "import.missing-choice-required"));
        Assert.Equal(2, await kit.ActiveMembershipsAsync(missingMember) + await kit.ActiveMembershipsAsync(graduating));

        var flagsBefore = await fresh.WithDbAsync(db => db.CadreFlags.CountAsync(f => f.ClearedAt == null));
        var result = await ConfirmAsync(admin, preview, "Withdrawn");
        Assert.Equal((1, 2, 2), (Int(result, "updated"), Int(result, "missingChanged"), Int(result, "membershipsEnded")));
        Assert.Equal(0, await kit.ActiveMembershipsAsync(missingMember));
        Assert.Equal(0, await kit.ActiveMembershipsAsync(graduating));
        var (m1, g1, c1) = (await fresh.WithDbAsync(db => db.Students.SingleAsync(s => s.StudentNumber == missingMember)),
            await fresh.WithDbAsync(db => db.Students.SingleAsync(s => s.StudentNumber == graduating)),
            await fresh.WithDbAsync(db => db.Students.SingleAsync(s => s.StudentNumber == cadre)));
        Assert.Equal((StudentStatus.Withdrawn, StudentStatus.Graduated, StudentStatus.Withdrawn), (m1.Status, g1.Status, c1.Status));
        Assert.True(Int(result, "cadresFlagged") >= 1);
        Assert.Equal(flagsBefore + Int(result, "cadresFlagged"), await fresh.WithDbAsync(db => db.CadreFlags.CountAsync(f => f.ClearedAt == null)));
        Assert.True(await fresh.WithDbAsync(db => db.CadreFlags.AnyAsync(f => f.StudentId == c1.Id && f.ClearedAt == null)));
    }

    /// <summary>
    /// AS-3.1: students who graduate or withdraw leave their associations, and the leaders of each association
    /// concerned are told once, in one message listing who left, in the leader's own language.
    /// </summary>
    [Fact]
    public async Task AS_3_1_leaders_are_told_once_per_association_who_left()
    {
        var kit = new MembershipKit(app);
        var associations = await kit.AssociationsAsync(2, leaders: 1, name: "离校通知社");
        var (a, b) = (associations[0], associations[1]);
        var leavers = await kit.Founding.FreshStudentsAsync(3);
        await kit.AddMemberAsync(leavers[0], a.Id);
        await kit.AddMemberAsync(leavers[1], a.Id);
        await kit.AddMemberAsync(leavers[0], b.Id);
        await kit.AddMemberAsync(leavers[2], b.Id);
        await kit.SetLanguageAsync(a.Leader, "en");
        await kit.SetLanguageAsync(b.Leader, "zh-CN");
        var rows = await app.WithDbAsync(async db =>
            await (from s in db.Students.AsNoTracking()
                   join c in db.Colleges on s.CollegeId equals c.Id
                   join m in db.Majors on s.MajorId equals m.Id
                   join g in db.ClassGroups on s.ClassGroupId equals g.Id
                   where leavers.Contains(s.StudentNumber)
                   orderby s.StudentNumber
                   select new object[] { s.StudentNumber, s.Name, c.Name, m.Name, s.Grade, g.Name, "毕业", s.PoliticalStatus.ToString() })
                .ToListAsync());
        Task<List<Workflows.Email.OutboxMessage>> MailAsync(string user) => app.WithDbAsync(async db =>
        {
            var email = await db.Users.Where(u => u.UserName == user).Select(u => u.Email).SingleAsync();
            return await db.Outbox.AsNoTracking().Where(m => m.ToAddress == email && m.Body.Contains(leavers[0])).ToListAsync();
        });
        var admin = await Api.SignInAsync(app, "admin");

        var result = await ConfirmAsync(admin, await PreviewAsync(admin, Xlsx(Chinese, rows), "毕业生.xlsx"));
        Assert.Equal((3, 4), (Int(result, "updated"), Int(result, "membershipsEnded")));
        Assert.Equal(0, await kit.ActiveMembershipsAsync(leavers[0]));

        var toA = Assert.Single(await MailAsync(a.Leader));
        Assert.Equal("en", toA.Culture);
        Assert.Contains(a.Name, toA.Subject);
        Assert.Contains("graduated or withdrawn", toA.Body);
        Assert.Contains(leavers[1], toA.Body);
        Assert.DoesNotContain(leavers[2], toA.Body);
        var toB = Assert.Single(await MailAsync(b.Leader));
        Assert.Equal("zh-CN", toB.Culture);
        Assert.Contains("已毕业或退学", toB.Body);
        Assert.Contains(leavers[2], toB.Body);
        Assert.DoesNotContain(leavers[1], toB.Body);

        // The same file again: nobody leaves twice, nobody is told twice.
        await ConfirmAsync(admin, await PreviewAsync(admin, Xlsx(Chinese, rows), "毕业生.xlsx"));
        Assert.Single(await MailAsync(a.Leader));
        Assert.Single(await MailAsync(b.Leader));
    }
}
