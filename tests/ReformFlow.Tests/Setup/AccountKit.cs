using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Organisation;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Access;

namespace ReformFlow.Tests.Setup;

/// <summary>People without accounts in the demo university, links, and sign-in with any password (issue 8).</summary>
public sealed class AccountKit(AppFactory app)
{
    public const string NewPassword = "Neu-Pass2026";
    public const string Links = "/api/v1/admin/accounts/links";

    /// <summary>A student of the demo university's first college, as the roster import leaves them: no account.</summary>
    public Task<Student> AddStudentAsync(int grade = 2031, string? name = null) => app.WithDbAsync(async db =>
    {
        var group = await db.ClassGroups.AsNoTracking().OrderBy(c => c.Name).FirstAsync();
        var major = await db.Majors.AsNoTracking().SingleAsync(m => m.Id == group.MajorId);
        var s = new Student(group.UniversityId, "77" + Random.Shared.NextInt64(10_000_000, 99_999_999), name ?? "新生甲", major.CollegeId, major.Id, group.Id, grade);
        db.Students.Add(s);
        await db.SaveChangesAsync();
        return s;
    });

    public Task<Teacher> AddTeacherAsync(string name) => app.WithDbAsync(async db =>
    {
        var uni = await db.Universities.AsNoTracking().OrderBy(u => u.Code).FirstAsync();
        var t = new Teacher(uni.Id, "T9" + Random.Shared.Next(10_000, 99_999), name, null, false);
        db.Teachers.Add(t);
        await db.SaveChangesAsync();
        return t;
    });

    /// <summary>Issues links as the admin and answers the result; asserts 200.</summary>
    public static async Task<JsonNode> IssueAsync(Api admin, object body)
    {
        var (status, json) = await admin.PostAsync(Links, body);
        Assert.True(status == HttpStatusCode.OK, $"issue answered {(int)status}: {json?.ToJsonString()}");
        return json!;
    }

    public static string TokenOf(JsonNode issued, string userName) =>
        TokenOfUrl(issued["links"]!.AsArray().Single(l => l!["userName"]!.GetValue<string>() == userName)!["url"]!.GetValue<string>());

    public static string TokenOfUrl(string url) => url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..];

    public Task<HttpResponseMessage> SetPasswordAsync(string token, string password = NewPassword, string? email = null) =>
        app.CreateClient().PostAsJsonAsync("/api/v1/account/set-password", new { token, password, email });

    /// <summary>A client with a bearer token for any user name and password, or null when the sign-in is refused.</summary>
    public async Task<HttpClient?> SignInAsync(string userName, string password)
    {
        var http = app.CreateClient();
        http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        if (!response.IsSuccessStatusCode) return null;
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Another university with its own administrator (a bearer client), for the scope refusals.</summary>
    public async Task<(Guid University, Api Admin)> OtherUniversityAdminAsync()
    {
        var code = "OA" + Guid.NewGuid().ToString("N")[..6];
        var uni = await app.WithDbAsync(async db =>
        {
            var u = new University(code, "松辽大学", "Songliao University");
            db.Universities.Add(u);
            await db.SaveChangesAsync();
            return u.Id;
        });
        await new Associations.FoundingKit(app).AddUserAsync(code.ToLowerInvariant() + ".admin", uni, Role.UniversityAdmin, null);
        return (uni, await Api.SignInAsync(app, code.ToLowerInvariant() + ".admin"));
    }

    /// <summary>Accounts, links, role assignments and audit rows, as one comparable text: what a refusal must leave as it was.</summary>
    public Task<string> SnapshotAsync() => app.WithDbAsync(async db => string.Join("|",
        (await db.Users.OrderBy(u => u.Id).Select(u => u.Id + u.PasswordHash + u.SecurityStamp + u.LockoutEnd).ToListAsync())
        .Concat(await db.AccountLinks.OrderBy(l => l.Id).Select(l => l.Id + l.TokenHash + l.UsedAt).ToListAsync())
        .Concat(await db.RoleAssignments.OrderBy(a => a.Id).Select(a => a.Id + a.UserId + a.Role + a.OrgUnitId).ToListAsync())
        .Concat(await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Id.ToString()).ToListAsync())));

    public Task<List<AuditEntry>> AuditAsync(AuditKind kind) =>
        app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Kind == kind).ToListAsync());
}
