using System.Net;
using ReformFlow.Domain.Associations;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;
using static ReformFlow.Tests.Associations.FoundingKit;
using static ReformFlow.Tests.Memberships.MembershipKit;

namespace ReformFlow.Tests.Memberships;

/// <summary>Refusals by role and by scope: only an association's leaders decide; the roster is for leaders and staff; other universities see nothing.</summary>
public sealed class MembershipAccessTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly MembershipKit kit = new(app);

    [Fact]
    public async Task Only_a_leader_of_that_association_can_accept_or_refuse()
    {
        var a = await kit.AssociationAsync(name: "辩论队");
        var other = await kit.AssociationAsync(name: "演讲社");
        var founder = await kit.FreshStudentAsync();
        await kit.AddMemberAsync(founder, a.Id, MemberRole.Founder);
        var member = await kit.FreshStudentAsync();
        await kit.JoinAsync(member, a);
        var applicant = await kit.FreshStudentAsync();
        var request = await kit.AppliedAsync(applicant, a.Id);
        var before = await kit.SnapshotAsync(a.Id);

        // A plain member, a founding member, the leader of another association, the applicant, staff and an instructor.
        foreach (var user in new[] { member, founder, other.Leader, applicant, "swd", "chair", DemoData.PartyInstructor })
        {
            var (status, problem) = await kit.AcceptAsync(user, request);
            AssertForbidden(status, problem, "access.leaders-only");
            (status, problem) = await kit.RefuseAsync(user, request, "不同意");
            AssertForbidden(status, problem, "access.leaders-only");
        }

        await kit.AssertUnchangedAsync(a.Id, before);
        Assert.Equal("Pending", await kit.RequestStatusAsync(request));
        // The leader of this association can.
        Assert.Equal(HttpStatusCode.OK, (await kit.AcceptAsync(a.Leader, request)).Status);
    }

    [Fact]
    public async Task A_leader_who_left_can_no_longer_decide()
    {
        var a = await kit.AssociationAsync(leaders: 2, name: "街舞社");
        var (left, _) = await kit.LeaveAsync(a.Leaders[0], a.Id);
        Assert.Equal(HttpStatusCode.OK, left);
        var request = await kit.AppliedAsync(await kit.FreshStudentAsync(), a.Id);
        var before = await kit.SnapshotAsync(a.Id);

        var (status, problem) = await kit.AcceptAsync(a.Leaders[0], request);

        AssertForbidden(status, problem, "access.leaders-only");
        await kit.AssertUnchangedAsync(a.Id, before);
        Assert.Equal(HttpStatusCode.OK, (await kit.AcceptAsync(a.Leaders[1], request)).Status);
    }

    [Fact]
    public async Task Another_university_sees_nothing_and_can_do_nothing()
    {
        var a = await kit.AssociationAsync(name: "天文社");
        var request = await kit.AppliedAsync(await kit.FreshStudentAsync(), a.Id);
        var stranger = await kit.OtherUniversityStudentAsync();
        var client = await kit.As(stranger);
        var before = await kit.SnapshotAsync(a.Id);

        var (status, problem) = await client.GetAsync($"/api/v1/associations/{a.Id}");
        AssertNotFound(status, problem);
        (status, problem) = await client.GetAsync($"/api/v1/associations/{a.Id}/members");
        AssertForbidden(status, problem, "access.other-university");
        (status, problem) = await client.GetAsync($"/api/v1/associations/{a.Id}/membership-requests");
        AssertForbidden(status, problem, "access.other-university");
        foreach (var action in new[] { "accept", "refuse", "withdraw" })
        {
            (status, problem) = await client.PostAsync(Decide(request, action), new { reason = "无" });
            AssertForbidden(status, problem, "access.other-university");
        }
        (status, problem) = await client.PostAsync($"/api/v1/associations/{a.Id}/leave");
        AssertForbidden(status, problem, "access.other-university");
        (status, problem) = await kit.ApplyAsync(stranger, a.Id);
        AssertForbidden(status, problem, "rule.member-other-university", "AS-3.1");
        using (var page = await client.Http.GetAsync($"/Associations/Details/{a.Id}"))
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);

        await kit.AssertUnchangedAsync(a.Id, before);
    }

    [Fact]
    public async Task Unknown_association_or_request_is_404()
    {
        var student = await kit.As(await kit.FreshStudentAsync());
        var nothing = Guid.NewGuid();
        foreach (var (status, problem) in new[]
                 {
                     await student.GetAsync($"/api/v1/associations/{nothing}"),
                     await student.PostAsync($"/api/v1/associations/{nothing}/membership-requests", new { message = "你好" }),
                     await student.PostAsync(Decide(nothing, "accept")),
                     await student.PostAsync(Decide(nothing, "withdraw")),
                     await student.PostAsync($"/api/v1/associations/{nothing}/leave"),
                     await student.GetAsync($"/api/v1/associations/{nothing}/members"),
                 })
            AssertNotFound(status, problem);
    }

    [Fact]
    public async Task Roster_is_for_members_and_deciding_bodies_pending_requests_for_leaders()
    {
        var a = await kit.AssociationAsync(name: "民乐团");
        var member = await kit.FreshStudentAsync();
        await kit.JoinAsync(member, a);
        await kit.AppliedAsync(await kit.FreshStudentAsync(), a.Id);
        var outsider = await kit.FreshStudentAsync();
        var roster = $"/api/v1/associations/{a.Id}/members";
        var requests = $"/api/v1/associations/{a.Id}/membership-requests";

        // docs/decisions/0009: members read the roster; bodies with no say over associations (the school league committee,
        // a teacher who does not guide it) do not. The full role × scope matrix is in ReadVisibilityTests.
        foreach (var user in new[] { a.Leader, member, "swd", "chair", "phy.party" })
        {
            var (status, list) = await (await kit.As(user)).GetAsync(roster);
            Assert.True(status == HttpStatusCode.OK, $"{user}: {(int)status}");
            Assert.Equal([a.Leader, member], list!["items"]!.AsArray().Select(m => m!["studentNumber"]!.GetValue<string>()));
            Assert.Equal(["Leader", "Member"], list["items"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()));
        }
        foreach (var user in new[] { outsider, "league", DemoData.PartyInstructor })
        {
            var (status, problem) = await (await kit.As(user)).GetAsync(roster);
            AssertForbidden(status, problem, "access.roster");
        }

        var (ok, pending) = await (await kit.As(a.Leader)).GetAsync(requests);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Single(pending!.AsArray());
        foreach (var user in new[] { member, outsider, "swd" })
        {
            var (status, problem) = await (await kit.As(user)).GetAsync(requests);
            AssertForbidden(status, problem, "access.leaders-only");
        }
    }

    [Fact]
    public async Task Only_the_applicant_can_withdraw_and_a_decided_request_stays_decided()
    {
        var a = await kit.AssociationAsync(name: "茶艺社");
        var applicant = await kit.FreshStudentAsync();
        var request = await kit.AppliedAsync(applicant, a.Id);
        var before = await kit.SnapshotAsync(a.Id);

        foreach (var user in new[] { a.Leader, await kit.FreshStudentAsync(), "swd" })
        {
            var (status, problem) = await kit.WithdrawAsync(user, request);
            AssertForbidden(status, problem, "access.applicant-only");
        }
        await kit.AssertUnchangedAsync(a.Id, before);

        var (refused, _) = await kit.RefuseAsync(a.Leader, request, "本学期名额已满");
        Assert.Equal(HttpStatusCode.OK, refused);
        before = await kit.SnapshotAsync(a.Id);
        foreach (var (status, problem) in new[]
                 {
                     await kit.AcceptAsync(a.Leader, request),
                     await kit.RefuseAsync(a.Leader, request, "再次拒绝"),
                     await kit.WithdrawAsync(applicant, request),
                 })
            AssertRefused(status, problem, (null, "membership.already-decided"));
        await kit.AssertUnchangedAsync(a.Id, before);
    }

    [Fact]
    public async Task Refusing_needs_a_reason_and_asking_twice_is_refused()
    {
        var a = await kit.AssociationAsync(name: "桥牌社");
        var applicant = await kit.FreshStudentAsync();
        var request = await kit.AppliedAsync(applicant, a.Id);
        var before = await kit.SnapshotAsync(a.Id);

        foreach (var reason in new[] { null, "", "   " })
        {
            var (status, problem) = await kit.RefuseAsync(a.Leader, request, reason);
            AssertRefused(status, problem, (null, "membership.refusal-reason-required"));
        }
        var (again, againProblem) = await kit.ApplyAsync(applicant, a.Id);
        AssertRefused(again, againProblem, (null, "membership.request-pending"));
        var (tooLong, tooLongProblem) = await kit.ApplyAsync(await kit.FreshStudentAsync(), a.Id, new string('长', 501));
        AssertRefused(tooLong, tooLongProblem, (null, "membership.text-too-long"));
        await kit.AssertUnchangedAsync(a.Id, before);

        Assert.Equal(HttpStatusCode.OK, (await kit.AcceptAsync(a.Leader, request)).Status);
        var (member, memberProblem) = await kit.ApplyAsync(applicant, a.Id);
        AssertRefused(member, memberProblem, (null, "membership.already-member"));
        // A leader is a member too.
        var (leader, leaderProblem) = await kit.ApplyAsync(a.Leader, a.Id);
        AssertRefused(leader, leaderProblem, (null, "membership.already-member"));
    }

    [Fact]
    public async Task Staff_roles_cannot_join()
    {
        var a = await kit.AssociationAsync(name: "棋艺社");
        var before = await kit.SnapshotAsync(a.Id);
        foreach (var user in new[] { "swd", "admin", DemoData.PartyInstructor })
        {
            var (status, problem) = await kit.ApplyAsync(user, a.Id);
            AssertForbidden(status, problem, "access.membership-students-only");
        }
        await kit.AssertUnchangedAsync(a.Id, before);
    }
}
