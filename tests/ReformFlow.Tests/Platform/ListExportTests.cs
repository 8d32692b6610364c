using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using ReformFlow.Tests.AnnualReview;
using ReformFlow.Tests.Support;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Email;
using static ReformFlow.Tests.Platform.ReadVisibilityKit.Staff;

namespace ReformFlow.Tests.Platform;

/// <summary>
/// Lists searched, filtered and exported: the outgoing mail reaches every message (it stopped at 200), and each list's
/// "Export .xlsx" (page handler and API <c>format=xlsx</c>) answers every matching row with the list's search and filters.
/// </summary>
public sealed class ListExportTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static JsonArray Items(JsonNode? body) => body!["items"]!.AsArray();
    private static int Total(JsonNode? body) => body!["total"]!.GetValue<int>();

    internal static List<IDictionary<string, object?>> Rows(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        return MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
    }

    /// <summary><paramref name="count"/> sent messages with the subject "<paramref name="marker"/> n", a minute apart.</summary>
    private Task<DateTimeOffset> MailAsync(string marker, int count, string? firstSubject = null) => app.WithDbAsync(async db =>
    {
        var uni = await db.Universities.Select(u => u.Id).FirstAsync();
        var start = app.Clock.GetUtcNow().AddDays(-1);
        for (var i = 0; i < count; i++)
            db.Outbox.Add(new OutboxMessage
            {
                UniversityId = uni, ToAddress = $"r{i}@example.edu.cn", ToName = $"收件人{i}", Subject = i == 0 && firstSubject is not null ? firstSubject : $"{marker} {i:D3}",
                Body = "-", Status = OutboxStatus.Sent, Attempts = 1, CreatedAt = start.AddMinutes(i), NextAttemptAt = start.AddMinutes(i), SentAt = start.AddMinutes(i),
            });
        await db.SaveChangesAsync();
        return start;
    });

    [Fact]
    public async Task Outbox_pages_past_200_messages_searches_filters_by_status_and_year_and_exports_every_match()
    {
        var marker = "翻页邮件" + Guid.NewGuid().ToString("N")[..6];
        var start = await MailAsync(marker, 230, firstSubject: $"=HYPERLINK(\"http://x\") {marker}");
        var admin = await Api.SignInAsync(app, "admin");
        var q = Uri.EscapeDataString(marker);

        var first = (await admin.GetAsync($"/api/v1/admin/outbox?q={q}&pageSize=100")).Body;
        Assert.Equal(230, Total(first));
        Assert.Equal(3, first!["pages"]!.GetValue<int>());
        Assert.Equal($"{marker} 229", Items(first)[0]!["subject"]!.GetValue<string>());
        var last = (await admin.GetAsync($"/api/v1/admin/outbox?q={q}&pageSize=100&page=3")).Body;
        Assert.Equal(30, Items(last).Count);
        Assert.StartsWith("=HYPERLINK", Items(last)[^1]!["subject"]!.GetValue<string>());
        var oldestFirst = (await admin.GetAsync($"/api/v1/admin/outbox?q={q}&sort=created&pageSize=1")).Body;
        Assert.StartsWith("=HYPERLINK", Items(oldestFirst)[0]!["subject"]!.GetValue<string>());

        // Filters: status and the year written (in the installation's zone), both ways.
        var year = start.ToOffset(TimeSpan.FromHours(8)).Year;
        Assert.Equal(230, Total((await admin.GetAsync($"/api/v1/admin/outbox?q={q}&status=Sent&year={year}")).Body));
        Assert.Equal(0, Total((await admin.GetAsync($"/api/v1/admin/outbox?q={q}&status=Failed")).Body));
        Assert.Equal(0, Total((await admin.GetAsync($"/api/v1/admin/outbox?q={q}&year={year - 3}")).Body));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/admin/outbox?status=Nonsense")).Status);

        // The page: the 230th message is on page 5 of 50 a page, with the filters kept.
        var html = await admin.Http.GetStringAsync($"/Admin/Outbox?q={q}&page=5");
        Assert.Contains("Page 5 of 5 · 230 in all", html);
        Assert.Contains("=HYPERLINK(&quot;http://x&quot;)", html);
        Assert.Contains("handler=Export", html);

        // Export: every match (not one page), newest first like the list, the formula escaped, headers in English.
        foreach (var path in new[] { $"/Admin/Outbox?q={q}&page=2&handler=Export", $"/api/v1/admin/outbox?q={q}&page=2&format=xlsx" })
        {
            var response = await admin.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(XlsxExport.ContentType, response.Content.Headers.ContentType!.MediaType);
            Assert.EndsWith(".xlsx", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
            var rows = Rows(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(230, rows.Count);
            Assert.Equal(["Written", "To", "Subject", "Status", "Attempts", "Last error"], rows[0].Keys);
            Assert.Equal($"{marker} 229", rows[0]["Subject"]);
            Assert.Equal("Sent", rows[0]["Status"]);
            Assert.Equal($"'=HYPERLINK(\"http://x\") {marker}", rows[^1]["Subject"]);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", (string)rows[0]["Written"]!);
        }

        // Not an administrator: refused, the page and the export alike.
        var student = await Api.SignInAsync(app, Workflows.Demo.DemoData.Initiator);
        Assert.Equal(HttpStatusCode.Forbidden, (await student.GetAsync($"/api/v1/admin/outbox?q={q}&format=xlsx")).Status);
        var refused = await student.Http.GetAsync($"/Admin/Outbox?q={q}&handler=Export");
        Assert.NotEqual(XlsxExport.ContentType, refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AS_1_5_annual_reviews_page_search_and_filter_by_state_college_and_year_within_the_readers_scope_and_export()
    {
        var kit = new ReviewKit(app);
        var marker = "年审列表" + Guid.NewGuid().ToString("N")[..4];
        var made = new List<Reviewed>();
        foreach (var n in new[] { "甲", "乙", "丙" }) made.Add(await kit.RegisteredAsync($"{marker}{n}社"));
        await kit.OpenCycleAsync();
        var year = app.Clock.GetUtcNow().Year;
        var (college, otherCollege) = await app.WithDbAsync(async db =>
        {
            var own = await (from a in db.Associations join u in db.OrgUnits on a.GuidanceUnitId equals u.Id
                             where a.Id == made[0].AssociationId select u.CollegeId).SingleAsync();
            return (own, await db.Colleges.Where(c => c.Id != own).Select(c => c.Id).FirstAsync());
        });
        var q = Uri.EscapeDataString(marker);
        const string list = "/api/v1/annual-reviews/reports";
        var swd = await Api.SignInAsync(app, StudentWork);

        // Names sort by their characters' code points (SQLite's binary collation), descending here.
        var byName = made.Select((_, i) => $"{marker}{"甲乙丙"[i]}社").OrderDescending(StringComparer.Ordinal).ToList();
        var first = (await swd.GetAsync($"{list}?q={q}&pageSize=2&sort=-name&year={year}")).Body;
        Assert.Equal(3, Total(first));
        Assert.Equal(2, first!["pages"]!.GetValue<int>());
        Assert.Equal(byName.Take(2), Items(first).Select(x => x!["association"]!.GetValue<string>()));
        Assert.Single(Items((await swd.GetAsync($"{list}?q={q}&pageSize=2&sort=-name&page=2")).Body));
        Assert.Equal(3, Total((await swd.GetAsync($"{list}?q={q}&state=Preparing")).Body));
        Assert.Equal(0, Total((await swd.GetAsync($"{list}?q={q}&state=Passed")).Body));
        Assert.Equal(HttpStatusCode.BadRequest, (await swd.GetAsync($"{list}?state=Nonsense")).Status);
        Assert.Equal(3, Total((await swd.GetAsync($"{list}?q={q}&collegeId={college}")).Body));
        Assert.Equal(0, Total((await swd.GetAsync($"{list}?q={q}&collegeId={otherCollege}")).Body));
        Assert.Equal(HttpStatusCode.NotFound, (await swd.GetAsync($"{list}?q={q}&year={year - 30}")).Status);

        // Scope: the guidance unit reads its own associations' reports; another unit filtering by their college sees none of them.
        var own = await Api.SignInAsync(app, OwnGuidanceUnit);
        Assert.Equal(3, Total((await own.GetAsync($"{list}?q={q}&collegeId={college}")).Body));
        Assert.Equal(0, Total((await own.GetAsync($"{list}?q={q}&collegeId={otherCollege}")).Body));
        foreach (var outsider in new[] { OtherGuidanceUnit, OtherCollegeLeague })
        {
            var (status, body) = await (await Api.SignInAsync(app, outsider)).GetAsync($"{list}?q={q}&collegeId={college}");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(0, Total(body));
            var export = await (await Api.SignInAsync(app, outsider)).Http.GetAsync($"/Associations/Review?q={q}&collegeId={college}&handler=Export");
            Assert.Empty(Rows(await export.Content.ReadAsByteArrayAsync()));
        }

        // The page: two of three on page 1, the filters in the form; the export has all three in the list's order.
        var html = await swd.Http.GetStringAsync($"/Associations/Review?q={q}&pageSize=2&sort=-name");
        Assert.Contains(byName[0], html);
        Assert.Contains(byName[1], html);
        Assert.DoesNotContain(byName[2], html);
        Assert.Contains("Page 1 of 2 · 3 in all", html);
        var rows = Rows(await swd.Http.GetByteArrayAsync($"/Associations/Review?q={q}&pageSize=2&sort=-name&handler=Export"));
        Assert.Equal(byName, rows.Select(r => (string?)r["Name"]));
        Assert.All(rows, r => Assert.Equal("Preparing the report", r["Step"]));
        Assert.Equal(rows.Select(r => r["Name"]), Rows(await swd.Http.GetByteArrayAsync($"{list}?q={q}&sort=-name&format=xlsx")).Select(r => r["Name"]));
    }

    [Fact]
    public async Task Applications_and_tasks_export_every_matching_row_from_the_page_and_the_API_in_the_list_order()
    {
        var founding = new Associations.FoundingKit(app);
        var marker = "导出申请" + Guid.NewGuid().ToString("N")[..4];
        var d = await founding.DraftAsync($"{marker}天文社", sponsors: 1);
        var q = Uri.EscapeDataString(marker);

        var listed = (await d.Initiator.GetAsync($"/api/v1/association-applications?q={q}&pageSize=1")).Body;
        Assert.Equal(1, Total(listed));
        foreach (var path in new[] { $"/api/v1/association-applications?q={q}&format=xlsx", $"/Associations/Applications?q={q}&handler=Export" })
        {
            var rows = Rows(await d.Initiator.Http.GetByteArrayAsync(path));
            var only = Assert.Single(rows);
            Assert.Equal(["Name", "Category", "Initiator", "Step", "Last change"], only.Keys);
            Assert.Equal($"{marker}天文社", only["Name"]);
            Assert.Equal("Academic", only["Category"]);
        }
        // A filter the application does not match empties the export too.
        Assert.Empty(Rows(await d.Initiator.Http.GetByteArrayAsync($"/api/v1/association-applications?q={q}&state=Registered&format=xlsx")));

        // My tasks: the page's export and the API's list name the same tasks, in the same order.
        var tasks = Items((await d.Initiator.GetAsync("/api/v1/tasks?pageSize=100")).Body).Select(t => t!["subject"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(tasks);
        Assert.Equal(tasks, Rows(await d.Initiator.Http.GetByteArrayAsync("/Tasks?handler=Export")).Select(r => (string?)r["Concerning"]));
        Assert.Equal(tasks, Rows(await d.Initiator.Http.GetByteArrayAsync("/api/v1/tasks?format=xlsx")).Select(r => (string?)r["Concerning"]));
    }

    [Fact]
    public async Task Applications_filter_by_the_initiators_college_and_the_year_started_in_the_page_and_the_API()
    {
        var founding = new Associations.FoundingKit(app);
        var marker = "学院年份" + Guid.NewGuid().ToString("N")[..4];
        var d = await founding.DraftAsync($"{marker}书法社", sponsors: 1);
        var q = Uri.EscapeDataString(marker);
        var (own, other) = await app.WithDbAsync(async db =>
        {
            var college = await (from s in db.Students where s.StudentNumber == d.InitiatorNumber select s.CollegeId).SingleAsync();
            var uni = await db.Colleges.Where(c => c.Id == college).Select(c => c.UniversityId).SingleAsync();
            return (college, await db.Colleges.Where(c => c.UniversityId == uni && c.Id != college).Select(c => c.Id).FirstAsync());
        });
        var year = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Year;

        async Task<int> CountAsync(string filter) => Total((await d.Initiator.GetAsync($"/api/v1/association-applications?q={q}&{filter}")).Body);
        Assert.Equal(1, await CountAsync($"collegeId={own}"));
        Assert.Equal(0, await CountAsync($"collegeId={other}"));
        Assert.Equal(1, await CountAsync($"year={year}"));
        Assert.Equal(0, await CountAsync($"year={year - 1}"));
        Assert.Equal(1, await CountAsync($"collegeId={own}&year={year}"));
        Assert.Empty(Rows(await d.Initiator.Http.GetByteArrayAsync($"/api/v1/association-applications?q={q}&collegeId={other}&format=xlsx")));

        // The page: the same filters in its GET form, the year offered, the other college's filter empty.
        var page = await d.Initiator.Http.GetStringAsync($"/Associations/Applications?q={q}&collegeId={own}&year={year}");
        Assert.Contains($"{marker}书法社", page);
        Assert.Contains($"<option value=\"{year}\" selected=\"selected\">", page);
        Assert.DoesNotContain($"{marker}书法社", await d.Initiator.Http.GetStringAsync($"/Associations/Applications?q={q}&collegeId={other}"));
    }
}
