using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Organisation;
using ReformFlow.Domain.Unions;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Tests.Unions;

/// <summary>
/// Union and cadre-selection scenarios on the demo university. Nominees are fresh students of a given
/// college (or class) whom no other test of the same database uses, made eligible in the database;
/// "filler" cadres that only bring a union to a size are written straight into the database (selecting
/// forty people through the chains would only cost time). Everything the tests judge goes through HTTP.
/// </summary>
public sealed class UnionKit(AppFactory app)
{
    public const string BaseUrl = "http://reformflow.test";
    public FoundingKit Founding { get; } = new(app);

    private static readonly ConditionalWeakTable<AppFactory, HashSet<string>> ReservedByApp = new();
    private static int _sequence;

    private HashSet<string> Reserved => ReservedByApp.GetValue(app, _ => []);

    public Task<Api> As(string userName) => Founding.As(userName);

    // ---- places ----

    public Task<Guid> UniversityIdAsync() => app.WithDbAsync(FoundingKit.DemoUniversityIdAsync);

    public Task<Guid> SchoolUnionIdAsync() =>
        app.WithDbAsync(db => db.StudentUnions.Where(u => u.Level == UnionLevel.School).Select(u => u.Id).SingleAsync());

    public Task<Guid> CollegeIdAsync(string code) =>
        app.WithDbAsync(db => db.Colleges.Where(c => c.Code == code).Select(c => c.Id).SingleAsync());

    public async Task<Guid> CollegeUnionIdAsync(string code)
    {
        var college = await CollegeIdAsync(code);
        return await app.WithDbAsync(db => db.StudentUnions.Where(u => u.CollegeId == college).Select(u => u.Id).SingleAsync());
    }

    public Task<Guid> DepartmentIdAsync(Guid unionId, string name) =>
        app.WithDbAsync(db => db.UnionDepartments.Where(d => d.UnionId == unionId && d.Name == name && d.ClosedAt == null).Select(d => d.Id).SingleAsync());

    public Task<Guid> ClassBranchUnitAsync(string className) =>
        app.WithDbAsync(db => (from o in db.OrgUnits
                               join g in db.ClassGroups on o.ClassGroupId equals g.Id
                               where o.Kind == OrgUnitKind.ClassLeagueBranch && g.Name == className
                               select o.Id).SingleAsync());

    public async Task<Guid> CollegeUnitAsync(OrgUnitKind kind, string collegeCode)
    {
        var college = await CollegeIdAsync(collegeCode);
        return await app.WithDbAsync(db => db.OrgUnits.Where(o => o.Kind == kind && o.CollegeId == college).Select(o => o.Id).SingleAsync());
    }

    /// <summary>A new sign-in holding one scoped role (for scope tests: another class's branch, a second party secretary …).</summary>
    public async Task<string> UserWithRoleAsync(Role role, Guid? unitId, string prefix = "t")
    {
        var name = $"{prefix}{Interlocked.Increment(ref _sequence)}.{Guid.NewGuid():N}"[..20];
        await Founding.AddUserAsync(name, await UniversityIdAsync(), role, unitId);
        return name;
    }

    // ---- people ----

    /// <summary>
    /// Enrolled students of the college (and class) outside the demo walkthrough, holding no position and not put
    /// forward anywhere, handed out once per database and made eligible (League member, top 10%, no failed course).
    /// </summary>
    public async Task<List<string>> NomineesAsync(int count, string college = "PHY", string? className = null)
    {
        var collegeId = await CollegeIdAsync(college);
        var walkthrough = new[] { DemoData.Initiator, DemoData.PunishedStudent, DemoData.SuspendedStudent, DemoData.PresidiumNominee,
            DemoData.CollegeNominee, DemoData.DepartmentNominee, DemoData.IneligibleNominee };
        var candidates = await app.WithDbAsync(async db =>
        {
            var seated = db.CadrePositions.Where(p => p.EndedAt == null).Select(p => p.StudentId);
            var nominated = db.Nominations.Select(n => n.StudentId);
            var classes = db.ClassGroups.Where(g => className == null || g.Name == className).Select(g => g.Id);
            var q = db.Students.AsNoTracking()
                .Where(s => s.CollegeId == collegeId && classes.Contains(s.ClassGroupId) && s.Status == StudentStatus.Enrolled && s.Grade >= 2023
                            && !walkthrough.Contains(s.StudentNumber) && !seated.Contains(s.Id) && !nominated.Contains(s.Id))
                .Select(s => s.StudentNumber);
            // Any-class picks start from the youngest, so a named class (e.g. 物理2301) keeps its students.
            return await (className is null ? q.OrderByDescending(n => n) : q.OrderBy(n => n)).ToListAsync();
        });
        List<string> picked;
        lock (Reserved)
        {
            picked = candidates.Where(n => !Reserved.Contains(n)).Take(count).ToList();
            if (picked.Count < count) throw new InvalidOperationException($"Not enough fresh students of {college} {className} left in this database.");
            Reserved.UnionWith(picked);
        }
        await app.WithDbAsync(async db =>
        {
            foreach (var s in await db.Students.Where(s => picked.Contains(s.StudentNumber)).ToListAsync())
            {
                s.LiftPunishment();
                s.ChangePoliticalStatus(PoliticalStatus.LeagueMember);
                s.UpdateAcademicRecord(10m, 10m, 0);
            }
            return await db.SaveChangesAsync();
        });
        return picked;
    }

    public async Task<string> NomineeAsync(string college = "PHY", string? className = null) => (await NomineesAsync(1, college, className)).Single();

    /// <summary>Sets a student's records directly (as an import would, bypassing the academic-records API).</summary>
    public Task SetRecordAsync(string studentNumber, decimal? rank = null, int? failed = null, PoliticalStatus? status = null, StudentStatus? enrolment = null) =>
        app.WithDbAsync(async db =>
        {
            var s = await db.Students.SingleAsync(x => x.StudentNumber == studentNumber);
            s.UpdateAcademicRecord(rank ?? s.MajorRankPercentile, s.ClassRankPercentile, failed ?? s.FailedCourseCount);
            if (status is { } p) s.ChangePoliticalStatus(p);
            if (enrolment is { } e) s.ChangeStatus(e);
            return await db.SaveChangesAsync();
        });

    // ---- union staffing, straight into the database ----

    /// <summary>Ends every active position of the union (a clean start for a size test).</summary>
    public Task ClearUnionAsync(Guid unionId) =>
        app.WithDbAsync(async db =>
        {
            foreach (var p in await db.CadrePositions.Where(p => p.UnionId == unionId && p.EndedAt == null).ToListAsync())
                p.End("测试重置 / test reset", app.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        });

    /// <summary>Seats <paramref name="count"/> students (of the union's college, or of any college) who are nominees of no test.</summary>
    public async Task<List<Guid>> SeatFillersAsync(Guid unionId, PositionKind kind, Guid? departmentId, int count)
    {
        if (count == 0) return [];
        var union = await app.WithDbAsync(db => db.StudentUnions.AsNoTracking().SingleAsync(u => u.Id == unionId));
        var candidates = await app.WithDbAsync(async db =>
        {
            var seated = db.CadrePositions.Where(p => p.EndedAt == null && p.UnionId == unionId).Select(p => p.StudentId);
            return await db.Students.AsNoTracking()
                .Where(s => (union.CollegeId == null || s.CollegeId == union.CollegeId) && s.Grade == 2022 && !seated.Contains(s.Id))
                // School-level fillers come from the last colleges, so the first ones keep theirs for college unions.
                .OrderByDescending(s => s.StudentNumber)
                .Select(s => new { s.Id, s.StudentNumber }).ToListAsync();
        });
        List<Guid> ids;
        lock (Reserved)
        {
            var picked = candidates.Where(c => !Reserved.Contains(c.StudentNumber)).Take(count).ToList();
            if (picked.Count < count) throw new InvalidOperationException("Not enough filler students left in this database.");
            Reserved.UnionWith(picked.Select(p => p.StudentNumber));
            ids = picked.Select(p => p.Id).ToList();
        }
        return await app.WithDbAsync(async db =>
        {
            var positions = ids.Select(id => new CadrePosition(union.UniversityId, unionId, id, kind, departmentId, null, null, app.Clock.GetUtcNow())).ToList();
            db.CadrePositions.AddRange(positions);
            await db.SaveChangesAsync();
            return positions.Select(p => p.Id).ToList();
        });
    }

    /// <summary>Seats this student straight in the database (a cadre already sitting); returns the position's id.</summary>
    public Task<Guid> SeatAsync(Guid unionId, string studentNumber, PositionKind kind, Guid? departmentId) =>
        app.WithDbAsync(async db =>
        {
            var s = await db.Students.AsNoTracking().SingleAsync(x => x.StudentNumber == studentNumber);
            var p = new CadrePosition(s.UniversityId, unionId, s.Id, kind, departmentId, null, null, app.Clock.GetUtcNow());
            db.CadrePositions.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });

    public Task<Guid> AddDepartmentInDbAsync(Guid unionId, string? name = null) =>
        app.WithDbAsync(async db =>
        {
            var union = await db.StudentUnions.AsNoTracking().SingleAsync(u => u.Id == unionId);
            var n = Interlocked.Increment(ref _sequence);
            var d = new UnionDepartment(union.UniversityId, unionId, name ?? $"测试部{n}", $"Test Department {n}", null, app.Clock.GetUtcNow());
            db.UnionDepartments.Add(d);
            await db.SaveChangesAsync();
            return d.Id;
        });

    /// <summary>Closes every open department of the union (its staff must be cleared first).</summary>
    public Task CloseDepartmentsAsync(Guid unionId) =>
        app.WithDbAsync(async db =>
        {
            foreach (var d in await db.UnionDepartments.Where(d => d.UnionId == unionId && d.ClosedAt == null).ToListAsync())
                d.Close(app.Clock.GetUtcNow(), false);
            return await db.SaveChangesAsync();
        });

    public sealed record Staff(int Total, int Presidium, int Heads, int Members);

    public Task<Staff> StaffAsync(Guid unionId, Guid? departmentId = null) =>
        app.WithDbAsync(async db =>
        {
            var active = await db.CadrePositions.AsNoTracking().Where(p => p.UnionId == unionId && p.EndedAt == null).ToListAsync();
            return new Staff(active.Count, active.Count(p => p.Kind == PositionKind.PresidiumMember),
                active.Count(p => p.Kind == PositionKind.DepartmentHead && p.DepartmentId == departmentId),
                active.Count(p => p.Kind == PositionKind.DepartmentMember && p.DepartmentId == departmentId));
        });

    public Task<CadrePosition?> ActivePositionAsync(Guid unionId, string studentNumber) =>
        app.WithDbAsync(async db =>
        {
            var id = await db.Students.Where(s => s.StudentNumber == studentNumber).Select(s => s.Id).SingleAsync();
            return await db.CadrePositions.AsNoTracking().SingleOrDefaultAsync(p => p.UnionId == unionId && p.StudentId == id && p.EndedAt == null);
        });

    // ---- nominations over HTTP ----

    public async Task<(HttpStatusCode Status, JsonNode? Body)> NominateAsync(string userName, string chain, Guid unionId, string studentNumber,
        string kind, Guid? departmentId = null, string? justification = null, string statement = "学习成绩优秀，工作认真负责，群众基础好。") =>
        await (await As(userName)).PostAsync("/api/v1/nominations", new { chain, unionId, studentNumber, kind, departmentId, statement, justification });

    /// <summary>Nominates and expects 201; returns the workflow instance id.</summary>
    public async Task<Guid> NominatedAsync(string userName, string chain, Guid unionId, string studentNumber, string kind, Guid? departmentId = null)
    {
        var (status, body) = await NominateAsync(userName, chain, unionId, studentNumber, kind, departmentId);
        if (status != HttpStatusCode.Created) throw new Xunit.Sdk.XunitException($"nominate: {(int)status} {body?.ToJsonString()}");
        return body!["instanceId"]!.GetValue<Guid>();
    }

    public Task<int> VersionAsync(Guid instanceId) =>
        app.WithDbAsync(db => db.WorkflowInstances.Where(i => i.Id == instanceId).Select(i => i.Version).SingleAsync());

    public static string ActionPath(Guid id, string action) => $"/api/v1/nominations/{id}/actions/{action}";

    /// <summary>Fires an action with the instance's current version (unless one is given).</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> ActAsync(string userName, Guid id, string action, string? comment = null,
        string? justification = null, int? version = null) =>
        await (await As(userName)).PostAsync(ActionPath(id, action),
            new { comment, justification, expectedVersion = version ?? await VersionAsync(id) });

    /// <summary>Fires an action and expects 200; returns the nomination view.</summary>
    public async Task<JsonNode> ActedAsync(string userName, Guid id, string action, string? comment = null, string? justification = null)
    {
        var (status, body) = await ActAsync(userName, id, action, comment, justification);
        if (status != HttpStatusCode.OK) throw new Xunit.Sdk.XunitException($"{userName} {action}: {(int)status} {body?.ToJsonString()}");
        return body!;
    }

    public async Task<JsonNode> ViewAsync(Guid id, string userName = "league")
    {
        var (status, body) = await (await As(userName)).GetAsync($"/api/v1/nominations/{id}");
        Assert.True(status == HttpStatusCode.OK, $"view: {(int)status} {body?.ToJsonString()}");
        return body!;
    }

    // ---- the chains up to a step ----

    /// <summary>SU-5.4 up to the college party's determination: the class branch recommends, the college league approves.</summary>
    public async Task<Guid> CollegeChainToDeterminationAsync(string branch, string nominee, Guid unionId, string kind, Guid? departmentId = null, string league = "phy.league")
    {
        var id = await NominatedAsync(branch, "CollegeUnion", unionId, nominee, kind, departmentId);
        await ActedAsync(branch, id, "Recommend");
        await ActedAsync(league, id, "CollegeLeagueApprove", "同意");
        return id;
    }

    /// <summary>SU-5.3 up to the joint determination: the college league recommends.</summary>
    public async Task<Guid> DepartmentChainToJointReviewAsync(string nominee, Guid unionId, string kind, Guid departmentId, string league = "phy.league")
    {
        var id = await NominatedAsync(league, "SchoolDepartment", unionId, nominee, kind, departmentId);
        await ActedAsync(league, id, "Recommend");
        return id;
    }

    // ---- mail and tasks ----

    public Task<List<OutboxMessage>> MailToAsync(string userName) =>
        app.WithDbAsync(async db =>
        {
            var email = await db.Users.Where(u => u.UserName == userName).Select(u => u.Email).SingleAsync();
            return await db.Outbox.AsNoTracking().Where(m => m.ToAddress == email).ToListAsync();
        });

    /// <summary>Task emails to this user about this nomination, with this task title.</summary>
    public async Task<int> TaskMailsAsync(string userName, string titleKey, string title)
    {
        var mails = await MailToAsync(userName);
        return mails.Count(m => m.Subject == Texts.Get(m.Culture, "email.task.subject", Texts.Get(m.Culture, titleKey), title));
    }

    /// <summary>Notice emails (appointed, candidate, returned, rejected) to this user about this nomination.</summary>
    public async Task<int> NoticeMailsAsync(string userName, string kind, string title)
    {
        var mails = await MailToAsync(userName);
        return mails.Count(m => m.Subject == Texts.Get(m.Culture, $"email.{kind}.subject", "", title));
    }

    public async Task<List<JsonNode>> OpenTasksAsync(string userName, Guid id)
    {
        return FoundingKit.TasksFor(await FoundingKit.AllTasksAsync(await As(userName)), id).ToList();
    }

    /// <summary>This user has exactly one open task on the nomination, with this title.</summary>
    public async Task AssertTaskAsync(string userName, Guid id, string titleKey)
    {
        var tasks = await OpenTasksAsync(userName, id);
        var task = Assert.Single(tasks);
        Assert.Equal(titleKey, task["titleKey"]!.GetValue<string>());
    }

    public async Task AssertNoTaskAsync(string userName, Guid id) => Assert.Empty(await OpenTasksAsync(userName, id));

    public Task<int> OutboxCountAsync() => app.WithDbAsync(db => db.Outbox.CountAsync());

    public Task<int> NominationCountAsync() => app.WithDbAsync(db => db.Nominations.CountAsync());

    // ---- reading views and problems ----

    public static string State(JsonNode view) => view["state"]!.GetValue<string>();
    public static string Outcome(JsonNode view) => view["outcome"]!.GetValue<string>();
    public static string Title(JsonNode view) => view["title"]!.GetValue<string>();

    /// <summary>The history as "trigger by role → state" rows, oldest first.</summary>
    public static List<string> Chain(JsonNode view) =>
        view["history"]!.AsArray().Select(h => $"{h!["trigger"]}|{h["role"]}|{h["to"]}").ToList();

    /// <summary>A 403 whose detail is this reason's text.</summary>
    public static void AssertForbidden(HttpStatusCode status, JsonNode? problem, string key) =>
        Memberships.MembershipKit.AssertForbidden(status, problem, key);

    /// <summary>A 400 that names (at least) these measure/code pairs.</summary>
    public static void AssertNames(HttpStatusCode status, JsonNode? problem, params (string? MeasureId, string Code)[] expected)
    {
        Assert.True(status == HttpStatusCode.BadRequest, $"expected 400, got {(int)status}: {problem?.ToJsonString()}");
        var actual = FoundingKit.Reasons(problem);
        foreach (var e in expected) Assert.Contains(e, actual);
    }
}
