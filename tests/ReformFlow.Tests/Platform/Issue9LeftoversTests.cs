using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformFlow.Domain.Access;
using ReformFlow.Tests.Memberships;
using ReformFlow.Tests.Support;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Localization;
using static ReformFlow.Tests.Platform.ListExportTests;

namespace ReformFlow.Tests.Platform;

/// <summary>
/// What issue 9 still lacked: the unions list exports like every list; students are not mailed measure IDs (officials are);
/// a refused removal, refusal or committee seat keeps what was typed; a removed member's page says they were removed.
/// </summary>
public sealed class Issue9LeftoversTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly MembershipKit kit = new(app);

    private static string Token(string html) => WebUtility.HtmlDecode(PageClient.Token(html));

    private static readonly Regex MeasureId = new(@"\b(?:AS|SU)-\d");

    // ---- the unions list's export ----

    [Fact]
    public async Task Unions_list_exports_every_matching_union_from_the_page_and_the_API_with_headers_in_the_readers_language_and_formulas_escaped()
    {
        // A union whose name reads as a formula stays text in the workbook.
        var renamed = await app.WithDbAsync(async db =>
        {
            var union = await db.StudentUnions.Where(u => u.Level == Domain.Unions.UnionLevel.College).OrderBy(u => u.Name).FirstAsync();
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE \"StudentUnions\" SET \"Name\" = {"=HYPERLINK(\"http://x\") " + union.Name} WHERE \"Id\" = {union.Id}");
            return "=HYPERLINK(\"http://x\") " + union.Name;
        });
        // The Physics union drops below the usual 20 staff (SU-3.3) once its league organisation ends one member's position.
        var physics = await Api.SignInAsync(app, "phy.league");
        var phyUnion = (await physics.GetAsync("/api/v1/unions?level=College&q=Physics")).Body!["items"]![0]!["id"]!.GetValue<Guid>();
        var position = (await physics.GetAsync($"/api/v1/unions/{phyUnion}")).Body!["departments"]![0]!["members"]![0]!["positionId"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.NoContent, (await physics.PostAsync($"/api/v1/unions/positions/{position}/end", new { reason = "毕业离校" })).Status);
        var league = await Api.SignInAsync(app, "league");
        var colleges = (await league.GetAsync("/api/v1/unions?level=College&pageSize=100")).Body!;
        var total = colleges["total"]!.GetValue<int>();
        Assert.True(total > 1);

        // The API (English) and the page (Chinese, as a cookie session reads it): every college union of the filter, in the list's order.
        var apiRows = Rows(await league.Http.GetByteArrayAsync("/api/v1/unions?level=College&pageSize=1&format=xlsx"));
        Assert.Equal(total, apiRows.Count);
        Assert.Equal(["Union", "Level", "Staff", "Presidium", "Departments", "Size rules", "Flagged cadres"], apiRows[0].Keys);
        Assert.Equal(colleges["items"]!.AsArray().Select(u => u!["nameEn"]!.GetValue<string>()), apiRows.Select(r => (string?)r["Union"]));
        Assert.All(apiRows, r => Assert.Equal(Texts.Get("en", "enum.UnionLevel.College"), r["Level"]));

        var page = await PageClient.SignInAsync(app, "league");
        var html = await page.GetStringAsync("/Unions?level=College");
        Assert.Contains("id=\"export-xlsx\"", html);
        Assert.Contains("handler=Export", html);
        using var response = await page.GetAsync("/Unions?level=College&page=2&handler=Export");
        Assert.Equal(XlsxExport.ContentType, response.Content.Headers.ContentType!.MediaType);
        var pageRows = Rows(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(total, pageRows.Count);
        var name = Texts.Get("zh-CN", "unions.name");
        Assert.Equal(new[] { "unions.name", "unions.level", "unions.staff", "unions.presidium", "unions.departments", "unions.findings", "unions.open-flags" }
            .Select(k => Texts.Get("zh-CN", k)), pageRows[0].Keys);
        Assert.Contains(pageRows, r => (string?)r[name] == "'" + renamed);
        Assert.DoesNotContain(pageRows, r => (string?)r[name] == renamed);
        Assert.All(pageRows, r => Assert.False(string.IsNullOrEmpty((string?)r[Texts.Get("zh-CN", "unions.findings")])));

        // The size findings in words; officials read the measure IDs, a student (who may export the list too) does not.
        Assert.Contains(apiRows, r => ((string)r["Size rules"]!).Contains("[SU-3."));
        var student = await Api.SignInAsync(app, Workflows.Demo.DemoData.Initiator);
        var studentRows = Rows(await student.Http.GetByteArrayAsync("/api/v1/unions?level=College&format=xlsx"));
        Assert.Equal(apiRows.Select(r => r["Union"]), studentRows.Select(r => r["Union"]));
        Assert.All(studentRows, r => Assert.DoesNotMatch(MeasureId, (string)r["Size rules"]!));
        Assert.All(studentRows, r => Assert.Null(r["Flagged cadres"]));
        Assert.Equal(apiRows.Select(r => StudentReading.WithoutMeasures((string)r["Size rules"]!)), studentRows.Select(r => (string?)r["Size rules"]));

        // A filter nothing matches empties the export; the school-level filter has the one school union.
        Assert.Empty(Rows(await league.Http.GetByteArrayAsync("/api/v1/unions?q=nothing-matches-this&format=xlsx")));
        Assert.Single(Rows(await league.Http.GetByteArrayAsync("/api/v1/unions?level=School&format=xlsx")));
    }

    // ---- emails and measure IDs ----

    /// <summary>A notice whose text carries a measure ID (AS-1.3), and a direct email with a "[AS-2.4] " tag in front of an argument.</summary>
    private async Task<List<OutboxMessage>> MailAsync(params string[] userIds)
    {
        var before = await app.WithDbAsync(db => db.Outbox.Select(m => m.Id).ToListAsync());
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Workflows.Data.ReformFlowDb>();
            var uni = await db.Universities.Select(u => u.Id).FirstAsync();
            var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
            foreach (var id in userIds)
                await notifier.QueueNoticeAsync(id, null, null, uni, "email.no-instructor.subject", "email.no-instructor.body", ["天文社", "http://x/a"], default);
            var mail = new DirectMail(db, app.Clock, scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AppOptions>>());
            await mail.QueueAsync(userIds, "email.evaluation-failed-leader.subject",
                "email.evaluation-failed-leader.body", ["王老师", "天文社", "[AS-2.4] 年度考核不合格"], "/Associations", default);
            await db.SaveChangesAsync();
        }
        return await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => !before.Contains(m.Id)).ToListAsync());
    }

    [Fact]
    public async Task Emails_to_a_student_leave_out_measure_ids_in_both_languages_while_officials_and_students_holding_an_office_keep_them()
    {
        var (zh, en, officeHolder) = (await kit.FreshStudentAsync(), await kit.FreshStudentAsync(), await kit.FreshStudentAsync());
        await kit.SetLanguageAsync(en, "en");
        var ids = new Dictionary<string, string>();
        foreach (var name in new[] { zh, en, officeHolder, "swd" }) ids[name] = (await kit.Founding.UserAsync(name)).Id;
        // A student who is also an official (here: staff of the student work department) reads as an official.
        await app.WithDbAsync(async db =>
        {
            var swd = await db.RoleAssignments.FirstAsync(a => a.UserId == ids["swd"] && a.Role == Role.StudentWorkDepartment);
            db.RoleAssignments.Add(new RoleAssignment(ids[officeHolder], Role.StudentWorkDepartment, swd.UniversityId, swd.OrgUnitId));
            return await db.SaveChangesAsync();
        });

        var mail = await MailAsync(ids.Values.ToArray());
        string Address(string name) => kit.Founding.UserAsync(name).Result.Email!;
        List<OutboxMessage> To(string name) => mail.Where(m => m.ToAddress == Address(name)).ToList();

        foreach (var student in new[] { zh, en })
        {
            var messages = To(student);
            Assert.Equal(2, messages.Count);
            Assert.All(messages, m => Assert.DoesNotMatch(MeasureId, m.Subject + m.Body));
            Assert.All(messages, m => Assert.Contains("天文社", m.Body));
        }
        // The words stay; only the references go: "…at least one (AS-1.3); please…" reads "…at least one; please…".
        Assert.Contains(To(en), m => m.Body.Contains("Every association needs at least one; please follow up."));
        Assert.Contains(To(zh), m => m.Body.Contains("每个社团须至少有一名指导教师，请督促落实。"));
        Assert.Contains(To(en), m => m.Body.Contains("Reasons: 年度考核不合格") || m.Body.Contains("年度考核不合格"));

        foreach (var official in new[] { "swd", officeHolder })
        {
            var messages = To(official);
            Assert.Equal(2, messages.Count);
            Assert.Contains(messages, m => m.Body.Contains("（AS-1.3）"));
            Assert.Contains(messages, m => m.Body.Contains("[AS-2.4] 年度考核不合格"));
        }
    }

    [Fact]
    public void One_definition_strips_measure_references_in_brackets_and_tags_and_leaves_other_brackets()
    {
        Assert.Equal("规模控制。", StudentReading.WithoutMeasures("规模控制（SU-3.1～SU-3.3）。"));
        Assert.Equal("At least one.", StudentReading.WithoutMeasures("At least one (AS-1.3)."));
        Assert.Equal("发起人不足。", StudentReading.WithoutMeasures("[AS-1.1] 发起人不足。"));
        Assert.Equal("学号 (2023011001) 与 [备注]", StudentReading.WithoutMeasures("学号 (2023011001) 与 [备注]"));
        Assert.Equal("2026-10-15 23:59", StudentReading.WithoutMeasures("2026-10-15 23:59"));
    }

    // ---- forms keep what was typed after a refusal ----

    [Fact]
    public async Task A_refused_member_removal_and_request_refusal_keep_the_typed_reason_in_their_own_row_and_change_nothing()
    {
        var a = await kit.AssociationAsync(name: "篆刻社");
        var member = await kit.FreshStudentAsync();
        await kit.JoinAsync(member, a);
        var other = await kit.FreshStudentAsync();
        await kit.JoinAsync(other, a);
        var applicant = await kit.FreshStudentAsync();
        var request = await kit.AppliedAsync(applicant, a.Id);
        var before = await kit.SnapshotAsync(a.Id);

        foreach (var culture in new[] { "zh-CN", "en" })
        {
            var leader = await PageClient.SignInAsync(app, a.Leader);
            var path = $"/Associations/Details/{a.Id}?culture={culture}";
            var token = Token(await leader.GetStringAsync(path));
            // Over the 500 characters a reason may have (a client without the field's maxlength): refused, the text kept.
            var reason = "多次无故缺席活动，" + new string('长', 500);
            using var removal = await leader.PostAsync($"/Associations/Details/{a.Id}?handler=Remove&culture={culture}", new FormUrlEncodedContent(new Dictionary<string, string>
                { ["studentNumber"] = member, ["RemovalReason"] = reason, ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.OK, removal.StatusCode);
            var html = await removal.Content.ReadAsStringAsync();
            Assert.Contains(WebUtility.HtmlEncode(Texts.Get(culture, "text.too-long", Texts.Get(culture, "enum.TextField.Reason"), 500)), html);
            Assert.Matches($"id=\"remove-reason-{member}\"[^>]*value=\"{reason}\"", html);
            Assert.DoesNotMatch($"id=\"remove-reason-{other}\"[^>]*value=\"[^\"]", html);

            using var refusal = await leader.PostAsync($"/Associations/Details/{a.Id}?handler=Refuse&culture={culture}", new FormUrlEncodedContent(new Dictionary<string, string>
                { ["requestId"] = request.ToString(), ["Reason"] = "名额已满，" + new string('满', 500), ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.OK, refusal.StatusCode);
            html = await refusal.Content.ReadAsStringAsync();
            Assert.Matches($"id=\"reason-{applicant}\"[^>]*value=\"名额已满，满", html);
            Assert.DoesNotMatch($"id=\"remove-reason-{member}\"[^>]*value=\"[^\"]", html);
        }
        await kit.AssertUnchangedAsync(a.Id, before);

        // The remove button asks before it acts (it cannot be undone).
        var page = await (await PageClient.SignInAsync(app, a.Leader)).GetStringAsync($"/Associations/Details/{a.Id}");
        Assert.Matches($"id=\"remove-{member}\"[^>]*data-confirm=", page);
    }

    [Fact]
    public async Task AS_1_8_a_refused_committee_seat_keeps_the_typed_user_date_and_choices_and_changes_nothing()
    {
        var seats = await app.WithDbAsync(db => db.CommitteeSeats.CountAsync());
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            var admin = await PageClient.SignInAsync(app, "admin");
            var token = Token(await admin.GetStringAsync($"/Associations/Committee?culture={culture}"));
            // A relevant department's seat without the department: refused (AS-1.8).
            using var response = await admin.PostAsync($"/Associations/Committee?handler=Add&culture={culture}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "T01004", ["SeatRole"] = "Member", ["Constituency"] = "RelevantDepartment", ["DepartmentId"] = "", ["Since"] = "2026-09-01",
                ["__RequestVerificationToken"] = token,
            }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains(WebUtility.HtmlEncode(Texts.Get(culture, "committee.department-required")), html);
            Assert.Matches("id=\"Since\" name=\"Since\" value=\"2026-09-01\"", html);
            Assert.Matches("id=\"UserName\" name=\"UserName\" value=\"T01004\"", html);
            Assert.Matches("<option value=\"RelevantDepartment\" selected=\"selected\">", html);
        }
        Assert.Equal(seats, await app.WithDbAsync(db => db.CommitteeSeats.CountAsync()));
    }

    // ---- a removed member's own page ----

    [Fact]
    public async Task A_removed_member_reads_on_the_associations_page_when_by_whom_and_why_they_were_removed_until_they_join_again()
    {
        var a = await kit.AssociationAsync(name: "皮影社");
        var (removed, leaver, stranger) = (await kit.FreshStudentAsync(), await kit.FreshStudentAsync(), await kit.FreshStudentAsync());
        await kit.JoinAsync(removed, a);
        await kit.JoinAsync(leaver, a);
        Assert.Equal(HttpStatusCode.OK, (await (await kit.As(a.Leader)).PostAsync($"/api/v1/associations/{a.Id}/members/{removed}/remove", new { reason = "多次无故缺席排练" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await kit.LeaveAsync(leaver, a.Id)).Status);
        var leaderName = (await kit.Founding.UserAsync(a.Leader)).DisplayName;
        var day = await app.WithDbAsync(async db =>
        {
            var sid = await db.Students.Where(s => s.StudentNumber == removed).Select(s => s.Id).SingleAsync();
            var left = (await db.Memberships.AsNoTracking().SingleAsync(m => m.StudentId == sid && m.AssociationId == a.Id)).LeftAt!.Value;
            return TimeZoneInfo.ConvertTime(left, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd");
        });

        var client = await PageClient.SignInAsync(app, removed);
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            var html = await client.GetStringAsync($"/Associations/Details/{a.Id}?culture={culture}");
            Assert.Contains("id=\"you-were-removed\"", html);
            Assert.Contains(WebUtility.HtmlEncode(Texts.Get(culture, "associations.you-were-removed", day, leaderName, "多次无故缺席排练")), html);
            Assert.Contains(WebUtility.HtmlEncode(Texts.Get(culture, "associations.you-were-removed-again")), html);
        }
        // The API says it too.
        var me = (await (await kit.As(removed)).GetAsync($"/api/v1/associations/{a.Id}")).Body!["me"]!;
        Assert.Equal("多次无故缺席排练", me["removal"]!["reason"]!.GetValue<string>());
        Assert.Equal(leaderName, me["removal"]!["removedBy"]!.GetValue<string>());

        // Leaving on one's own, or never having been a member, says nothing of a removal.
        foreach (var student in new[] { leaver, stranger })
            Assert.DoesNotContain("id=\"you-were-removed\"", await (await PageClient.SignInAsync(app, student)).GetStringAsync($"/Associations/Details/{a.Id}"));

        // Accepted again: a member, no longer told they were removed.
        await kit.JoinAsync(removed, a);
        Assert.DoesNotContain("id=\"you-were-removed\"", await client.GetStringAsync($"/Associations/Details/{a.Id}"));
    }

    // ---- other forms that lost what was typed ----

    [Fact]
    public async Task AS_1_1_a_refused_sponsor_invitation_keeps_the_typed_student_numbers()
    {
        var founding = new Associations.FoundingKit(app);
        var d = await founding.DraftAsync("保留学号测试社", sponsors: 0);
        var client = await PageClient.SignInAsync(app, d.InitiatorNumber);
        var path = $"/Associations/Applications/Details/{d.Id}";
        var html = await client.GetStringAsync(path);
        Assert.Contains("id=\"invite-form\"", html);
        using var response = await client.PostAsync($"{path}?handler=Invite", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["StudentNumbers"] = "2099999999 2099999998", ["__RequestVerificationToken"] = Token(html) }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refused = await response.Content.ReadAsStringAsync();
        Assert.Contains("2099999999", refused);
        Assert.Matches("id=\"StudentNumbers\"[^>]*value=\"2099999999 2099999998\"", refused);
    }

    // ---- year filters the issue names that were missing ----

    [Fact]
    public async Task Done_list_and_roster_filter_by_year_in_the_page_and_the_API_and_an_impossible_year_is_an_empty_list_not_an_error()
    {
        var a = await kit.AssociationAsync(name: "年份社");
        var member = await kit.FreshStudentAsync();
        await kit.JoinAsync(member, a);
        var leaving = await kit.FreshStudentAsync();
        await kit.JoinAsync(leaving, a);
        Assert.Equal(HttpStatusCode.OK, (await (await kit.As(a.Leader)).PostAsync($"/api/v1/associations/{a.Id}/members/{leaving}/remove", new { reason = "转入其他社团" })).Status);
        var year = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Year;
        var leader = await kit.As(a.Leader);
        int Total(System.Text.Json.Nodes.JsonNode? body) => body!["total"]!.GetValue<int>();

        // Done: the leader's acceptances and the removal are this year's, none last year's.
        var done = Total((await leader.GetAsync($"/api/v1/tasks/done?q={Uri.EscapeDataString("年份社")}")).Body);
        Assert.True(done >= 3);
        Assert.Equal(done, Total((await leader.GetAsync($"/api/v1/tasks/done?q={Uri.EscapeDataString("年份社")}&year={year}")).Body));
        Assert.Equal(0, Total((await leader.GetAsync($"/api/v1/tasks/done?q={Uri.EscapeDataString("年份社")}&year={year - 1}")).Body));
        Assert.Empty(Rows(await leader.Http.GetByteArrayAsync($"/api/v1/tasks/done?year={year - 1}&format=xlsx")));
        var page = await PageClient.SignInAsync(app, a.Leader);
        var html = await page.GetStringAsync($"/Tasks/Done?year={year}&culture=en");
        Assert.Contains($"<option value=\"{year}\" selected=\"selected\">", html);
        Assert.Contains("转入其他社团", html);
        Assert.DoesNotContain("转入其他社团", await page.GetStringAsync($"/Tasks/Done?year={year - 1}"));

        // The roster: the members who joined this year (the leader and the member), none who joined last year.
        var roster = $"/api/v1/associations/{a.Id}/members";
        Assert.Equal(2, Total((await leader.GetAsync($"{roster}?year={year}")).Body));
        Assert.Equal(0, Total((await leader.GetAsync($"{roster}?year={year - 1}")).Body));
        Assert.Empty(Rows(await leader.Http.GetByteArrayAsync($"{roster}?year={year - 1}&format=xlsx")));
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            html = await page.GetStringAsync($"/Associations/Details/{a.Id}?year={year}&culture={culture}");
            Assert.Contains(WebUtility.HtmlEncode(Texts.Get(culture, "associations.joined-year")), html);
            Assert.Contains($"<option value=\"{year}\" selected=\"selected\">", html);
            Assert.Contains(member, html);
        }
        Assert.Contains("id=\"roster-empty\"", await page.GetStringAsync($"/Associations/Details/{a.Id}?year={year - 1}"));

        // A year no date can hold: an empty list (it answered 500 before), on every list with a year filter.
        var admin = await Api.SignInAsync(app, "admin");
        foreach (var impossible in new[] { 0, -5, 99999 })
        {
            Assert.Equal(0, Total((await leader.GetAsync($"/api/v1/tasks/done?year={impossible}")).Body));
            Assert.Equal(0, Total((await leader.GetAsync($"{roster}?year={impossible}")).Body));
            Assert.Equal(0, Total((await admin.GetAsync($"/api/v1/admin/outbox?year={impossible}")).Body));
            Assert.Equal(0, Total((await admin.GetAsync($"/api/v1/association-applications?year={impossible}")).Body));
            Assert.Equal(HttpStatusCode.OK, (await page.GetAsync($"/Tasks/Done?year={impossible}")).StatusCode);
        }
    }

    [Fact]
    public async Task A_refused_role_assignment_keeps_the_person_and_unit_picked_and_changes_nothing()
    {
        var (unit, assignments) = await app.WithDbAsync(async db =>
        {
            var swd = await db.Users.SingleAsync(u => u.UserName == "swd");
            return ((await db.RoleAssignments.FirstAsync(a => a.UserId == swd.Id && a.Role == Role.StudentWorkDepartment)).OrgUnitId!.Value, await db.RoleAssignments.CountAsync());
        });
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            var admin = await PageClient.SignInAsync(app, "admin");
            var path = $"/Admin/Roles?NewRole=StudentWorkDepartment&PersonQ=swd&culture={culture}";
            var form = await admin.GetStringAsync(path);
            Assert.Contains("id=\"assign-form\"", form);
            // "swd" already holds the role for that unit: refused, the same person and unit stay picked.
            using var response = await admin.PostAsync($"/Admin/Roles?handler=Assign&PersonQ=swd&culture={culture}", new FormUrlEncodedContent(new Dictionary<string, string>
                { ["NewRole"] = "StudentWorkDepartment", ["userName"] = "swd", ["orgUnitId"] = unit.ToString(), ["__RequestVerificationToken"] = Token(form) }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains(WebUtility.HtmlEncode(Texts.Get(culture, "roles.duplicate")), html);
            Assert.Matches("name=\"userName\" value=\"swd\" required checked=\"checked\"", html);
            Assert.Matches($"name=\"orgUnitId\" value=\"{unit}\" required checked=\"checked\"", html);
        }
        Assert.Equal(assignments, await app.WithDbAsync(db => db.RoleAssignments.CountAsync()));
    }

    [Fact]
    public async Task Issuing_sign_in_links_to_nobody_keeps_the_chosen_kind_college_and_grade()
    {
        var college = await app.WithDbAsync(db => db.Colleges.OrderBy(c => c.Code).Select(c => c.Id).FirstAsync());
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            var admin = await PageClient.SignInAsync(app, "admin");
            var form = await admin.GetStringAsync($"/Admin/Accounts?culture={culture}");
            // No student of that college is in grade 2199: nothing is issued, the page says so and keeps the choices.
            using var response = await admin.PostAsync($"/Admin/Accounts?handler=Issue&culture={culture}", new FormUrlEncodedContent(new Dictionary<string, string>
                { ["Kind"] = "Student", ["CollegeId"] = college.ToString(), ["Grade"] = "2199", ["__RequestVerificationToken"] = Token(form) }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("id=\"errors\"", html);
            Assert.Matches("<option value=\"Student\" selected=\"selected\">", html);
            Assert.Matches($"<option value=\"{college}\" selected=\"selected\">", html);
            Assert.Matches("id=\"grade\" name=\"Grade\" min=\"1950\" max=\"2200\" value=\"2199\"", html);
        }
    }
}
