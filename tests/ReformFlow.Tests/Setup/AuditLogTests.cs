using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Access;

namespace ReformFlow.Tests.Setup;

/// <summary>
/// The audit log (issue 8): every change to accounts, role assignments and roster imports is written with who, when,
/// what and to whom; administrators read their own university's, filtered by kind, actor, dates and text, 50 a page.
/// </summary>
public sealed class AuditLogTests
{
    private const string Audit = "/api/v1/admin/audit";

    [Fact]
    public async Task Every_account_role_and_import_change_is_audited_and_the_log_filters()
    {
        using var app = new AppFactory();
        var kit = new AccountKit(app);
        var admin = await Api.SignInAsync(app, "admin");
        var s = await kit.AddStudentAsync();
        var token = AccountKit.TokenOf(await AccountKit.IssueAsync(admin, new { grade = 2031 }), s.StudentNumber);
        await kit.SetPasswordAsync(token);
        await admin.PostAsync($"/api/v1/admin/accounts/{s.StudentNumber}/reset");
        await admin.PostAsync($"/api/v1/admin/users/{s.StudentNumber}/lock");
        await admin.PostAsync($"/api/v1/admin/users/{s.StudentNumber}/unlock");
        var (_, role) = await admin.PostAsync("/api/v1/admin/roles", new { userName = "T01004", role = "UniversityAdmin" });
        await admin.SendAsync(HttpMethod.Delete, $"/api/v1/admin/roles/{role!["id"]}");
        var place = await app.WithDbAsync(async db =>
        {
            var st = await db.Students.AsNoTracking().FirstAsync(x => x.StudentNumber == "2023011001");
            var g = await db.ClassGroups.AsNoTracking().SingleAsync(x => x.Id == st.ClassGroupId);
            var m = await db.Majors.AsNoTracking().SingleAsync(x => x.Id == st.MajorId);
            var c = await db.Colleges.AsNoTracking().SingleAsync(x => x.Id == st.CollegeId);
            return $"{st.StudentNumber},{st.Name},{c.Name},{m.Name},{st.Grade},{g.Name}";
        });
        using (var form = new MultipartFormDataContent())
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes("学号,姓名,学院,专业,年级,班级\r\n" + place + "\r\n"));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "audit-roster.csv");
            var preview = JsonNode.Parse(await (await admin.Http.PostAsync("/api/v1/admin/imports/students", form)).Content.ReadAsStringAsync())!;
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/imports/students/{preview["id"]}/confirm", new { })).Status);
        }

        var (status, log) = await admin.GetAsync(Audit);
        Assert.Equal(HttpStatusCode.OK, status);
        var kinds = log!["items"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        foreach (var k in Enum.GetValues<AuditKind>().Where(k => k is not AuditKind.AccountResetRequested and not AuditKind.AccountPasswordChanged))
            Assert.Contains(k.ToString(), kinds);
        Assert.Equal(nameof(AuditKind.RosterImported), kinds[0]); // newest first
        var import = log["items"]![0]!;
        Assert.Equal("audit-roster.csv", import["subject"]!.GetValue<string>());
        Assert.Contains("unchanged=1", import["summary"]!.GetValue<string>());
        Assert.Equal("系统管理员", import["actorName"]!.GetValue<string>());

        // Filters: kind, actor, text, dates (days in App:TimeZone).
        Assert.Equal(1, (await admin.GetAsync($"{Audit}?kind=RoleAssigned")).Body!["total"]!.GetValue<int>());
        var bySubject = (await admin.GetAsync($"{Audit}?q={s.StudentNumber}")).Body!["items"]!.AsArray();
        Assert.All(bySubject, e => Assert.Equal(s.StudentNumber, e!["subject"]!.GetValue<string>()));
        Assert.Equal(4, bySubject.Count); // password set, reset, lock, unlock (the issue entry names its filter, not the people)
        Assert.Equal(0, (await admin.GetAsync($"{Audit}?actor=nobody")).Body!["total"]!.GetValue<int>());
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");
        var tomorrow = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(1).ToString("yyyy-MM-dd");
        Assert.Equal(kinds.Count, (await admin.GetAsync($"{Audit}?from={today}&to={today}")).Body!["total"]!.GetValue<int>());
        Assert.Equal(0, (await admin.GetAsync($"{Audit}?from={tomorrow}")).Body!["total"]!.GetValue<int>());
        Assert.Equal(1, (await admin.GetAsync($"{Audit}?kind=AccountPasswordSet&actor=新生")).Body!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Teacher_and_academic_record_imports_are_audited_too()
    {
        using var app = new AppFactory();
        var admin = await Api.SignInAsync(app, "admin");
        async Task ImportAsync(string kind, string fileName, string csv)
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", fileName);
            using var upload = await admin.Http.PostAsync($"/api/v1/admin/imports/{kind}", form);
            var preview = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
            Assert.True(upload.IsSuccessStatusCode, preview.ToJsonString());
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/imports/{kind}/{preview["id"]}/confirm", new { })).Status);
        }
        var college = await app.WithDbAsync(db => db.Colleges.OrderBy(c => c.Code).Select(c => c.Name).FirstAsync());
        await ImportAsync("teachers", "audit-teachers.csv", $"工号,姓名,学院,政治面貌\r\nT99001,审计老师,{college},中共党员\r\n");
        await ImportAsync("academic-records", "audit-grades.csv", "学号,专业排名百分比,班级排名百分比,不及格门数\r\n2023011001,12,10,0\r\n");

        var entries = (await admin.GetAsync($"{Audit}?kind=RosterImported")).Body!["items"]!.AsArray();
        Assert.Equal(["audit-grades.csv", "audit-teachers.csv"], entries.Select(e => e!["subject"]!.GetValue<string>()).ToArray());
        Assert.StartsWith("academic-records updated=1", entries[0]!["summary"]!.GetValue<string>());
        Assert.StartsWith("teachers created=1", entries[1]!["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task Audit_log_pages_by_fifty_and_only_the_universitys_admin_reads_it()
    {
        using var app = new AppFactory();
        var kit = new AccountKit(app);
        var admin = await Api.SignInAsync(app, "admin");
        var uni = await app.WithDbAsync(async db =>
        {
            var id = await db.Universities.Select(u => u.Id).FirstAsync();
            for (var i = 0; i < 60; i++)
                AuditEntry.Add(db, DateTimeOffset.UtcNow.AddMinutes(-i), id, null, AuditKind.AccountLocked, $"user{i:00}", "");
            await db.SaveChangesAsync();
            return id;
        });
        var first = (await admin.GetAsync($"{Audit}?kind=AccountLocked")).Body!;
        Assert.Equal((60, 50, 2), (first["total"]!.GetValue<int>(), first["items"]!.AsArray().Count, first["pages"]!.GetValue<int>()));
        Assert.Equal("user00", first["items"]![0]!["subject"]!.GetValue<string>());
        var second = (await admin.GetAsync($"{Audit}?kind=AccountLocked&page=2")).Body!;
        Assert.Equal(10, second["items"]!.AsArray().Count);

        var (_, other) = await kit.OtherUniversityAdminAsync();
        Assert.Equal(0, (await other.GetAsync(Audit)).Body!["total"]!.GetValue<int>());
        foreach (var name in new[] { "swd", "chair", "2023011001" })
            Assert.Equal(HttpStatusCode.Forbidden, (await (await Api.SignInAsync(app, name)).GetAsync(Audit)).Status);
        Assert.NotEqual(Guid.Empty, uni);
    }
}
