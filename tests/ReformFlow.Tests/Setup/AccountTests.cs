using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Demo;

namespace ReformFlow.Tests.Setup;

/// <summary>
/// Accounts of imported people (issue 8): first-sign-in links (single use, expiring, replaced when issued again), the
/// password page, changing a password, an administrator's reset ending sessions, and "forgot password" saying nothing.
/// </summary>
public sealed class AccountTests
{
    [Fact]
    public async Task Imported_student_signs_in_by_number_after_setting_a_password_through_the_link_once()
    {
        using var app = new AppFactory();
        var kit = new AccountKit(app);
        var admin = await Api.SignInAsync(app, "admin");
        var number = "78" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        var place = await app.WithDbAsync(async db =>
        {
            var g = await db.ClassGroups.AsNoTracking().OrderBy(c => c.Name).FirstAsync();
            var m = await db.Majors.AsNoTracking().SingleAsync(x => x.Id == g.MajorId);
            var c = await db.Colleges.AsNoTracking().SingleAsync(x => x.Id == m.CollegeId);
            return (College: c.Name, Major: m.Name, g.Grade, Class: g.Name);
        });
        using (var form = new MultipartFormDataContent())
        {
            var csv = $"学号,姓名,学院,专业,年级,班级\r\n{number},林新,{place.College},{place.Major},{place.Grade},{place.Class}\r\n";
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "new.csv");
            var preview = JsonNode.Parse(await (await admin.Http.PostAsync("/api/v1/admin/imports/students", form)).Content.ReadAsStringAsync())!;
            var (confirmed, _) = await admin.PostAsync($"/api/v1/admin/imports/students/{preview["id"]}/confirm", new { });
            Assert.Equal(HttpStatusCode.OK, confirmed);
        }
        Assert.Null(await kit.SignInAsync(number, AccountKit.NewPassword)); // imported: no account yet

        var issued = await AccountKit.IssueAsync(admin, new { kind = "Student" });
        Assert.Equal(1, issued["issued"]!.GetValue<int>()); // the demo students have accounts already
        Assert.Equal(1, issued["created"]!.GetValue<int>());
        var token = AccountKit.TokenOf(issued, number);
        Assert.StartsWith("http://reformflow.test/Account/SetPassword?token=", issued["links"]![0]!["url"]!.GetValue<string>());
        Assert.Null(await kit.SignInAsync(number, "")); // the account has no password until the link is used

        var page = await app.CreateClient().GetStringAsync("/Account/SetPassword?token=" + token);
        Assert.Contains(number, page);
        Assert.Equal(HttpStatusCode.NoContent, (await kit.SetPasswordAsync(token)).StatusCode);
        var student = await kit.SignInAsync(number, AccountKit.NewPassword);
        Assert.NotNull(student);
        var me = await student!.GetFromJsonAsync<JsonObject>("/api/v1/me");
        Assert.NotNull(me!["studentId"]?.GetValue<Guid?>());

        // The link works once.
        var again = await kit.SetPasswordAsync(token, "Other-Pass2026");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("accounts.link-invalid", await again.Content.ReadAsStringAsync());
        Assert.Contains("id=\"link-invalid\"", await app.CreateClient().GetStringAsync("/Account/SetPassword?token=" + token));
        Assert.Null(await kit.SignInAsync(number, "Other-Pass2026"));
        // Issuing again leaves an account with a password alone.
        Assert.Equal(0, (await AccountKit.IssueAsync(admin, new { kind = "Student" }))["issued"]!.GetValue<int>());
    }

    [Fact]
    public async Task Link_expires_after_the_configured_days_and_issuing_again_invalidates_the_unused_one()
    {
        using var app = new AppFactory();
        var kit = new AccountKit(app);
        var admin = await Api.SignInAsync(app, "admin");
        var s = await kit.AddStudentAsync();

        var first = AccountKit.TokenOf(await AccountKit.IssueAsync(admin, new { }), s.StudentNumber);
        var second = AccountKit.TokenOf(await AccountKit.IssueAsync(admin, new { }), s.StudentNumber);
        Assert.Equal(1, await app.WithDbAsync(db => db.Users.CountAsync(u => u.StudentId == s.Id))); // one account, a new link
        Assert.Equal(HttpStatusCode.BadRequest, (await kit.SetPasswordAsync(first)).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        var late = await kit.SetPasswordAsync(second);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("accounts.link-invalid", await late.Content.ReadAsStringAsync());

        admin = await Api.SignInAsync(app, "admin"); // the bearer token lasts 8 hours
        var third = AccountKit.TokenOf(await AccountKit.IssueAsync(admin, new { grade = 2031 }), s.StudentNumber);
        app.Clock.Advance(TimeSpan.FromDays(13));
        Assert.Equal(HttpStatusCode.NoContent, (await kit.SetPasswordAsync(third)).StatusCode);
        Assert.NotNull(await kit.SignInAsync(s.StudentNumber, AccountKit.NewPassword));
    }

    [Fact]
    public async Task Weak_password_is_refused_with_each_rule_and_the_link_still_works()
    {
        using var app = new AppFactory();
        var kit = new AccountKit(app);
        var admin = await Api.SignInAsync(app, "admin");
        var s = await kit.AddStudentAsync();
        var token = AccountKit.TokenOf(await AccountKit.IssueAsync(admin, new { }), s.StudentNumber);
        var before = await kit.SnapshotAsync();

        var weak = await kit.SetPasswordAsync(token, "abc");
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        var codes = Api.ProblemCodes(JsonNode.Parse(await weak.Content.ReadAsStringAsync()));
        Assert.Contains("accounts.password-too-short", codes);
        Assert.Contains("accounts.PasswordRequiresDigit", codes);
        Assert.Contains("accounts.PasswordRequiresUpper", codes);
        var badMail = await kit.SetPasswordAsync(token, AccountKit.NewPassword, "not an address");
        Assert.Contains("accounts.email-invalid", await badMail.Content.ReadAsStringAsync());
        Assert.Equal(before, await kit.SnapshotAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await kit.SetPasswordAsync(token, AccountKit.NewPassword, "lin@example.edu.cn")).StatusCode);
        Assert.Equal("lin@example.edu.cn", await app.WithDbAsync(db => db.Users.Where(u => u.StudentId == s.Id).Select(u => u.Email).SingleAsync()));
    }

    [Fact]
    public async Task Links_download_as_csv_with_formula_cells_escaped()
    {
        using var app = new AppFactory();
        var kit = new AccountKit(app);
        var admin = await Api.SignInAsync(app, "admin");
        var t = await kit.AddTeacherAsync("=HYPERLINK(\"http://evil\")");
        var response = await admin.Http.PostAsJsonAsync(AccountKit.Links + "?format=csv", new { kind = "Teacher" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", csv);
        Assert.Contains(t.StaffNumber, csv);
        Assert.DoesNotContain(",\"=", csv);
        Assert.Equal("\"'+1\"", LinksCsv.Cell("+1"));
        Assert.Equal("\"'-1\"", LinksCsv.Cell("-1"));
        Assert.Equal("\"'@x\"", LinksCsv.Cell("@x"));
    }

    [Fact]
    public async Task Signed_in_person_changes_password_with_the_current_one_and_other_sessions_end()
    {
        using var app = new AppFactory();
        var kit = new AccountKit(app);
        var student = (await kit.SignInAsync(DemoData.Initiator, DemoData.Password))!;
        var before = await kit.SnapshotAsync();
        var wrong = await student.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = "nope", newPassword = AccountKit.NewPassword });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("accounts.current-password-wrong", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(before, await kit.SnapshotAsync());

        var ok = await student.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = DemoData.Password, newPassword = AccountKit.NewPassword });
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await student.GetAsync("/api/v1/me")).StatusCode);
        Assert.Null(await kit.SignInAsync(DemoData.Initiator, DemoData.Password));
        Assert.NotNull(await kit.SignInAsync(DemoData.Initiator, AccountKit.NewPassword));
        Assert.Single(await kit.AuditAsync(AuditKind.AccountPasswordChanged));
    }

    [Fact]
    public async Task Admin_reset_ends_the_sessions_removes_the_password_and_issues_a_new_link()
    {
        using var app = new AppFactory();
        var kit = new AccountKit(app);
        var admin = await Api.SignInAsync(app, "admin");
        var student = (await kit.SignInAsync(DemoData.Initiator, DemoData.Password))!;
        Assert.Equal(HttpStatusCode.OK, (await student.GetAsync("/api/v1/me")).StatusCode);

        var (status, link) = await admin.PostAsync($"/api/v1/admin/accounts/{DemoData.Initiator}/reset");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(link!["emailed"]!.GetValue<bool>()); // demo accounts have addresses
        Assert.Equal(HttpStatusCode.Unauthorized, (await student.GetAsync("/api/v1/me")).StatusCode);
        Assert.Null(await kit.SignInAsync(DemoData.Initiator, DemoData.Password));
        var mail = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.ToAddress == DemoData.Initiator + "@demo.reformflow.local").ToListAsync());
        Assert.Contains(mail, m => m.Body.Contains(link["url"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.NoContent, (await kit.SetPasswordAsync(AccountKit.TokenOfUrl(link["url"]!.GetValue<string>()))).StatusCode);
        Assert.NotNull(await kit.SignInAsync(DemoData.Initiator, AccountKit.NewPassword));
        Assert.Single(await kit.AuditAsync(AuditKind.AccountReset));
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_any_name_emails_a_link_to_a_real_account_and_is_throttled()
    {
        using var app = new AppFactory();
        var kit = new AccountKit(app);
        var http = app.CreateClient();
        async Task<(HttpStatusCode, string)> AskAsync(string name)
        {
            var r = await http.PostAsJsonAsync("/api/v1/account/forgot-password", new { userName = name });
            return (r.StatusCode, await r.Content.ReadAsStringAsync());
        }
        Task<int> MailsAsync() => app.WithDbAsync(db => db.Outbox.CountAsync(m => m.ToAddress == "member1@demo.reformflow.local"));
        var mailsBefore = await MailsAsync();
        var unknown = await AskAsync("nobody-" + Guid.NewGuid().ToString("N")[..6]);
        var known = await AskAsync("member1");
        Assert.Equal(HttpStatusCode.Accepted, known.Item1);
        Assert.Equal(unknown, known);
        Assert.Equal(mailsBefore + 1, await MailsAsync());
        // A second request within the interval sends nothing more, and still answers the same.
        Assert.Equal(known, await AskAsync("member1@demo.reformflow.local"));
        Assert.Equal(mailsBefore + 1, await MailsAsync());

        // The password keeps working until the emailed link is used.
        Assert.NotNull(await kit.SignInAsync("member1", DemoData.Password));
        var body = await app.WithDbAsync(db => db.Outbox.Where(m => m.ToAddress == "member1@demo.reformflow.local").OrderByDescending(m => m.CreatedAt).Select(m => m.Body).FirstAsync());
        var url = body.Split('\n').Select(l => l.Trim()).First(l => l.Contains("/Account/SetPassword?token="));
        Assert.Equal(HttpStatusCode.NoContent, (await kit.SetPasswordAsync(AccountKit.TokenOfUrl(url))).StatusCode);
        Assert.Null(await kit.SignInAsync("member1", DemoData.Password));
        Assert.NotNull(await kit.SignInAsync("member1", AccountKit.NewPassword));
        // The link is for 2 hours only.
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await AskAsync("member1");
        var body2 = await app.WithDbAsync(db => db.Outbox.Where(m => m.ToAddress == "member1@demo.reformflow.local").OrderByDescending(m => m.CreatedAt).Select(m => m.Body).FirstAsync());
        app.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        var url2 = body2.Split('\n').Select(l => l.Trim()).First(l => l.Contains("/Account/SetPassword?token="));
        Assert.Equal(HttpStatusCode.BadRequest, (await kit.SetPasswordAsync(AccountKit.TokenOfUrl(url2), "Third-Pass2026")).StatusCode);
    }

    [Fact]
    public async Task Only_the_university_admin_issues_and_resets_and_refusals_change_nothing()
    {
        using var app = new AppFactory();
        var kit = new AccountKit(app);
        await kit.AddStudentAsync();
        var (_, other) = await kit.OtherUniversityAdminAsync();
        var before = await kit.SnapshotAsync();

        foreach (var name in new[] { "swd", DemoData.Initiator, "chair" })
        {
            var api = await Api.SignInAsync(app, name);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync(AccountKit.Links, new { })).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync("/api/v1/admin/accounts/member1/reset")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/admin/accounts")).Status);
        }
        // Another university's administrator does not see this one's accounts or colleges.
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync("/api/v1/admin/accounts/member1/reset")).Status);
        var college = await app.WithDbAsync(db => db.Colleges.Select(c => c.Id).FirstAsync());
        var (status, problem) = await other.PostAsync(AccountKit.Links, new { collegeId = college });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("structure.college-unknown", Api.ProblemCodes(problem));
        Assert.Equal(0, (await other.GetAsync("/api/v1/admin/accounts?q=member1")).Body!["total"]!.GetValue<int>());
        var (bad, _) = await (await Api.SignInAsync(app, "admin")).PostAsync(AccountKit.Links, new { kind = "Nobody" });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(before, await kit.SnapshotAsync());
    }
}

/// <summary>Issuing links for a whole intake at once: 30,000 accounts and links in one transaction, in seconds (measured, not a minute).</summary>
public sealed class AccountBulkTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Issuing_links_for_30000_new_students_takes_seconds()
    {
        using var app = new AppFactory();
        await app.WithDbAsync(async db =>
        {
            var group = await db.ClassGroups.AsNoTracking().OrderBy(c => c.Name).FirstAsync();
            var major = await db.Majors.AsNoTracking().SingleAsync(m => m.Id == group.MajorId);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = 0; i < 30_000; i++)
                db.Students.Add(new ReformFlow.Domain.Organisation.Student(group.UniversityId, $"5{i:000000000}", "批量" + i, major.CollegeId, major.Id, group.Id, 2033));
            return await db.SaveChangesAsync();
        });
        var admin = await Api.SignInAsync(app, "admin");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var response = await admin.Http.PostAsJsonAsync(AccountKit.Links + "?format=csv", new { grade = 2033 });
        var csv = await response.Content.ReadAsStringAsync();
        clock.Stop();
        output.WriteLine($"30,000 accounts and links issued in {clock.Elapsed.TotalSeconds:0.0} s; CSV {csv.Length / 1024} KiB");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(30_001, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(30_000, await app.WithDbAsync(db => db.Users.CountAsync(u => u.UserName!.StartsWith("5") && u.StudentId != null && u.PasswordHash == null)));
        // Seconds on an idle machine; the bound leaves room for a loaded CI box (through SaveChanges it took about 50 s).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(55), $"took {clock.Elapsed}");
    }
}
