using System.Net;
using ReformFlow.Domain.Organisation;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;
using static ReformFlow.Tests.Associations.FoundingKit;

namespace ReformFlow.Tests.Memberships;

/// <summary>The membership rules by measure: who may join (AS-3.1), how many (AS-3.2), and only active associations act (AS-1.7).</summary>
public sealed class MembershipRuleTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly MembershipKit kit = new(app);

    [Fact]
    public async Task AS_3_1_only_enrolled_students_of_the_same_university_can_join()
    {
        var a = await kit.AssociationAsync(name: "书法社");
        var before = await kit.SnapshotAsync(a.Id);

        // Without formal student status (suspended, withdrawn, graduated): refused with the measure.
        var (status, problem) = await kit.ApplyAsync(DemoData.SuspendedStudent, a.Id);
        AssertRefused(status, problem, ("AS-3.1", "rule.member-not-enrolled"));
        Assert.Contains(DemoData.SuspendedStudent, Message(problem, "rule.member-not-enrolled"));

        // A student of another university.
        var stranger = await kit.OtherUniversityStudentAsync();
        (status, problem) = await kit.ApplyAsync(stranger, a.Id);
        MembershipKit.AssertForbidden(status, problem, "rule.member-other-university", "AS-3.1");

        // Not a student at all.
        (status, problem) = await kit.ApplyAsync("swd", a.Id);
        MembershipKit.AssertForbidden(status, problem, "access.membership-students-only");
        await kit.AssertUnchangedAsync(a.Id, before);

        // Enrolled when asking, withdrawn from the university before the leader decides: re-checked at acceptance.
        var student = await kit.FreshStudentAsync();
        var request = await kit.AppliedAsync(student, a.Id);
        await kit.ChangeStudentStatusAsync(student, StudentStatus.Withdrawn);
        before = await kit.SnapshotAsync(a.Id);
        (status, problem) = await kit.AcceptAsync(a.Leader, request);
        AssertRefused(status, problem, ("AS-3.1", "rule.member-not-enrolled"));
        await kit.AssertUnchangedAsync(a.Id, before);
        Assert.Equal("Pending", await kit.RequestStatusAsync(request));
        Assert.Equal(0, await kit.ActiveMembershipsAsync(student));

        // An enrolled student of this university joins.
        var good = await kit.FreshStudentAsync();
        await kit.JoinAsync(good, a);
        Assert.Equal(1, await kit.ActiveMembershipsAsync(good));
    }

    [Fact]
    public async Task AS_3_2_a_student_in_two_associations_cannot_ask_to_join_a_third()
    {
        var student = await kit.FreshStudentAsync();
        var (first, second, third) = (await kit.AssociationAsync(name: "合唱团"), await kit.AssociationAsync(name: "话剧社"), await kit.AssociationAsync(name: "舞蹈队"));
        await kit.JoinAsync(student, first);
        await kit.JoinAsync(student, second);
        var before = await kit.SnapshotAsync(third.Id);

        var (status, problem) = await kit.ApplyAsync(student, third.Id);

        AssertRefused(status, problem, ("AS-3.2", "rule.member-too-many-associations"));
        Assert.Contains(student, Message(problem, "rule.member-too-many-associations"));
        await kit.AssertUnchangedAsync(third.Id, before);
        Assert.Equal(2, await kit.RequestCountAsync(student));

        // Leaving one frees the place.
        var (left, _) = await kit.LeaveAsync(student, first.Id);
        Assert.Equal(HttpStatusCode.OK, left);
        await kit.JoinAsync(student, third);
        Assert.Equal(2, await kit.ActiveMembershipsAsync(student));
    }

    [Fact]
    public async Task AS_3_2_acceptance_is_refused_when_the_student_filled_both_places_meanwhile()
    {
        var student = await kit.FreshStudentAsync();
        var associations = await kit.AssociationsAsync(3, name: "篮球队");
        var requests = new List<Guid>();
        foreach (var a in associations) requests.Add(await kit.AppliedAsync(student, a.Id));
        Assert.Equal(HttpStatusCode.OK, (await kit.AcceptAsync(associations[0].Leader, requests[0])).Status);
        Assert.Equal(HttpStatusCode.OK, (await kit.AcceptAsync(associations[1].Leader, requests[1])).Status);
        var before = await kit.SnapshotAsync(associations[2].Id);

        var (status, problem) = await kit.AcceptAsync(associations[2].Leader, requests[2]);

        AssertRefused(status, problem, ("AS-3.2", "rule.member-too-many-associations"));
        await kit.AssertUnchangedAsync(associations[2].Id, before);
        // The leader can still refuse it, with a reason.
        var (refused, body) = await kit.RefuseAsync(associations[2].Leader, requests[2], "该同学已加入两个社团");
        Assert.Equal(HttpStatusCode.OK, refused);
        Assert.Equal("Refused", body!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AS_3_2_membership_of_a_cancelled_association_no_longer_counts_but_a_suspended_one_does()
    {
        var student = await kit.FreshStudentAsync();
        var (first, second) = (await kit.AssociationAsync(name: "天文社"), await kit.AssociationAsync(name: "桥牌社"));
        await kit.JoinAsync(student, first);
        await kit.JoinAsync(student, second);

        // Suspended: it may be reinstated, so its members are still bound by it.
        await kit.SuspendAsync(first.Id, "年度审核整改期间暂停活动");
        var third = await kit.AssociationAsync(name: "茶艺社");
        var (status, problem) = await kit.ApplyAsync(student, third.Id);
        AssertRefused(status, problem, ("AS-3.2", "rule.member-too-many-associations"));

        // Cancelled: the roster stays as history, the place is free again.
        await kit.CancelAsync(first.Id, "年度审核不合格，经评审委员会决定注销");
        var request = await kit.AppliedAsync(student, third.Id);
        Assert.Equal(HttpStatusCode.OK, (await kit.AcceptAsync(third.Leader, request)).Status);
        Assert.Equal("Accepted", await kit.RequestStatusAsync(request));
    }

    [Fact]
    public async Task AS_1_7_suspended_or_cancelled_association_refuses_requests_and_acceptance()
    {
        foreach (var (change, status) in new (Func<Guid, Task>, string)[]
                 {
                     (id => kit.SuspendAsync(id, "年度审核整改期间暂停活动"), "Suspended"),
                     (id => kit.CancelAsync(id, "年度审核不合格，经评审委员会决定注销"), "Cancelled"),
                 })
        {
            var a = await kit.AssociationAsync(name: "围棋社");
            var waiting = await kit.FreshStudentAsync();
            var request = await kit.AppliedAsync(waiting, a.Id);
            var member = await kit.FreshStudentAsync();
            await kit.JoinAsync(member, a);
            await change(a.Id);
            var before = await kit.SnapshotAsync(a.Id);

            var (applied, problem) = await kit.ApplyAsync(await kit.FreshStudentAsync(), a.Id);
            AssertRefused(applied, problem, ("AS-1.7", "association.not-active"));
            Assert.Contains(a.Name, Message(problem, "association.not-active"));
            var (accepted, acceptProblem) = await kit.AcceptAsync(a.Leader, request);
            AssertRefused(accepted, acceptProblem, ("AS-1.7", "association.not-active"));
            var (refused, refuseProblem) = await kit.RefuseAsync(a.Leader, request, "暂不接收新会员");
            AssertRefused(refused, refuseProblem, ("AS-1.7", "association.not-active"));
            await kit.AssertUnchangedAsync(a.Id, before);

            // The page and the API show the status with its recorded reason.
            var (_, view) = await (await kit.As(member)).GetAsync($"/api/v1/associations/{a.Id}");
            Assert.Equal(status, view!["status"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(view["statusReason"]!.GetValue<string>()));

            // A student's own acts stay possible: withdrawing a request, leaving.
            Assert.Equal(HttpStatusCode.OK, (await kit.WithdrawAsync(waiting, request)).Status);
            Assert.Equal(HttpStatusCode.OK, (await kit.LeaveAsync(member, a.Id)).Status);
            Assert.Equal(0, await kit.ActiveMembershipsAsync(member));
        }
    }

    [Fact]
    public async Task AS_1_7_reinstated_association_takes_members_again()
    {
        var a = await kit.AssociationAsync(name: "航模社");
        var student = await kit.FreshStudentAsync();
        var request = await kit.AppliedAsync(student, a.Id);
        await kit.SuspendAsync(a.Id, "安全检查期间暂停活动");
        var (suspended, problem) = await kit.AcceptAsync(a.Leader, request);
        AssertRefused(suspended, problem, ("AS-1.7", "association.not-active"));

        await kit.ReinstateAsync(a.Id, "整改完成，恢复活动");

        var (status, body) = await kit.AcceptAsync(a.Leader, request);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Accepted", body!["status"]!.GetValue<string>());
        Assert.Equal(1, await kit.ActiveMembershipsAsync(student));
    }
}
