using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Organisation;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;

namespace ReformFlow.Tests.Setup;

/// <summary>
/// Role assignments kept by the administrator (issue 8): listed and filtered, assigned for a unit of a fitting kind,
/// removed with effect at the holder's next request; refusals by role, by university and for bad input change nothing.
/// </summary>
public sealed class RoleAssignmentTests
{
    private const string Roles = "/api/v1/admin/roles";

    private static Task<Guid> UnitAsync(AppFactory app, OrgUnitKind kind) =>
        app.WithDbAsync(db => db.OrgUnits.Where(o => o.Kind == kind).OrderBy(o => o.Name).Select(o => o.Id).FirstAsync());

    [Fact]
    public async Task Admin_assigns_a_role_for_a_unit_finds_it_by_filters_and_removes_it()
    {
        using var app = new AppFactory();
        var admin = await Api.SignInAsync(app, "admin");
        var committee = await UnitAsync(app, OrgUnitKind.ReviewCommittee);

        var (status, row) = await admin.PostAsync(Roles, new { userName = "T01002", role = "ReviewCommitteeMember", orgUnitId = committee });
        Assert.True(status == HttpStatusCode.Created, row?.ToJsonString());
        Assert.Equal(committee, row!["orgUnitId"]!.GetValue<Guid>());

        var (_, list) = await admin.GetAsync($"{Roles}?role=ReviewCommitteeMember&person=T01002");
        Assert.Equal(1, list!["total"]!.GetValue<int>());
        var (_, byUnit) = await admin.GetAsync($"{Roles}?unit=" + Uri.EscapeDataString("评审委员会"));
        Assert.Contains(byUnit!["items"]!.AsArray(), r => r!["userName"]!.GetValue<string>() == "chair");
        Assert.DoesNotContain(byUnit["items"]!.AsArray(), r => r!["userName"]!.GetValue<string>() == "swd");
        var (_, people) = await admin.GetAsync("/api/v1/admin/accounts?q=T0100");
        Assert.Contains(people!["items"]!.AsArray(), p => p!["userName"]!.GetValue<string>() == "T01002");
        var (_, assignable) = await admin.GetAsync($"{Roles}/assignable");
        Assert.DoesNotContain(assignable!.AsArray(), r => r!["role"]!.GetValue<string>() is "Student" or "Instructor");

        var (removed, _) = await admin.SendAsync(HttpMethod.Delete, $"{Roles}/{row["id"]}");
        Assert.Equal(HttpStatusCode.NoContent, removed);
        Assert.Equal(0, (await admin.GetAsync($"{Roles}?role=ReviewCommitteeMember&person=T01002")).Body!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Removed_role_takes_effect_at_the_holders_next_request()
    {
        using var app = new AppFactory();
        var admin = await Api.SignInAsync(app, "admin");
        var (_, row) = await admin.PostAsync(Roles, new { userName = "T01003", role = "UniversityAdmin" });
        var holder = await Api.SignInAsync(app, "T01003");
        Assert.Equal(HttpStatusCode.OK, (await holder.GetAsync("/api/v1/admin/audit")).Status);

        await admin.SendAsync(HttpMethod.Delete, $"{Roles}/{row!["id"]}");
        // The session that had the role ends (the security stamp is renewed in the same save): 401 at once…
        Assert.Equal(HttpStatusCode.Unauthorized, (await holder.GetAsync("/api/v1/admin/audit")).Status);
        // …and signed in again, without the role, the call is refused.
        var again = await Api.SignInAsync(app, "T01003");
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync("/api/v1/admin/audit")).Status);
    }

    [Fact]
    public async Task Bad_assignments_are_refused_with_reasons_and_change_nothing()
    {
        using var app = new AppFactory();
        var kit = new AccountKit(app);
        var admin = await Api.SignInAsync(app, "admin");
        var committee = await UnitAsync(app, OrgUnitKind.ReviewCommittee);
        var swd = await UnitAsync(app, OrgUnitKind.StudentWorkDepartment);
        var before = await kit.SnapshotAsync();

        async Task RefusedAsync(object body, string code)
        {
            var (status, problem) = await admin.PostAsync(Roles, body);
            Assert.True(status == HttpStatusCode.BadRequest, $"{code}: {(int)status} {problem?.ToJsonString()}");
            Assert.Equal(code, Api.ProblemCodes(problem));
        }
        await RefusedAsync(new { userName = "T01002", role = "ReviewCommitteeMember", orgUnitId = swd }, "roles.unit-kind");
        await RefusedAsync(new { userName = "T01002", role = "ReviewCommitteeMember" }, "roles.unit-required");
        await RefusedAsync(new { userName = "T01002", role = "UniversityAdmin", orgUnitId = committee }, "roles.no-unit");
        await RefusedAsync(new { userName = "T01002", role = "Student" }, "roles.not-assignable");
        await RefusedAsync(new { userName = "nobody-here", role = "ReviewCommitteeMember", orgUnitId = committee }, "roles.person-unknown");
        await RefusedAsync(new { userName = "chair", role = "ReviewCommitteeChair", orgUnitId = committee }, "roles.duplicate");
        await RefusedAsync(new { userName = "T01002" }, "roles.role-required");
        var (status, _) = await admin.PostAsync(Roles, new { userName = "T01002", role = "NoSuchRole" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        // The university's last administrator stays.
        var adminRow = (await admin.GetAsync($"{Roles}?role=UniversityAdmin")).Body!["items"]![0]!["id"]!.GetValue<Guid>();
        var (last, lastProblem) = await admin.SendAsync(HttpMethod.Delete, $"{Roles}/{adminRow}");
        Assert.Equal(HttpStatusCode.BadRequest, last);
        Assert.Equal("roles.last-admin", Api.ProblemCodes(lastProblem));
        Assert.Equal(before, await kit.SnapshotAsync());
    }

    [Fact]
    public async Task Other_roles_and_other_universities_admins_cannot_touch_roles_and_nothing_changes()
    {
        using var app = new AppFactory();
        var kit = new AccountKit(app);
        var committee = await UnitAsync(app, OrgUnitKind.ReviewCommittee);
        var (otherUni, other) = await kit.OtherUniversityAdminAsync();
        var chairRow = await app.WithDbAsync(db => db.RoleAssignments.Where(a => a.Role == Role.ReviewCommitteeChair && a.OrgUnitId == committee).Select(a => a.Id).FirstAsync());
        var before = await kit.SnapshotAsync();

        foreach (var name in new[] { "swd", "chair", DemoData.Initiator, "T01001" })
        {
            var api = await Api.SignInAsync(app, name);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync(Roles, new { userName = name, role = "UniversityAdmin" })).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.SendAsync(HttpMethod.Delete, $"{Roles}/{chairRow}")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync(Roles)).Status);
        }
        // The other university's admin neither sees nor changes this university's people, units or assignments.
        var (s1, p1) = await other.PostAsync(Roles, new { userName = "T01002", role = "UniversityAdmin" });
        Assert.Equal((HttpStatusCode.BadRequest, "roles.person-unknown"), (s1, Api.ProblemCodes(p1)));
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Delete, $"{Roles}/{chairRow}")).Status);
        Assert.Equal(1, (await other.GetAsync(Roles)).Body!["total"]!.GetValue<int>()); // its own admin only
        Assert.Equal(before, await kit.SnapshotAsync());
        Assert.NotEqual(Guid.Empty, otherUni);
    }
}
