using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Organisation;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Demo;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Tests.Associations;

/// <summary>What a draft form sends; a record so a test can change one field with <c>with</c>.</summary>
public sealed record DraftBody(
    string Name, string Category, string Purpose, Guid GuidanceUnitId, string? CharterText,
    bool DeclaresNoOutsideSponsor, bool DeclaresNoForeignAffairs, IReadOnlyList<string> InstructorStaffNumbers, int? ExpectedVersion = null);

/// <summary>A draft started by a fresh initiator, with the fresh sponsors and instructors it names.</summary>
public sealed record TestDraft(Guid Id, string InitiatorNumber, Api Initiator, IReadOnlyList<string> Sponsors, IReadOnlyList<string> Instructors, DraftBody Body);

/// <summary>
/// Founding scenarios on people no other test of the same database uses: each test class shares one
/// database, and sponsors (at most 2 associations, AS-3.2) and instructors (at most 2, AS-2.2) are
/// used up by the applications they join. Students and teachers handed out are remembered per database.
/// </summary>
public sealed class FoundingKit(AppFactory app)
{
    public const string GuidanceAccount = Founding.GuidanceAccount;
    public const string GuidanceUnitName = Founding.GuidanceUnitName;
    public const string Charter = "第一条 本会名称及宗旨。第二条 会员。第三条 组织机构。";

    private static readonly ConditionalWeakTable<AppFactory, Reserved> ReservedByApp = new();
    private static readonly ConditionalWeakTable<AppFactory, Dictionary<string, Task<Api>>> Clients = new();

    private sealed class Reserved
    {
        public readonly HashSet<string> Students = [];
        public readonly HashSet<string> Teachers = [];
    }

    private Reserved Mine => ReservedByApp.GetValue(app, _ => new Reserved());

    // ---- people ----

    /// <summary>Enrolled, unpunished students of the demo university outside the walkthrough's class, in no application or association yet.</summary>
    public async Task<List<string>> FreshStudentsAsync(int count)
    {
        var reserved = Mine;
        var candidates = await app.WithDbAsync(async db =>
        {
            var sponsoring = db.Set<Sponsor>().Select(s => s.StudentId);
            var members = db.Memberships.Select(m => m.StudentId);
            var uni = await DemoUniversityIdAsync(db);
            return await db.Students.AsNoTracking()
                .Where(s => s.UniversityId == uni && s.Status == StudentStatus.Enrolled && s.ActivePunishment == null
                            && !s.StudentNumber.StartsWith("2023011") && !sponsoring.Contains(s.Id) && !members.Contains(s.Id))
                .OrderBy(s => s.StudentNumber).Select(s => s.StudentNumber).Take(count + 400).ToListAsync();
        });
        lock (reserved)
        {
            var picked = candidates.Where(n => !reserved.Students.Contains(n)).Take(count).ToList();
            if (picked.Count < count) throw new InvalidOperationException("Not enough fresh students left in this database.");
            reserved.Students.UnionWith(picked);
            return picked;
        }
    }

    /// <summary>Teachers in the instructor bank (AS-2.1) who are proposed nowhere and guide nothing yet.</summary>
    public async Task<List<string>> FreshInstructorsAsync(int count, bool? partyMember = null)
    {
        var reserved = Mine;
        var candidates = await app.WithDbAsync(async db =>
        {
            var proposed = db.Set<ProposedInstructor>().Select(p => p.TeacherId);
            var appointed = db.InstructorAppointments.Select(a => a.TeacherId);
            var bank = db.InstructorBank.Where(b => b.RemovedAt == null).Select(b => b.TeacherId);
            var uni = await DemoUniversityIdAsync(db);
            return await db.Teachers.AsNoTracking()
                .Where(t => t.UniversityId == uni && bank.Contains(t.Id) && !proposed.Contains(t.Id) && !appointed.Contains(t.Id)
                            && t.StaffNumber != DemoData.PartyInstructor && t.StaffNumber != DemoData.NonPartyInstructor
                            && (partyMember == null || t.IsPartyMember == partyMember))
                .OrderBy(t => t.StaffNumber).Select(t => t.StaffNumber).ToListAsync();
        });
        lock (reserved)
        {
            var picked = candidates.Where(n => !reserved.Teachers.Contains(n)).Take(count).ToList();
            if (picked.Count < count) throw new InvalidOperationException("Not enough fresh instructors left in this database.");
            reserved.Teachers.UnionWith(picked);
            return picked;
        }
    }

    public static Task<Guid> DemoUniversityIdAsync(Workflows.Data.ReformFlowDb db) =>
        db.Universities.Where(u => u.Code == DemoData.UniversityCode).Select(u => u.Id).SingleAsync();

    public Task<Guid> UnitIdAsync(string name) =>
        app.WithDbAsync(db => db.OrgUnits.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    public Task<Guid> StudentIdAsync(string number) =>
        app.WithDbAsync(db => db.Students.Where(s => s.StudentNumber == number).Select(s => s.Id).SingleAsync());

    public Task<Guid> TeacherIdAsync(string staffNumber) =>
        app.WithDbAsync(db => db.Teachers.Where(t => t.StaffNumber == staffNumber).Select(t => t.Id).SingleAsync());

    public Task<AppUser> UserAsync(string userName) =>
        app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName));

    /// <summary>A bearer-token client for a user, signed in once per database.</summary>
    public Task<Api> As(string userName)
    {
        var clients = Clients.GetValue(app, _ => []);
        lock (clients)
        {
            if (!clients.TryGetValue(userName, out var client) || client.IsFaulted)
                clients[userName] = client = Api.SignInAsync(app, userName);
            return client;
        }
    }

    /// <summary>A new user of the given university holding one scoped role; password <see cref="DemoData.Password"/>.</summary>
    public Task<AppUser> AddUserAsync(string userName, Guid? universityId, Role role, Guid? orgUnitId) =>
        app.WithDbAsync(async db =>
        {
            var user = new AppUser
            {
                UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), DisplayName = userName + " 老师",
                Email = $"{userName}@test.reformflow.local", NormalizedEmail = $"{userName}@TEST.REFORMFLOW.LOCAL", EmailConfirmed = true,
                UniversityId = universityId, SecurityStamp = Guid.NewGuid().ToString("N"), LockoutEnabled = true,
            };
            user.PasswordHash = new PasswordHasher<AppUser>().HashPassword(user, DemoData.Password);
            db.Users.Add(user);
            db.RoleAssignments.Add(new RoleAssignment(user.Id, role, universityId, orgUnitId));
            await db.SaveChangesAsync();
            return user;
        });

    /// <summary>Registered associations made directly in the database (to give people memberships or appointments elsewhere).</summary>
    public Task<List<Guid>> AddAssociationsAsync(int count) =>
        app.WithDbAsync(async db =>
        {
            var uni = await DemoUniversityIdAsync(db);
            var unit = await db.OrgUnits.Where(o => o.Name == GuidanceUnitName).Select(o => o.Id).SingleAsync();
            var anyStudent = await db.Students.Where(s => s.UniversityId == uni).Select(s => s.Id).FirstAsync();
            var now = app.Clock.GetUtcNow();
            var ids = new List<Guid>();
            for (var i = 0; i < count; i++)
            {
                var application = new AssociationApplication(uni, anyStudent, now);
                application.Edit($"既有社团{Guid.NewGuid():N}"[..12], AssociationCategory.CultureSports, "已注册的社团", unit, Charter, true, true);
                var association = new Association(uni, $"TEST-{Guid.NewGuid():N}"[..17], application, now);
                db.Associations.Add(association);
                ids.Add(association.Id);
            }
            await db.SaveChangesAsync();
            return ids;
        });

    public Task AddMembershipsAsync(string studentNumber, IEnumerable<Guid> associationIds) =>
        app.WithDbAsync(async db =>
        {
            var student = await db.Students.SingleAsync(s => s.StudentNumber == studentNumber);
            foreach (var a in associationIds)
                db.Memberships.Add(new Membership(student.UniversityId, a, student.Id, MemberRole.Member, app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });

    public Task AddAppointmentsAsync(string staffNumber, IEnumerable<Guid> associationIds) =>
        app.WithDbAsync(async db =>
        {
            var teacher = await db.Teachers.SingleAsync(t => t.StaffNumber == staffNumber);
            foreach (var a in associationIds)
                db.InstructorAppointments.Add(new InstructorAppointment(teacher.UniversityId, a, teacher.Id, app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });

    // ---- drafts and steps ----

    public async Task<DraftBody> BodyAsync(string name, string category = "Academic", IReadOnlyList<string>? instructors = null, string unit = GuidanceUnitName) =>
        new(name, category, "组织同学开展活动，交流学习", await UnitIdAsync(unit), Charter, true, true,
            instructors ?? await FreshInstructorsAsync(1));

    /// <summary>
    /// A draft by a fresh initiator with <paramref name="sponsors"/> fresh classmates (plus <paramref name="extraSponsors"/>)
    /// invited and confirmed. 19 sponsors + the initiator are the 20 AS-1.1 asks for.
    /// </summary>
    public async Task<TestDraft> DraftAsync(string name, int sponsors = 19, IEnumerable<string>? extraSponsors = null,
        Func<DraftBody, DraftBody>? change = null, string category = "Academic", IReadOnlyList<string>? instructors = null)
    {
        var people = await FreshStudentsAsync(sponsors + 1);
        var body = await BodyAsync(name, category, instructors);
        if (change is not null) body = change(body);
        var initiator = await As(people[0]);
        var (status, view) = await initiator.PostAsync("/api/v1/association-applications", body);
        if (status != HttpStatusCode.Created) throw new Xunit.Sdk.XunitException($"draft: {(int)status} {view?.ToJsonString()}");
        var id = view!["instanceId"]!.GetValue<Guid>();
        var all = people.Skip(1).Concat(extraSponsors ?? []).ToList();
        if (all.Count > 0) await InviteAndConfirmAsync(id, initiator, all);
        return new TestDraft(id, people[0], initiator, all, body.InstructorStaffNumbers, body);
    }

    /// <summary>
    /// The initiator invites over HTTP; each sponsor confirms through the same workflow runner the API uses,
    /// as themselves (signing 20 people in over HTTP for every test would only cost time).
    /// </summary>
    public async Task InviteAndConfirmAsync(Guid id, Api initiator, IReadOnlyList<string> numbers)
    {
        var (status, body) = await initiator.PostAsync($"/api/v1/association-applications/{id}/sponsors", new { studentNumbers = numbers });
        if (status != HttpStatusCode.OK) throw new Xunit.Sdk.XunitException($"invite: {(int)status} {body?.ToJsonString()}");
        foreach (var n in numbers) await ActAsUserAsync(n, id, "ConfirmSponsorship");
    }

    /// <summary>Fires an action as a user through <see cref="FoundingService"/> (the API's own use case), not over HTTP.</summary>
    public async Task ActAsUserAsync(string userName, Guid id, string action, string? comment = null, int? expectedVersion = null)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<Workflows.Data.ReformFlowDb>();
        var userId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
        var actor = await ActorLoader.LoadAsync(db, userId) ?? throw new InvalidOperationException(userName);
        await scope.ServiceProvider.GetRequiredService<FoundingService>().ActAsync(actor, id, action, comment, expectedVersion, null, CancellationToken.None);
    }

    public async Task<JsonNode> ViewAsync(Guid id, Api? viewer = null)
    {
        var (status, view) = await (viewer ?? await As(GuidanceAccount)).GetAsync($"/api/v1/association-applications/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        return view!;
    }

    public async Task<JsonNode> SubmitAsync(TestDraft d)
    {
        var view = await ViewAsync(d.Id, d.Initiator);
        return await d.Initiator.ActAsync(d.Id, "Submit", new { expectedVersion = Version(view) });
    }

    /// <summary>Submitted and every proposed instructor accepted: waiting for the guidance unit.</summary>
    public async Task<JsonNode> ToGuidanceAsync(TestDraft d)
    {
        var view = await SubmitAsync(d);
        foreach (var t in d.Instructors) view = await (await As(t)).ActAsync(d.Id, "AcceptInstruction");
        Assert.Equal("GuidanceReview", State(view));
        return view;
    }

    public async Task<JsonNode> ToCommitteeAsync(TestDraft d)
    {
        var view = await ToGuidanceAsync(d);
        view = await (await As(GuidanceAccount)).ActAsync(d.Id, "GuidanceApprove", new { expectedVersion = Version(view), comment = "同意" });
        Assert.Equal("CommitteeReview", State(view));
        return view;
    }

    // ---- reading views and problems ----

    public static int Version(JsonNode view) => view["version"]!.GetValue<int>();
    public static string State(JsonNode view) => view["state"]!.GetValue<string>();
    public static JsonArray History(JsonNode view) => view["history"]!.AsArray();

    public static List<(string? MeasureId, string Code)> Reasons(JsonNode? problem) =>
        problem?["reasons"]?.AsArray().Select(r => (r!["measureId"]?.GetValue<string>(), r["code"]!.GetValue<string>())).ToList() ?? [];

    /// <summary>A 400 rule violation whose reasons are exactly these (measure, code) pairs, in any order.</summary>
    public static void AssertRefused(HttpStatusCode status, JsonNode? problem, params (string? MeasureId, string Code)[] expected)
    {
        Assert.True(status == HttpStatusCode.BadRequest, $"expected 400, got {(int)status}: {problem?.ToJsonString()}");
        var actual = Reasons(problem);
        Assert.Equal(expected.OrderBy(e => e.Code).ThenBy(e => e.MeasureId), actual.OrderBy(e => e.Code).ThenBy(e => e.MeasureId));
    }

    /// <summary>
    /// A text in either language. Tests identify a refusal's reason by its text whatever the language;
    /// that the language is the caller's is checked on its own (see FoundingAccessTests).
    /// </summary>
    public static void AssertIsText(string key, string? actual) =>
        Assert.True(Texts.Cultures.Any(c => Texts.Get(c, key) == actual), $"expected the text of {key}, got: {actual}");

    /// <summary>The refusal's message for a code (what the user reads).</summary>
    public static string Message(JsonNode? problem, string code) =>
        problem!["reasons"]!.AsArray().First(r => r!["code"]!.GetValue<string>() == code)!["message"]!.GetValue<string>();

    /// <summary>State, version and history are as before: a refused request changed nothing.</summary>
    public async Task AssertUnchangedAsync(Guid id, JsonNode before, Api? viewer = null)
    {
        var now = await ViewAsync(id, viewer);
        Assert.Equal(State(before), State(now));
        Assert.Equal(Version(before), Version(now));
        Assert.Equal(History(before).Count, History(now).Count);
        Assert.Equal(before["confirmedSponsors"]!.GetValue<int>(), now["confirmedSponsors"]!.GetValue<int>());
        Assert.Equal(before["instructors"]!.ToJsonString(), now["instructors"]!.ToJsonString());
        Assert.Equal(Opinions(before), Opinions(now));
    }

    private static List<string> Opinions(JsonNode view) =>
        view["opinions"]!.AsArray().Select(o => $"{o!["member"]}|{o["vote"]}|{o["comment"]}").ToList();

    public async Task<JsonArray> TasksAsync(Api api) => await AllTasksAsync(api);

    /// <summary>Every open task of the caller, oldest first: the list is paged (100 at most a page), so read every page.</summary>
    public static async Task<JsonArray> AllTasksAsync(Api api)
    {
        var all = new JsonArray();
        for (var page = 1; ; page++)
        {
            var (status, tasks) = await api.GetAsync($"/api/v1/tasks?pageSize=100&page={page}");
            Assert.Equal(HttpStatusCode.OK, status);
            foreach (var t in tasks!["items"]!.AsArray()) all.Add(t!.DeepClone());
            if (page >= tasks["pages"]!.GetValue<int>()) return all;
        }
    }

    public static IEnumerable<JsonNode> TasksFor(JsonArray tasks, Guid id) =>
        tasks.Where(t => t!["instanceId"]!.GetValue<Guid>() == id).Select(t => t!);
}
