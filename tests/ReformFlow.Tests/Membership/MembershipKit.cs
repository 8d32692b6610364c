using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Organisation;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Demo;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Tests.Memberships;

/// <summary>A registered association made directly in the database, with fresh students as its leaders.</summary>
public sealed record TestAssociation(Guid Id, string Name, IReadOnlyList<string> Leaders)
{
    public string Leader => Leaders[0];
}

/// <summary>Everything that a refused membership action must leave as it was.</summary>
public sealed record MembershipSnapshot(IReadOnlyList<string> Memberships, IReadOnlyList<string> Requests, int Outbox);

/// <summary>
/// Membership scenarios on people no other test of the same database uses (see <see cref="FoundingKit"/>, whose
/// reservations it shares). Associations and their leaders are written straight into the database: founding
/// each through 20 sponsors would only cost time; joining, deciding and leaving go through the HTTP API.
/// </summary>
public sealed class MembershipKit(AppFactory app)
{
    public FoundingKit Founding { get; } = new(app);

    private static int _sequence;

    public Task<Api> As(string userName) => Founding.As(userName);

    public async Task<string> FreshStudentAsync() => (await Founding.FreshStudentsAsync(1)).Single();

    /// <summary>Active associations, each led by <paramref name="leaders"/> fresh students (role Leader).</summary>
    public async Task<List<TestAssociation>> AssociationsAsync(int count, int leaders = 1, string name = "摄影协会")
    {
        var people = await Founding.FreshStudentsAsync(count * leaders);
        return await app.WithDbAsync(async db =>
        {
            var uni = await FoundingKit.DemoUniversityIdAsync(db);
            var unit = await db.OrgUnits.Where(o => o.Name == FoundingKit.GuidanceUnitName).Select(o => o.Id).SingleAsync();
            var students = await db.Students.Where(s => people.Contains(s.StudentNumber)).ToDictionaryAsync(s => s.StudentNumber);
            var now = app.Clock.GetUtcNow();
            var made = new List<TestAssociation>();
            for (var i = 0; i < count; i++)
            {
                var n = Interlocked.Increment(ref _sequence);
                var mine = people.Skip(i * leaders).Take(leaders).ToList();
                var application = new AssociationApplication(uni, students[mine[0]].Id, now);
                application.Edit($"{name}{n}", AssociationCategory.CultureSports, "开展摄影创作与交流", unit, FoundingKit.Charter, true, true);
                var association = new Association(uni, $"MT-{Guid.NewGuid():N}"[..15], application, now);
                db.Associations.Add(association);
                foreach (var leader in mine)
                    db.Memberships.Add(new Membership(uni, association.Id, students[leader].Id, MemberRole.Leader, now));
                made.Add(new TestAssociation(association.Id, association.Name, mine));
            }
            await db.SaveChangesAsync();
            return made;
        });
    }

    public async Task<TestAssociation> AssociationAsync(int leaders = 1, string name = "摄影协会") => (await AssociationsAsync(1, leaders, name)).Single();

    /// <summary>Puts a student into an association directly (as a plain member, or with another role).</summary>
    public Task AddMemberAsync(string studentNumber, Guid associationId, MemberRole role = MemberRole.Member) =>
        app.WithDbAsync(async db =>
        {
            var student = await db.Students.SingleAsync(s => s.StudentNumber == studentNumber);
            db.Memberships.Add(new Membership(student.UniversityId, associationId, student.Id, role, app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });

    public Task SuspendAsync(Guid associationId, string reason) =>
        app.WithDbAsync(async db =>
        {
            (await db.Associations.SingleAsync(a => a.Id == associationId)).Suspend(reason, app.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        });

    public Task CancelAsync(Guid associationId, string reason) =>
        app.WithDbAsync(async db =>
        {
            (await db.Associations.SingleAsync(a => a.Id == associationId)).Cancel(reason, app.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        });

    public Task ReinstateAsync(Guid associationId, string reason) =>
        app.WithDbAsync(async db =>
        {
            (await db.Associations.SingleAsync(a => a.Id == associationId)).Reinstate(reason, app.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        });

    public Task ChangeStudentStatusAsync(string studentNumber, StudentStatus status) =>
        app.WithDbAsync(async db =>
        {
            (await db.Students.SingleAsync(s => s.StudentNumber == studentNumber)).ChangeStatus(status);
            return await db.SaveChangesAsync();
        });

    public Task SetLanguageAsync(string userName, string culture) =>
        app.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredCulture, culture)));

    /// <summary>A student of another university, with a sign-in; returns the user name.</summary>
    public Task<string> OtherUniversityStudentAsync() =>
        app.WithDbAsync(async db =>
        {
            var code = "OU" + Guid.NewGuid().ToString("N")[..6];
            var uni = new University(code, "松花江大学", "Songhuajiang University");
            var college = new College(uni.Id, "PHY", "物理学院", "College of Physics");
            var major = new Major(uni.Id, college.Id, "物理学", "Physics");
            var group = new ClassGroup(uni.Id, major.Id, 2024, "物理2401");
            var student = new Student(uni.Id, code + "001", "江远", college.Id, major.Id, group.Id, 2024);
            var user = new AppUser
            {
                UserName = student.StudentNumber, NormalizedUserName = student.StudentNumber.ToUpperInvariant(), DisplayName = student.Name,
                Email = $"{student.StudentNumber}@other.reformflow.local", NormalizedEmail = $"{student.StudentNumber}@OTHER.REFORMFLOW.LOCAL".ToUpperInvariant(),
                EmailConfirmed = true, UniversityId = uni.Id, StudentId = student.Id, SecurityStamp = Guid.NewGuid().ToString("N"), LockoutEnabled = true,
            };
            user.PasswordHash = new PasswordHasher<AppUser>().HashPassword(user, DemoData.Password);
            db.AddRange(uni, college, major, group, student, user);
            await db.SaveChangesAsync();
            return user.UserName;
        });

    // ---- the API ----

    public async Task<(HttpStatusCode Status, JsonNode? Body)> ApplyAsync(string userName, Guid associationId, string? message = "希望加入，一起学习交流。") =>
        await (await As(userName)).PostAsync($"/api/v1/associations/{associationId}/membership-requests", new { message });

    /// <summary>Applies and expects 201; returns the request's id.</summary>
    public async Task<Guid> AppliedAsync(string userName, Guid associationId)
    {
        var (status, body) = await ApplyAsync(userName, associationId);
        if (status != HttpStatusCode.Created) throw new Xunit.Sdk.XunitException($"apply: {(int)status} {body?.ToJsonString()}");
        return body!["id"]!.GetValue<Guid>();
    }

    public static string Decide(Guid requestId, string action) => $"/api/v1/membership-requests/{requestId}/{action}";

    public async Task<(HttpStatusCode Status, JsonNode? Body)> AcceptAsync(string userName, Guid requestId) =>
        await (await As(userName)).PostAsync(Decide(requestId, "accept"));

    public async Task<(HttpStatusCode Status, JsonNode? Body)> RefuseAsync(string userName, Guid requestId, string? reason) =>
        await (await As(userName)).PostAsync(Decide(requestId, "refuse"), new { reason });

    public async Task<(HttpStatusCode Status, JsonNode? Body)> WithdrawAsync(string userName, Guid requestId) =>
        await (await As(userName)).PostAsync(Decide(requestId, "withdraw"));

    public async Task<(HttpStatusCode Status, JsonNode? Body)> LeaveAsync(string userName, Guid associationId) =>
        await (await As(userName)).PostAsync($"/api/v1/associations/{associationId}/leave");

    /// <summary>A student applies and a leader accepts: the student is a member.</summary>
    public async Task JoinAsync(string studentNumber, TestAssociation association)
    {
        var request = await AppliedAsync(studentNumber, association.Id);
        var (status, body) = await AcceptAsync(association.Leader, request);
        if (status != HttpStatusCode.OK) throw new Xunit.Sdk.XunitException($"accept: {(int)status} {body?.ToJsonString()}");
    }

    // ---- the database ----

    public Task<string> RequestStatusAsync(Guid requestId) =>
        app.WithDbAsync(async db => (await db.MembershipApplications.AsNoTracking().SingleAsync(r => r.Id == requestId)).Status.ToString());

    public Task<int> ActiveMembershipsAsync(string studentNumber) =>
        app.WithDbAsync(async db =>
        {
            var id = await db.Students.Where(s => s.StudentNumber == studentNumber).Select(s => s.Id).SingleAsync();
            return await db.Memberships.CountAsync(m => m.StudentId == id && m.LeftAt == null);
        });

    public Task<int> RequestCountAsync(string studentNumber) =>
        app.WithDbAsync(async db =>
        {
            var id = await db.Students.Where(s => s.StudentNumber == studentNumber).Select(s => s.Id).SingleAsync();
            return await db.MembershipApplications.CountAsync(r => r.StudentId == id);
        });

    public Task<MembershipSnapshot> SnapshotAsync(Guid associationId) =>
        app.WithDbAsync(async db =>
        {
            var memberships = (await db.Memberships.AsNoTracking().Where(m => m.AssociationId == associationId).ToListAsync())
                .Select(m => $"{m.StudentId}|{m.Role}|{m.LeftAt}").Order().ToList();
            var requests = (await db.MembershipApplications.AsNoTracking().Where(r => r.AssociationId == associationId).ToListAsync())
                .Select(r => $"{r.Id}|{r.Status}|{r.Reason}|{r.DecidedAt}").Order().ToList();
            return new MembershipSnapshot(memberships, requests, await db.Outbox.CountAsync());
        });

    /// <summary>A refused action changed nothing: the association's memberships, its requests and the outbox are as before.</summary>
    public async Task AssertUnchangedAsync(Guid associationId, MembershipSnapshot before)
    {
        var now = await SnapshotAsync(associationId);
        Assert.Equal(before.Memberships, now.Memberships);
        Assert.Equal(before.Requests, now.Requests);
        Assert.Equal(before.Outbox, now.Outbox);
    }

    // ---- reading problems ----

    /// <summary>A 403 whose detail is this reason's text (with its measure ID in brackets when it has one).</summary>
    public static void AssertForbidden(HttpStatusCode status, JsonNode? problem, string key, string? measureId = null)
    {
        Assert.True(status == HttpStatusCode.Forbidden, $"expected 403, got {(int)status}: {problem?.ToJsonString()}");
        FoundingKit.AssertIsText("access.denied", problem!["title"]!.GetValue<string>());
        var detail = problem["detail"]!.GetValue<string>();
        Assert.Contains(Texts.Cultures, c => detail == (measureId is null ? "" : $"[{measureId}] ") + Texts.Get(c, key));
    }

    public static void AssertNotFound(HttpStatusCode status, JsonNode? problem) =>
        Assert.True(status == HttpStatusCode.NotFound, $"expected 404, got {(int)status}: {problem?.ToJsonString()}");
}
