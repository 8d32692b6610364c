using System.Net;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Localization;
using static ReformFlow.Tests.Associations.FoundingKit;

namespace ReformFlow.Tests.Memberships;

/// <summary>Joining, leaving and rejoining; the last leader stays; emails in each recipient's language; the association page.</summary>
public sealed class MembershipFlowTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly MembershipKit kit = new(app);

    /// <summary>What the outbox holds now, to tell which messages an action wrote (the fake clock gives them all one time).</summary>
    private Task<List<Guid>> OutboxIdsAsync() => app.WithDbAsync(db => db.Outbox.Select(m => m.Id).ToListAsync());

    private Task<List<OutboxMessage>> OutboxSinceAsync(List<Guid> before) =>
        app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => !before.Contains(m.Id)).ToListAsync());

    private Task<(string DisplayName, string Email, string Name)> PersonAsync(string number) =>
        app.WithDbAsync(async db =>
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == number);
            var student = await db.Students.AsNoTracking().SingleAsync(s => s.StudentNumber == number);
            return (user.DisplayName, user.Email!, student.Name);
        });

    private static string Link(Guid associationId) => $"http://reformflow.test/Associations/Details/{associationId}";

    [Fact]
    public async Task Member_leaves_and_rejoins()
    {
        var a = await kit.AssociationAsync(name: "吉他社");
        var student = await kit.FreshStudentAsync();
        await kit.JoinAsync(student, a);
        var (_, roster) = await (await kit.As(a.Leader)).GetAsync($"/api/v1/associations/{a.Id}/members");
        Assert.Contains(roster!["items"]!.AsArray(), m => m!["studentNumber"]!.GetValue<string>() == student);

        var (left, view) = await kit.LeaveAsync(student, a.Id);

        Assert.Equal(HttpStatusCode.OK, left);
        Assert.Null(view!["me"]!["role"]?.GetValue<string>());
        Assert.True(view["me"]!["canApply"]!.GetValue<bool>());
        Assert.Equal(1, view["memberCount"]!.GetValue<int>());
        (_, roster) = await (await kit.As(a.Leader)).GetAsync($"/api/v1/associations/{a.Id}/members");
        Assert.DoesNotContain(roster!["items"]!.AsArray(), m => m!["studentNumber"]!.GetValue<string>() == student);
        Assert.Equal(0, await kit.ActiveMembershipsAsync(student));
        // Leaving twice: not a member any more.
        var (again, problem) = await kit.LeaveAsync(student, a.Id);
        AssertRefused(again, problem, (null, "membership.not-a-member"));

        await kit.JoinAsync(student, a);

        Assert.Equal(1, await kit.ActiveMembershipsAsync(student));
        var rows = await app.WithDbAsync(async db =>
        {
            var id = await db.Students.Where(s => s.StudentNumber == student).Select(s => s.Id).SingleAsync();
            return await db.Memberships.AsNoTracking().Where(m => m.StudentId == id && m.AssociationId == a.Id).ToListAsync();
        });
        Assert.Equal(2, rows.Count); // the history keeps the earlier membership, ended
        Assert.Single(rows, m => m.LeftAt is not null);
        Assert.Single(rows, m => m.LeftAt is null && m.Role == MemberRole.Member);
    }

    [Fact]
    public async Task The_last_leader_cannot_leave_until_another_is_elected()
    {
        var a = await kit.AssociationAsync(name: "动漫社");
        var member = await kit.FreshStudentAsync();
        await kit.JoinAsync(member, a);
        var before = await kit.SnapshotAsync(a.Id);

        var (status, problem) = await kit.LeaveAsync(a.Leader, a.Id);

        AssertRefused(status, problem, (null, "membership.last-leader"));
        await kit.AssertUnchangedAsync(a.Id, before);
        var (_, view) = await (await kit.As(a.Leader)).GetAsync($"/api/v1/associations/{a.Id}");
        Assert.Equal("membership.last-leader", view!["me"]!["leaveBlockers"]![0]!["key"]!.GetValue<string>());

        // With a second leader (elected by the general meeting, AS-3.3) the first may go.
        var successor = await kit.FreshStudentAsync();
        await kit.AddMemberAsync(successor, a.Id, MemberRole.Leader);
        Assert.Equal(HttpStatusCode.OK, (await kit.LeaveAsync(a.Leader, a.Id)).Status);
        var (ownLeave, ownProblem) = await kit.LeaveAsync(successor, a.Id);
        AssertRefused(ownLeave, ownProblem, (null, "membership.last-leader"));
    }

    [Fact]
    public async Task Withdrawn_request_cannot_be_accepted_and_the_student_may_ask_again()
    {
        var a = await kit.AssociationAsync(name: "读书会");
        var student = await kit.FreshStudentAsync();
        var request = await kit.AppliedAsync(student, a.Id);

        var (withdrawn, body) = await kit.WithdrawAsync(student, request);

        Assert.Equal(HttpStatusCode.OK, withdrawn);
        Assert.Equal("Withdrawn", body!["status"]!.GetValue<string>());
        var (accepted, problem) = await kit.AcceptAsync(a.Leader, request);
        AssertRefused(accepted, problem, (null, "membership.already-decided"));
        Assert.Equal(0, await kit.ActiveMembershipsAsync(student));
        var second = await kit.AppliedAsync(student, a.Id);
        Assert.NotEqual(request, second);
        Assert.Equal(HttpStatusCode.OK, (await kit.AcceptAsync(a.Leader, second)).Status);
    }

    [Fact]
    public async Task Emails_are_queued_in_each_recipients_language()
    {
        var a = await kit.AssociationAsync(leaders: 2, name: "志愿服务队");
        await kit.SetLanguageAsync(a.Leaders[0], Texts.English);
        await kit.SetLanguageAsync(a.Leaders[1], Texts.Chinese);
        var applicant = await kit.FreshStudentAsync();
        await kit.SetLanguageAsync(applicant, Texts.English);
        var who = await PersonAsync(applicant);
        var leaders = new[] { (await PersonAsync(a.Leaders[0]), Texts.English), (await PersonAsync(a.Leaders[1]), Texts.Chinese) };

        // A new request: each leader is told, in their language, with a link to the association's page.
        var count = await OutboxIdsAsync();
        var request = await kit.AppliedAsync(applicant, a.Id);
        var mails = await OutboxSinceAsync(count);
        Assert.Equal(2, mails.Count);
        foreach (var (leader, culture) in leaders)
        {
            var mail = Assert.Single(mails, m => m.ToAddress == leader.Email);
            Assert.Equal(culture, mail.Culture);
            var args = new object[] { leader.DisplayName, a.Name, who.Name, applicant, "希望加入，一起学习交流。", Link(a.Id) };
            Assert.Equal(Texts.Get(culture, "email.membership-requested.subject", args), mail.Subject);
            Assert.Equal(Texts.Get(culture, "email.membership-requested.body", args), mail.Body);
            Assert.Contains(Link(a.Id), mail.Body);
            Assert.NotNull(mail.UniversityId);
        }

        // Accepted: the applicant is told, in English.
        count = await OutboxIdsAsync();
        Assert.Equal(HttpStatusCode.OK, (await kit.AcceptAsync(a.Leaders[1], request)).Status);
        var accepted = Assert.Single(await OutboxSinceAsync(count));
        Assert.Equal(who.Email, accepted.ToAddress);
        Assert.Equal(Texts.English, accepted.Culture);
        Assert.Equal(Texts.Get(Texts.English, "email.membership-accepted.subject", who.DisplayName, a.Name, Link(a.Id)), accepted.Subject);

        // Leaving: the leaders are told.
        count = await OutboxIdsAsync();
        Assert.Equal(HttpStatusCode.OK, (await kit.LeaveAsync(applicant, a.Id)).Status);
        Assert.Equal(leaders.Select(l => l.Item1.Email).Order(), (await OutboxSinceAsync(count)).Select(m => m.ToAddress).Order());

        // Refused: the applicant is told why, in Chinese after switching language.
        await kit.SetLanguageAsync(applicant, Texts.Chinese);
        var second = await kit.AppliedAsync(applicant, a.Id);
        count = await OutboxIdsAsync();
        Assert.Equal(HttpStatusCode.OK, (await kit.RefuseAsync(a.Leaders[0], second, "本学期不再接收新队员")).Status);
        var refused = Assert.Single(await OutboxSinceAsync(count));
        Assert.Equal(who.Email, refused.ToAddress);
        Assert.Equal(Texts.Chinese, refused.Culture);
        Assert.Equal(Texts.Get(Texts.Chinese, "email.membership-refused.body", who.DisplayName, a.Name, "本学期不再接收新队员", Link(a.Id)), refused.Body);
    }

    [Fact]
    public async Task Refused_actions_write_no_email()
    {
        var a = await kit.AssociationAsync(name: "象棋社");
        var request = await kit.AppliedAsync(await kit.FreshStudentAsync(), a.Id);
        await kit.SuspendAsync(a.Id, "暂停活动");
        var count = await OutboxIdsAsync();

        Assert.Equal(HttpStatusCode.BadRequest, (await kit.AcceptAsync(a.Leader, request)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await kit.RefuseAsync(a.Leader, request, "不同意")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await kit.ApplyAsync(await kit.FreshStudentAsync(), a.Id)).Status);

        Assert.Empty(await OutboxSinceAsync(count));
    }

    [Fact]
    public async Task Association_page_shows_status_requests_roster_and_join_form()
    {
        var a = await kit.AssociationAsync(name: "摄影社");
        var applicant = await kit.FreshStudentAsync();
        await kit.AppliedAsync(applicant, a.Id);
        var visitor = await kit.FreshStudentAsync();

        var leaderPage = await (await kit.As(a.Leader)).Http.GetStringAsync($"/Associations/Details/{a.Id}");
        Assert.Contains("id=\"requests\"", leaderPage);
        Assert.Contains(applicant, leaderPage);
        Assert.Contains("id=\"roster\"", leaderPage);
        Assert.Contains(Texts.Get(Texts.English, "associations.accept"), leaderPage);

        var visitorPage = await (await kit.As(visitor)).Http.GetStringAsync($"/Associations/Details/{a.Id}");
        Assert.Contains("id=\"join-form\"", visitorPage);
        Assert.DoesNotContain("id=\"roster\"", visitorPage);
        Assert.DoesNotContain("id=\"requests\"", visitorPage);

        var applicantPage = await (await kit.As(applicant)).Http.GetStringAsync($"/Associations/Details/{a.Id}");
        Assert.Contains("id=\"withdraw\"", applicantPage);
        Assert.DoesNotContain("id=\"join-form\"", applicantPage);

        await kit.SuspendAsync(a.Id, "年度审核整改期间暂停活动");
        visitorPage = await (await kit.As(visitor)).Http.GetStringAsync($"/Associations/Details/{a.Id}");
        Assert.Contains("id=\"inactive\"", visitorPage);
        Assert.Contains("年度审核整改期间暂停活动", visitorPage);
        Assert.DoesNotContain("[AS-1.7]", visitorPage); // issue 9: a student reads the reason in words, the measure ID is for officials
        Assert.DoesNotContain("id=\"join-form\"", visitorPage);

        var list = await (await kit.As(visitor)).Http.GetStringAsync("/Associations");
        Assert.Contains($"href=\"/Associations/Details/{a.Id}\"", list);
    }
}
