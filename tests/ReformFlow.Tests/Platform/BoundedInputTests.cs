using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Unions;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Support;
using ReformFlow.Tests.Unions;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Demo;
using static ReformFlow.Tests.Associations.FoundingKit;

namespace ReformFlow.Tests.Platform;

/// <summary>
/// Issue 7, bounded input: every free text has a limit, invitations and drafts are capped, every API error
/// is problem details, required means required, draft edits check the version, /culture redirects only
/// within the site, and a charter re-upload replaces the earlier file. Each refusal changes nothing.
/// </summary>
public sealed class BoundedInputTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Applications = "/api/v1/association-applications";
    private readonly FoundingKit kit = new(app);

    private Task<int> OutboxCountAsync() => app.WithDbAsync(db => db.Outbox.CountAsync());

    private static void AssertTooLong(HttpStatusCode status, JsonNode? problem) =>
        AssertRefused(status, problem, (null, "text.too-long"));

    // ---- text limits ----

    [Fact]
    public async Task Security_a_workflow_comment_longer_than_the_limit_is_refused_and_changes_nothing()
    {
        var d = await kit.DraftAsync("长评论社", sponsors: 0);
        var sponsor = (await kit.FreshStudentsAsync(1)).Single();
        var (invited, _) = await d.Initiator.PostAsync($"{Applications}/{d.Id}/sponsors", new { studentNumbers = new[] { sponsor } });
        Assert.Equal(HttpStatusCode.OK, invited);
        var before = await kit.ViewAsync(d.Id, d.Initiator);
        var mails = await OutboxCountAsync();
        var client = await kit.As(sponsor);

        var (status, problem) = await client.PostAsync($"{Applications}/{d.Id}/actions/ConfirmSponsorship", new { comment = new string('长', TextLimits.Comment + 1) });
        AssertTooLong(status, problem);
        Assert.Contains(TextLimits.Comment.ToString(), Message(problem, "text.too-long"));
        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);
        Assert.Equal(mails, await OutboxCountAsync());

        // A comment of exactly the limit is fine.
        var view = await client.ActAsync(d.Id, "ConfirmSponsorship", new { comment = new string('长', TextLimits.Comment) });
        Assert.Equal(TextLimits.Comment, History(view).Last()!["comment"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task Security_department_names_and_end_of_position_reasons_are_bounded()
    {
        var unions = new UnionKit(app);
        var phy = await unions.CollegeUnionIdAsync("PHY");
        var league = await kit.As("phy.league");
        var departments = await app.WithDbAsync(db => db.UnionDepartments.CountAsync());
        foreach (var body in new object[]
                 {
                     new { name = new string('部', TextLimits.Name + 1), nameEn = "Department" },
                     new { name = "宣传部二", nameEn = new string('D', TextLimits.NameEn + 1) },
                     new { name = "宣传部三", nameEn = "Department", justification = new string('因', TextLimits.Justification + 1) },
                 })
        {
            var (status, problem) = await league.PostAsync($"/api/v1/unions/{phy}/departments", body);
            AssertTooLong(status, problem);
        }
        Assert.Equal(departments, await app.WithDbAsync(db => db.UnionDepartments.CountAsync()));

        var position = await unions.SeatAsync(phy, await unions.NomineeAsync(), PositionKind.PresidiumMember, null);
        var (ended, endProblem) = await league.PostAsync($"/api/v1/unions/positions/{position}/end", new { reason = new string('因', TextLimits.Reason + 1) });
        AssertTooLong(ended, endProblem);
        Assert.True(await app.WithDbAsync(db => db.CadrePositions.Where(p => p.Id == position).AllAsync(p => p.EndedAt == null && p.EndReason == null)));
    }

    [Fact]
    public async Task Security_a_body_over_the_api_limit_is_413_problem_details_and_the_largest_legitimate_draft_fits()
    {
        var d = await kit.DraftAsync("大请求社", sponsors: 0);
        var before = await kit.ViewAsync(d.Id, d.Initiator);
        var json = "{\"studentNumbers\":[\"" + new string('1', (int)RequestBodyLimits.Json) + "\"]}";
        // With a declared length (answered before reading) and streamed without one (cut off while reading).
        foreach (HttpContent huge in new HttpContent[] { new StringContent(json, Encoding.UTF8, "application/json"), new StreamedJson(json) })
        {
            using var response = await d.Initiator.Http.PostAsync($"{Applications}/{d.Id}/sponsors", huge);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{huge.GetType().Name}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(413, JsonNode.Parse(text)!["status"]!.GetValue<int>());
        }
        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);

        // Every text of a draft at its limit, each character escaped as \uXXXX: still under the limit.
        var full = d.Body with
        {
            Name = new string('名', TextLimits.AssociationName), Purpose = new string('旨', TextLimits.Purpose), CharterText = new string('章', TextLimits.CharterText),
        };
        var escaped = System.Text.Json.JsonSerializer.Serialize(full, Api.Json);
        Assert.True(escaped.Length < RequestBodyLimits.Json, $"{escaped.Length} bytes");
        using var put = await d.Initiator.Http.PutAsync($"{Applications}/{d.Id}", new StringContent(escaped, Encoding.UTF8, "application/json"));
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
    }

    // ---- caps on invitations and drafts ----

    [Fact]
    public async Task Security_invitations_per_application_are_capped_and_a_refused_invite_queues_no_mail()
    {
        var d = await kit.DraftAsync("大邀请社", sponsors: 0);
        var numbers = await kit.FreshStudentsAsync(FoundingRules.MaxSponsorsPerApplication);
        var before = await kit.ViewAsync(d.Id, d.Initiator);
        var mails = await OutboxCountAsync();

        // With the initiator that is one sponsor too many.
        var (status, problem) = await d.Initiator.PostAsync($"{Applications}/{d.Id}/sponsors", new { studentNumbers = numbers });
        AssertRefused(status, problem, (null, "rule.sponsors-too-many-invited"));
        Assert.Equal(before["sponsors"]!.AsArray().Count, (await kit.ViewAsync(d.Id, d.Initiator))["sponsors"]!.AsArray().Count);
        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);
        Assert.Equal(mails, await OutboxCountAsync());

        var (ok, view) = await d.Initiator.PostAsync($"{Applications}/{d.Id}/sponsors", new { studentNumbers = numbers.Skip(1) });
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(FoundingRules.MaxSponsorsPerApplication, view!["sponsors"]!.AsArray().Count);
    }

    [Fact]
    public async Task Security_invitations_per_initiator_and_day_are_capped_also_across_removals()
    {
        var initiatorNumber = (await kit.FreshStudentsAsync(1)).Single();
        var initiator = await kit.As(initiatorNumber);
        var (_, created) = await initiator.PostAsync(Applications, await kit.BodyAsync("日限社", instructors: [DemoData.PartyInstructor]));
        var id = created!["instanceId"]!.GetValue<Guid>();
        var people = await kit.FreshStudentsAsync(FoundingRules.MaxInvitationsPerDay + 1);

        // 50 invited and withdrawn again, then 50 more: 100 invitations sent today, 50 sponsors on the application.
        var first = people.Take(50).ToList();
        Assert.Equal(HttpStatusCode.OK, (await initiator.PostAsync($"{Applications}/{id}/sponsors", new { studentNumbers = first })).Status);
        foreach (var n in first)
            Assert.Equal(HttpStatusCode.OK, (await initiator.SendAsync(HttpMethod.Delete, $"{Applications}/{id}/sponsors/{n}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await initiator.PostAsync($"{Applications}/{id}/sponsors", new { studentNumbers = people.Skip(50).Take(50) })).Status);

        var before = await kit.ViewAsync(id, initiator);
        var mails = await OutboxCountAsync();
        var (status, problem) = await initiator.PostAsync($"{Applications}/{id}/sponsors", new { studentNumbers = new[] { people[^1] } });
        AssertRefused(status, problem, (null, "rule.invitations-per-day"));
        await kit.AssertUnchangedAsync(id, before, initiator);
        Assert.Equal(before["sponsors"]!.AsArray().Count, (await kit.ViewAsync(id, initiator))["sponsors"]!.AsArray().Count);
        Assert.Equal(mails, await OutboxCountAsync());

        // A day later the initiator may invite again (the invitations are dated back rather than the shared clock moved on).
        await app.WithDbAsync(async db =>
        {
            foreach (var t in await db.InboxTasks.Where(t => t.InstanceId == id).ToListAsync()) t.CreatedAt -= TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.OK, (await initiator.PostAsync($"{Applications}/{id}/sponsors", new { studentNumbers = new[] { people[^1] } })).Status);
    }

    [Fact]
    public async Task Security_open_drafts_per_student_are_capped()
    {
        var initiator = await kit.As((await kit.FreshStudentsAsync(1)).Single());
        for (var i = 0; i < FoundingRules.MaxOpenDraftsPerStudent; i++)
        {
            var (ok, body) = await initiator.PostAsync(Applications, await kit.BodyAsync($"草稿社{i}", instructors: [DemoData.PartyInstructor]));
            Assert.True(ok == HttpStatusCode.Created, body?.ToJsonString());
        }
        var instances = await app.WithDbAsync(db => db.WorkflowInstances.CountAsync());
        var mails = await OutboxCountAsync();

        var (status, problem) = await initiator.PostAsync(Applications, await kit.BodyAsync("草稿社多", instructors: [DemoData.PartyInstructor]));
        AssertRefused(status, problem, (null, "rule.too-many-drafts"));
        Assert.Equal(instances, await app.WithDbAsync(db => db.WorkflowInstances.CountAsync()));
        Assert.Equal(mails, await OutboxCountAsync());
    }

    // ---- every API error is problem details ----

    [Fact]
    public async Task Security_null_inside_a_list_malformed_json_and_wrong_types_are_400_problem_details()
    {
        var d = await kit.DraftAsync("空值社", sponsors: 0);
        var swd = await kit.As("swd");
        var before = await kit.ViewAsync(d.Id, d.Initiator);
        var unit = d.Body.GuidanceUnitId;
        var cases = new (Api Client, HttpMethod Method, string Path, string Json)[]
        {
            (d.Initiator, HttpMethod.Post, $"{Applications}/{d.Id}/sponsors", """{"studentNumbers":[null]}"""),
            (d.Initiator, HttpMethod.Put, $"{Applications}/{d.Id}", $$"""{"name":"空值社","category":"Academic","purpose":"宗旨","guidanceUnitId":"{{unit}}","instructorStaffNumbers":[null]}"""),
            (d.Initiator, HttpMethod.Post, Applications, $$"""{"name":"空值社二","category":"Academic","purpose":"宗旨","guidanceUnitId":"{{unit}}","instructorStaffNumbers":["T01001",null]}"""),
            (swd, HttpMethod.Put, "/api/v1/students/academic-records", """{"records":[null]}"""),
            (d.Initiator, HttpMethod.Post, $"{Applications}/{d.Id}/sponsors", """{"studentNumbers":["2023011002"""),
            (d.Initiator, HttpMethod.Post, $"{Applications}/{d.Id}/sponsors", """{"studentNumbers":"2023011002"}"""),
            (d.Initiator, HttpMethod.Post, $"{Applications}/{d.Id}/actions/Submit", """{"expectedVersion":"three"}"""),
        };
        foreach (var (client, method, path, json) in cases)
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            using var response = await client.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} {json}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(text)!;
            Assert.Equal(400, problem["status"]!.GetValue<int>());
            Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()), json);
        }
        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);
    }

    /// <summary>The suite's apps attach a 500's exception for diagnosis; production does not (the default outside Development).</summary>
    private sealed class ProductionErrors : AppFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Api:ExceptionDetail"] = "false" };
    }

    [Fact]
    public async Task Security_an_unhandled_error_under_api_is_500_problem_details_not_the_html_error_page()
    {
        using var broken = new ProductionErrors();
        var client = await Api.SignInAsync(broken, DemoData.Initiator);
        await broken.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE InboxTasks"));

        using var response = await client.Http.GetAsync("/api/v1/tasks");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(500, problem["status"]!.GetValue<int>());
        // Nothing of the exception (SQL, table names, stack) reaches the caller.
        Assert.DoesNotContain("InboxTasks", text);
        Assert.DoesNotContain("<html", text, StringComparison.OrdinalIgnoreCase);
    }

    // ---- required means required; ranges are checked ----

    [Fact]
    public async Task Security_missing_required_fields_are_refused_not_defaulted()
    {
        var swd = await kit.As("swd");
        var teacher = DemoData.PartyInstructor;
        Assert.True(await app.WithDbAsync(db => db.Teachers.Where(t => t.StaffNumber == teacher).Select(t => t.IsPartyMember).SingleAsync()));
        var (status, problem) = await swd.PutAsync($"/api/v1/teachers/{teacher}/party-membership", new { });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("isPartyMember", problem!["detail"]!.GetValue<string>());
        Assert.True(await app.WithDbAsync(db => db.Teachers.Where(t => t.StaffNumber == teacher).Select(t => t.IsPartyMember).SingleAsync()));

        // A draft without a category does not become an ideological-political one.
        var initiator = await kit.As((await kit.FreshStudentsAsync(1)).Single());
        var unit = await kit.UnitIdAsync(GuidanceUnitName);
        var drafts = await app.WithDbAsync(db => db.AssociationApplications.CountAsync());
        (status, problem) = await initiator.PostAsync(Applications, new { name = "无类别社", purpose = "宗旨", guidanceUnitId = unit, instructorStaffNumbers = new[] { DemoData.PartyInstructor } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("category", problem!["detail"]!.GetValue<string>());
        Assert.Equal(drafts, await app.WithDbAsync(db => db.AssociationApplications.CountAsync()));
    }

    [Fact]
    public async Task Security_annual_review_cycles_only_for_a_year_near_now()
    {
        var swd = await kit.As("swd");
        var mails = await OutboxCountAsync();
        var cycles = await app.WithDbAsync(db => db.ReviewCycles.CountAsync());
        var reports = await app.WithDbAsync(db => db.AnnualReports.CountAsync());
        var deadline = app.Clock.GetUtcNow().AddDays(30);
        foreach (var year in new[] { -1, 0, 12, app.Clock.GetUtcNow().Year + 2 })
        {
            var (status, problem) = await swd.PostAsync("/api/v1/annual-reviews/cycles", new { academicYear = year, deadline });
            AssertRefused(status, problem, ("AS-1.5", "review.academic-year-range"));
        }
        var (missing, missingProblem) = await swd.PostAsync("/api/v1/annual-reviews/cycles", new { deadline });
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Contains("academicYear", missingProblem!["detail"]!.GetValue<string>());
        Assert.Equal(cycles, await app.WithDbAsync(db => db.ReviewCycles.CountAsync()));
        Assert.Equal(reports, await app.WithDbAsync(db => db.AnnualReports.CountAsync()));
        Assert.Equal(mails, await OutboxCountAsync());
    }

    // ---- optimistic concurrency on draft edits ----

    [Fact]
    public async Task Security_a_draft_edit_on_an_old_version_is_a_409_and_changes_nothing()
    {
        var d = await kit.DraftAsync("版本社", sponsors: 0);
        var seen = await kit.ViewAsync(d.Id, d.Initiator);
        var (first, firstView) = await d.Initiator.PutAsync($"{Applications}/{d.Id}", d.Body with { Purpose = "第一位编辑者的宗旨", ExpectedVersion = Version(seen) });
        Assert.Equal(HttpStatusCode.OK, first);

        var (second, problem) = await d.Initiator.PutAsync($"{Applications}/{d.Id}", d.Body with { Purpose = "第二位编辑者的宗旨", ExpectedVersion = Version(seen) });
        Assert.Equal(HttpStatusCode.Conflict, second);
        Assert.Equal(409, problem!["status"]!.GetValue<int>());
        var now = await kit.ViewAsync(d.Id, d.Initiator);
        Assert.Equal("第一位编辑者的宗旨", now["purpose"]!.GetValue<string>());
        await kit.AssertUnchangedAsync(d.Id, firstView!, d.Initiator);
    }

    // ---- /culture ----

    [Fact]
    public async Task Security_culture_redirects_only_within_the_site()
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var target in new[] { "//evil.example", "/\\evil.example", "https://evil.example/", "/\t/evil.example" })
        {
            using var response = await browser.GetAsync($"/culture?c=en&returnUrl={Uri.EscapeDataString(target)}");
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{target}: {(int)response.StatusCode}");
            Assert.Equal("/", response.Headers.Location!.ToString());
        }
        using var local = await browser.GetAsync($"/culture?c=en&returnUrl={Uri.EscapeDataString("/Tasks?x=1")}");
        Assert.Equal("/Tasks?x=1", local.Headers.Location!.ToString());
        using var noLanguage = await browser.GetAsync("/culture?returnUrl=//evil.example");
        Assert.Equal("/", noLanguage.Headers.Location!.ToString());
    }

    // ---- charter uploads ----

    [Fact]
    public async Task Security_a_charter_reupload_replaces_the_earlier_file_and_file_names_are_bounded()
    {
        var d = await kit.DraftAsync("章程社", sponsors: 0);
        var attachments = await app.WithDbAsync(db => db.Attachments.CountAsync());
        for (var i = 1; i <= 3; i++)
        {
            var (status, view) = await UploadAsync(d.Initiator, d.Id, $"章程{i}.pdf", Pdf(200 + i));
            Assert.True(status == HttpStatusCode.OK, view?.ToJsonString());
        }
        Assert.Equal(attachments + 1, await app.WithDbAsync(db => db.Attachments.CountAsync()));
        var kept = await app.WithDbAsync(db => db.Attachments.SingleAsync(a => a.FileName == "章程3.pdf"));
        Assert.Equal(203, kept.Content.Length);

        var before = await kit.ViewAsync(d.Id, d.Initiator);
        var (tooLong, problem) = await UploadAsync(d.Initiator, d.Id, new string('章', TextLimits.FileName) + ".pdf", Pdf(300));
        AssertTooLong(tooLong, problem);
        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);
        Assert.Equal("章程3.pdf", (await kit.ViewAsync(d.Id, d.Initiator))["charterFileName"]!.GetValue<string>());

        // A refused upload (not the initiator) stores nothing.
        var stranger = await kit.As((await kit.FreshStudentsAsync(1)).Single());
        var (forbidden, _) = await UploadAsync(stranger, d.Id, "别人的章程.pdf", Pdf(300));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        Assert.Equal(attachments + 1, await app.WithDbAsync(db => db.Attachments.CountAsync()));
    }

    [Fact]
    public async Task Security_files_left_behind_by_earlier_uploads_are_removed_and_linked_ones_kept()
    {
        var d = await kit.DraftAsync("旧文件社", sponsors: 0);
        var (uploaded, _) = await UploadAsync(d.Initiator, d.Id, "章程.pdf", Pdf(250));
        Assert.Equal(HttpStatusCode.OK, uploaded);
        var linked = await app.WithDbAsync(db => db.AssociationApplications.Where(a => a.CharterAttachmentId != null).Select(a => a.CharterAttachmentId!.Value).ToListAsync());
        var orphan = new Workflows.Data.Attachment { UniversityId = Guid.NewGuid(), FileName = "旧章程.pdf", Content = Pdf(100), ContentType = "application/pdf" };
        await app.WithDbAsync(db => { db.Attachments.Add(orphan); return db.SaveChangesAsync(); });

        Assert.Equal(1, await app.WithDbAsync(db => Workflows.Data.Attachments.DeleteUnlinkedAsync(db)));
        var left = await app.WithDbAsync(db => db.Attachments.Select(a => a.Id).ToListAsync());
        Assert.DoesNotContain(orphan.Id, left);
        Assert.Equal(linked.Order(), left.Order());
    }

    /// <summary>A JSON body sent without a Content-Length.</summary>
    private sealed class StreamedJson : HttpContent
    {
        private readonly byte[] _bytes;
        public StreamedJson(string json) { _bytes = Encoding.UTF8.GetBytes(json); Headers.ContentType = new MediaTypeHeaderValue("application/json"); }
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();
        protected override bool TryComputeLength(out long length) { length = 0; return false; }
    }

    private static byte[] Pdf(int size)
    {
        var bytes = new byte[size];
        Array.Fill(bytes, (byte)' ');
        "%PDF-1.4\n"u8.CopyTo(bytes);
        return bytes;
    }

    private static async Task<(HttpStatusCode, JsonNode?)> UploadAsync(Api api, Guid id, string fileName, byte[] content)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", fileName);
        using var response = await api.Http.PostAsync($"{Applications}/{id}/charter", form);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
