using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Roster;

namespace ReformFlow.Tests.Setup;

/// <summary>
/// A new university with demo mode off, from an empty database to a registered association, entirely through
/// the HTTP API as its administrator and its people would do it: structure, roster imports, first-sign-in
/// links and passwords, roles with their scopes, the instructor bank, then founding (AS-1.1 … AS-1.6) to the
/// committee's registration. Nothing is put in the database behind the API's back.
/// </summary>
public sealed class WholeUniversityTests : IDisposable
{
    private const string AdminPassword = "Change-me-2026!";
    private const string PersonPassword = "Own-Secret-2026";
    private readonly EmptyUniversity app = new();

    /// <summary>The real app on an empty database file, configured as the README's production start.</summary>
    private sealed class EmptyUniversity() : AppFactory(NewPath())
    {
        private static string NewPath()
        {
            var dir = Path.Combine(Path.GetTempPath(), "reformflow-tests", Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(dir);
            return Path.Combine(dir, "empty.db");
        }

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Demo:Enabled"] = "false",
            ["Bootstrap:UniversityCode"] = "CBU",
            ["Bootstrap:UniversityName"] = "长白山大学",
            ["Bootstrap:UniversityNameEn"] = "Changbaishan University",
            ["Bootstrap:AdminUserName"] = "admin",
            ["Bootstrap:AdminPassword"] = AdminPassword,
        };
    }

    public void Dispose() => app.Dispose();

    private async Task<HttpClient> SignInAsync(string userName, string password)
    {
        var http = app.CreateClient();
        http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        Assert.True(response.IsSuccessStatusCode, $"sign-in of {userName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<JsonNode> OkAsync(Task<HttpResponseMessage> call, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    private static Task<JsonNode> PostAsync(HttpClient http, string path, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        OkAsync(http.PostAsJsonAsync(path, body), expected);

    private static Guid Id(JsonNode n) => n["id"]!.GetValue<Guid>();

    private static async Task<JsonNode> UploadAsync(HttpClient http, string path, string fileName, byte[] content)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        form.Add(new StringContent("false"), "fullRoster");
        return await OkAsync(http.PostAsync(path, form));
    }

    [Fact]
    public async Task Platform_a_new_university_from_an_empty_database_to_a_registered_association_through_the_api()
    {
        var admin = await SignInAsync("admin", AdminPassword);
        const string S = "/api/v1/admin/structure";

        // ---- structure ----
        var phy = Id(await PostAsync(admin, $"{S}/colleges", new { code = "PHY", name = "物理学院", nameEn = "School of Physics" }, HttpStatusCode.Created));
        await PostAsync(admin, $"{S}/majors", new { collegeId = phy, name = "物理学", nameEn = "Physics" }, HttpStatusCode.Created);
        var phyParty = Id(await PostAsync(admin, $"{S}/units", new { kind = "CollegeParty", name = "物理学院党委", nameEn = "Physics Party Committee", collegeId = phy }, HttpStatusCode.Created));
        Id(await PostAsync(admin, $"{S}/units", new { kind = "ReviewCommittee", name = "学生社团管理评审委员会", nameEn = "Association Review Committee" }, HttpStatusCode.Created));
        var swd = Id(await PostAsync(admin, $"{S}/units", new { kind = "StudentWorkDepartment", name = "学生工作部", nameEn = "Student Work Department" }, HttpStatusCode.Created));

        // ---- rosters: 25 students (GBK CSV, as Chinese Excel saves it) and 5 teachers ----
        var students = new StringBuilder("学号,姓名,学院,专业,年级,班级,学籍状态,政治面貌\r\n");
        var numbers = Enumerable.Range(1, 25).Select(i => $"2026{i:D6}").ToList();
        foreach (var (n, i) in numbers.Select((n, i) => (n, i)))
            students.Append($"{n},学生{i + 1:D2},物理学院,物理学,2026,物理2601,在籍,共青团员\r\n");
        var preview = await UploadAsync(admin, "/api/v1/admin/imports/students", "students.csv", RosterFile.Gb18030.GetBytes(students.ToString()));
        Assert.Equal(25, preview["create"]!.GetValue<int>());
        Assert.Empty(preview["errors"]!.AsArray());
        await PostAsync(admin, $"/api/v1/admin/imports/students/{Id(preview)}/confirm", new { missingBecome = "Unchanged" });

        var teachers = "工号,姓名,学院,政治面貌\r\nT0001,林老师,物理学院,中共党员\r\nT0002,周主任,物理学院,中共党员\r\n"
                       + "T0003,吴书记,物理学院,中共党员\r\nT0004,郑委员,物理学院,群众\r\nT0005,王主任,物理学院,中共党员\r\n";
        var teacherPreview = await UploadAsync(admin, "/api/v1/admin/imports/teachers", "teachers.csv", Encoding.UTF8.GetBytes(teachers));
        Assert.Equal(5, teacherPreview["create"]!.GetValue<int>());
        await PostAsync(admin, $"/api/v1/admin/imports/teachers/{Id(teacherPreview)}/confirm", new { });

        // ---- accounts: one-time links for everyone imported; each person sets their own password ----
        var issued = await PostAsync(admin, "/api/v1/admin/accounts/links", new { });
        var links = issued["links"]!.AsArray().ToDictionary(l => l!["userName"]!.GetValue<string>(), l => l!["url"]!.GetValue<string>());
        Assert.Equal(30, links.Count);
        var anonymous = app.CreateClient();
        foreach (var (userName, url) in links)
        {
            var token = Uri.UnescapeDataString(url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..].Split('&')[0]);
            await OkAsync(anonymous.PostAsJsonAsync("/api/v1/account/set-password", new { token, password = PersonPassword }), HttpStatusCode.NoContent);
        }

        // ---- roles with their scopes ----
        async Task AssignAsync(string userName, string role, Guid? unit) =>
            await PostAsync(admin, "/api/v1/admin/roles", new { userName, role, orgUnitId = unit }, HttpStatusCode.Created);
        await AssignAsync("T0002", "StudentWorkDepartment", swd);
        await AssignAsync("T0003", "GuidanceUnitReviewer", phyParty);
        // AS-1.8: the committee is seated by constituency; a seat grants its committee roles.
        await PostAsync(admin, "/api/v1/committee/seats", new { userName = "T0005", role = "Chair", constituency = "PartyLeader" }, HttpStatusCode.Created);
        await PostAsync(admin, "/api/v1/committee/seats", new { userName = "T0004", role = "Member", constituency = "StudentWorkDepartment" }, HttpStatusCode.Created);

        // ---- the student work department puts the instructor in the bank (AS-2.1) ----
        var swdOfficer = await SignInAsync("T0002", PersonPassword);
        await PostAsync(swdOfficer, "/api/v1/instructor-bank", new { staffNumber = "T0001" }, HttpStatusCode.Created);

        // ---- founding: a draft, 19 sponsors, submission, instructor, guidance unit, committee ----
        var initiator = await SignInAsync(numbers[0], PersonPassword);
        var draft = await PostAsync(initiator, "/api/v1/association-applications", new
        {
            name = "天文观测协会", category = "Academic", purpose = "组织同学观测星空，交流天文知识", guidanceUnitId = phyParty,
            charterText = "第一章 总则 …", declaresNoOutsideSponsor = true, declaresNoForeignAffairs = true, instructorStaffNumbers = new[] { "T0001" },
        }, HttpStatusCode.Created);
        var id = draft["instanceId"]!.GetValue<Guid>();
        var A = $"/api/v1/association-applications/{id}";
        await PostAsync(initiator, $"{A}/sponsors", new { studentNumbers = numbers.Skip(1).Take(19) });
        foreach (var n in numbers.Skip(1).Take(19))
            await PostAsync(await SignInAsync(n, PersonPassword), $"{A}/actions/ConfirmSponsorship", new { });

        // A decision sends the version its decider saw (AS workflows refuse a stale one).
        async Task<JsonNode> ActAsync(HttpClient who, string action, string? vote = null)
        {
            var version = (await OkAsync(who.GetAsync(A)))["version"]!.GetValue<int>();
            return await PostAsync(who, $"{A}/actions/{action}", new { expectedVersion = version, comment = "同意", vote });
        }

        Assert.Equal("AwaitingInstructors", (await ActAsync(initiator, "Submit"))["state"]!.GetValue<string>());
        await PostAsync(await SignInAsync("T0001", PersonPassword), $"{A}/actions/AcceptInstruction", new { });
        Assert.Equal("CommitteeReview", (await ActAsync(await SignInAsync("T0003", PersonPassword), "GuidanceApprove"))["state"]!.GetValue<string>());
        await ActAsync(await SignInAsync("T0004", PersonPassword), "RecordOpinion", "Support");
        var registered = await ActAsync(await SignInAsync("T0005", PersonPassword), "CommitteeApprove");
        Assert.Equal("Registered", registered["state"]!.GetValue<string>());

        // The association is on the register the initiator reads.
        var associations = await OkAsync(initiator.GetAsync("/api/v1/associations"));
        Assert.Contains(associations["items"]!.AsArray(), a => a!["name"]!.GetValue<string>() == "天文观测协会");
        Assert.Equal(1, await app.WithDbAsync(db => db.Associations.CountAsync()));
    }
}
