using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;

namespace ReformFlow.Tests.AnnualReview;

/// <summary>AS-1.8: the review committee's composition is recorded, shown and kept consistent with the committee roles.</summary>
public sealed class CommitteeCompositionTests
{
    private const string Committee = "/api/v1/committee";

    private static Task<string> StateAsync(AppFactory app) => app.WithDbAsync(async db =>
        $"{await db.CommitteeSeats.CountAsync()}|{await db.CommitteeSeats.CountAsync(s => s.EndedOn != null)}|" +
        $"{await db.RoleAssignments.CountAsync(r => r.Role == Role.ReviewCommitteeChair || r.Role == Role.ReviewCommitteeMember)}");

    private static IEnumerable<string> Missing(JsonNode view) =>
        view["missing"]!.AsArray().Select(r => r!["key"]!.GetValue<string>() + ":" + string.Join(",", r["args"]!.AsArray().Select(x => x!.ToString())));

    [Fact]
    public async Task AS_1_8_the_committee_is_shown_to_its_readers_with_the_constituency_it_lacks()
    {
        using var app = new AppFactory();
        var (status, view) = await (await Api.SignInAsync(app, "swd")).GetAsync(Committee);
        Assert.Equal(HttpStatusCode.OK, status);
        var current = view!["current"]!.AsArray();
        Assert.Equal(3, current.Count);
        var chair = Assert.Single(current, s => s!["role"]!.GetValue<string>() == "Chair")!;
        Assert.Equal("chair", chair["userName"]!.GetValue<string>());
        Assert.Equal("PartyLeader", chair["constituency"]!.GetValue<string>());
        Assert.Contains(current, s => s!["constituency"]!.GetValue<string>() == "RelevantDepartment" && s["department"]!.GetValue<string>() == "教务处");
        // The demo committee has no expert: flagged, and nothing else.
        Assert.Equal(["committee.missing-constituency:Expert"], Missing(view));
        Assert.Empty(view["rolesWithoutSeat"]!.AsArray());
        Assert.False(view["canEdit"]!.GetValue<bool>());

        foreach (var user in new[] { "chair", "member1" })
            Assert.Equal(HttpStatusCode.OK, (await (await Api.SignInAsync(app, user)).GetAsync(Committee)).Status);
        foreach (var user in new[] { DemoData.Initiator, "phy.party", DemoData.PartyInstructor })
        {
            var (s, problem) = await (await Api.SignInAsync(app, user)).GetAsync(Committee);
            ReviewKit.AssertRefused(HttpStatusCode.Forbidden, "AS-1.8", "access.committee-readers-only", (s, problem));
        }
    }

    [Fact]
    public async Task AS_1_8_an_administrator_seats_an_expert_the_seat_grants_the_member_role_and_ending_it_removes_it()
    {
        using var app = new AppFactory();
        var admin = await Api.SignInAsync(app, "admin");
        var (status, seat) = await admin.PostAsync($"{Committee}/seats", new { userName = "T01003", role = "Member", constituency = "Expert", since = "2026-09-01" });
        Assert.True(status == HttpStatusCode.Created, $"{(int)status} {seat?.ToJsonString()}");
        Assert.Equal("2026-09-01", seat!["since"]!.GetValue<string>());
        var teacher = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.UserName == "T01003"));
        Assert.True(await app.WithDbAsync(db => db.RoleAssignments.AnyAsync(r => r.UserId == teacher.Id && r.Role == Role.ReviewCommitteeMember)));
        var view = (await admin.GetAsync(Committee)).Body!;
        Assert.Empty(Missing(view));
        Assert.Empty(view["seatsWithoutRole"]!.AsArray());
        Assert.True(view["canEdit"]!.GetValue<bool>());
        // The expert now reads the committee as a member does.
        Assert.Equal(HttpStatusCode.OK, (await (await Api.SignInAsync(app, "T01003")).GetAsync(Committee)).Status);

        (status, var ended) = await admin.PostAsync($"{Committee}/seats/{seat["id"]}/end", new { });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(ended!["endedOn"]);
        Assert.False(await app.WithDbAsync(db => db.RoleAssignments.AnyAsync(r => r.UserId == teacher.Id && r.Role == Role.ReviewCommitteeMember)));
        view = (await admin.GetAsync(Committee)).Body!;
        Assert.Equal(["committee.missing-constituency:Expert"], Missing(view));
        Assert.Single(view["past"]!.AsArray());
    }

    [Fact]
    public async Task AS_1_8_refusals_non_administrators_get_403_and_the_chair_must_be_the_party_leader_nothing_changed()
    {
        using var app = new AppFactory();
        var before = await StateAsync(app);
        var body = new { userName = "T01004", role = "Member", constituency = "Expert" };
        foreach (var user in new[] { "swd", "chair", "member1", DemoData.Initiator })
        {
            var api = await Api.SignInAsync(app, user);
            ReviewKit.AssertRefused(HttpStatusCode.Forbidden, null, "access.denied", await api.PostAsync($"{Committee}/seats", body));
            var seatId = await app.WithDbAsync(db => db.CommitteeSeats.Select(s => s.Id).FirstAsync());
            ReviewKit.AssertRefused(HttpStatusCode.Forbidden, null, "access.denied", await api.PostAsync($"{Committee}/seats/{seatId}/end", new { }));
        }
        Assert.Equal(before, await StateAsync(app));

        var admin = await Api.SignInAsync(app, "admin");
        // AS-1.8: only the party-committee leader in charge of student work chairs the committee.
        ReviewKit.AssertRefused(HttpStatusCode.BadRequest, "AS-1.8", "committee.chair-not-party-leader",
            await admin.PostAsync($"{Committee}/seats", new { userName = "T01004", role = "Chair", constituency = "Expert" }));
        ReviewKit.AssertRefused(HttpStatusCode.BadRequest, "AS-1.8", "committee.chair-taken",
            await admin.PostAsync($"{Committee}/seats", new { userName = "T01004", role = "Chair", constituency = "PartyLeader" }));
        ReviewKit.AssertRefused(HttpStatusCode.BadRequest, "AS-1.8", "committee.department-required",
            await admin.PostAsync($"{Committee}/seats", new { userName = "T01004", role = "Member", constituency = "RelevantDepartment" }));
        ReviewKit.AssertRefused(HttpStatusCode.BadRequest, "AS-1.8", "committee.user-unknown",
            await admin.PostAsync($"{Committee}/seats", new { userName = "nobody", role = "Member", constituency = "Expert" }));
        ReviewKit.AssertRefused(HttpStatusCode.BadRequest, "AS-1.8", "committee.already-seated",
            await admin.PostAsync($"{Committee}/seats", new { userName = "member1", role = "Member", constituency = "Expert" }));
        Assert.Equal(before, await StateAsync(app));

        // With the chair's seat ended, a party leader takes the chair and gets both committee roles.
        var chairSeat = await app.WithDbAsync(db => db.CommitteeSeats.Where(s => s.Role == Domain.Associations.CommitteeSeatRole.Chair).Select(s => s.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"{Committee}/seats/{chairSeat}/end", new { })).Status);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"{Committee}/seats", new { userName = "party", role = "Chair", constituency = "PartyLeader" })).Status);
        var party = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.UserName == "party"));
        var roles = await app.WithDbAsync(db => db.RoleAssignments.Where(r => r.UserId == party.Id).Select(r => r.Role).ToListAsync());
        Assert.Contains(Role.ReviewCommitteeChair, roles);
        Assert.Contains(Role.ReviewCommitteeMember, roles);
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "chair")
            .AnyAsync(u => db.RoleAssignments.Any(r => r.UserId == u.Id && r.Role == Role.ReviewCommitteeChair))));
    }
}
