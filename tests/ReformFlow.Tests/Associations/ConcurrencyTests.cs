using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Tests.Support;
using static ReformFlow.Tests.Associations.FoundingKit;

namespace ReformFlow.Tests.Associations;

/// <summary>Two people deciding at once: exactly one wins, the other is told someone acted first, and nothing is done twice.</summary>
public sealed class ConcurrencyTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly FoundingKit kit = new(app);

    private static string ActionPath(Guid id, string action) => $"/api/v1/association-applications/{id}/actions/{action}";

    private static void AssertConflict(HttpStatusCode status, JsonNode? problem)
    {
        Assert.True(status == HttpStatusCode.Conflict, $"expected 409, got {(int)status}: {problem?.ToJsonString()}");
        AssertIsText("workflow.conflict", problem!["title"]!.GetValue<string>());
    }

    private Task<int> HistoryRowsAsync(Guid id, params string[] triggers) =>
        app.WithDbAsync(db => db.WorkflowHistory.CountAsync(h => h.InstanceId == id && triggers.Contains(h.Trigger)));

    [Fact]
    public async Task Chair_approving_twice_at_once_registers_once()
    {
        var d = await kit.DraftAsync("无人机协会");
        await kit.ToCommitteeAsync(d);
        var seen = await (await kit.As("member1")).ActAsync(d.Id, "RecordOpinion", new { vote = "Support" });
        var first = await Api.SignInAsync(app, "chair");
        var second = await Api.SignInAsync(app, "chair");
        var body = new { expectedVersion = Version(seen), comment = "准予登记" };

        var results = await Task.WhenAll(first.PostAsync(ActionPath(d.Id, "CommitteeApprove"), body), second.PostAsync(ActionPath(d.Id, "CommitteeApprove"), body));

        Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        var loser = Assert.Single(results, r => r.Status != HttpStatusCode.OK);
        AssertConflict(loser.Status, loser.Body);
        var view = await kit.ViewAsync(d.Id);
        Assert.Equal("Registered", State(view));
        Assert.Equal(Version(seen) + 1, Version(view));
        Assert.Equal(1, await HistoryRowsAsync(d.Id, "CommitteeApprove"));
        var applicationId = view["applicationId"]!.GetValue<Guid>();
        Assert.Equal(1, await app.WithDbAsync(db => db.Associations.CountAsync(a => a.ApplicationId == applicationId)));
        var associationId = await app.WithDbAsync(db => db.Associations.Where(a => a.ApplicationId == applicationId).Select(a => a.Id).SingleAsync());
        Assert.Equal(20, await app.WithDbAsync(db => db.Memberships.CountAsync(m => m.AssociationId == associationId)));
        Assert.Equal(1, await app.WithDbAsync(db => db.InstructorAppointments.CountAsync(a => a.AssociationId == associationId)));
    }

    [Fact]
    public async Task Guidance_approve_and_return_by_two_reviewers_at_once_one_wins()
    {
        var unit = await kit.UnitIdAsync(GuidanceUnitName);
        var uni = await app.WithDbAsync(FoundingKit.DemoUniversityIdAsync);
        var colleague = await kit.AddUserAsync("phy.party.deputy", uni, Role.GuidanceUnitReviewer, unit);
        var d = await kit.DraftAsync("固体物理读书会");
        var seen = await kit.ToGuidanceAsync(d);
        var reviewer = await Api.SignInAsync(app, GuidanceAccount);
        var deputy = await Api.SignInAsync(app, colleague.UserName!);
        Assert.Single(TasksFor(await kit.TasksAsync(deputy), d.Id));

        var results = await Task.WhenAll(
            reviewer.PostAsync(ActionPath(d.Id, "GuidanceApprove"), new { expectedVersion = Version(seen), comment = "同意" }),
            deputy.PostAsync(ActionPath(d.Id, "GuidanceReturn"), new { expectedVersion = Version(seen), comment = "请补充章程" }));

        Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        var loser = Assert.Single(results, r => r.Status != HttpStatusCode.OK);
        AssertConflict(loser.Status, loser.Body);
        var view = await kit.ViewAsync(d.Id, d.Initiator);
        var approved = results[0].Status == HttpStatusCode.OK;
        Assert.Equal(approved ? "CommitteeReview" : "Draft", State(view));
        Assert.Equal(Version(seen) + 1, Version(view));
        Assert.Equal(1, await HistoryRowsAsync(d.Id, "GuidanceApprove", "GuidanceReturn", "GuidanceReject"));
        Assert.Equal(approved ? "GuidanceApprove" : "GuidanceReturn", History(view).Last()!["trigger"]!.GetValue<string>());
        // Whoever lost has nothing left to do on it.
        Assert.Empty(TasksFor(await kit.TasksAsync(reviewer), d.Id));
        Assert.Empty(TasksFor(await kit.TasksAsync(deputy), d.Id));
    }

    [Fact]
    public async Task Stale_expected_version_is_a_conflict_and_changes_nothing()
    {
        var d = await kit.DraftAsync("声乐社");
        var before = await kit.ToGuidanceAsync(d);
        var guidance = await kit.As(GuidanceAccount);

        foreach (var stale in new[] { Version(before) - 1, Version(before) + 1 })
        {
            var (status, problem) = await guidance.PostAsync(ActionPath(d.Id, "GuidanceApprove"), new { expectedVersion = stale, comment = "同意" });
            AssertConflict(status, problem);
            await kit.AssertUnchangedAsync(d.Id, before);
        }

        // The version just read is accepted.
        var view = await guidance.ActAsync(d.Id, "GuidanceApprove", new { expectedVersion = Version(before) });
        Assert.Equal("CommitteeReview", State(view));
    }

    [Fact]
    public async Task AS_3_2_two_submissions_at_once_cannot_both_take_a_students_last_place()
    {
        // The shared sponsor is in one association already: only one of the two applications may add a second.
        var shared = (await kit.FreshStudentsAsync(1)).Single();
        await kit.AddMembershipsAsync(shared, await kit.AddAssociationsAsync(1));
        var a = await kit.DraftAsync("油画社", sponsors: 18, extraSponsors: [shared]);
        var b = await kit.DraftAsync("版画社", sponsors: 18, extraSponsors: [shared]);
        var va = await kit.ViewAsync(a.Id, a.Initiator);
        var vb = await kit.ViewAsync(b.Id, b.Initiator);

        var results = await Task.WhenAll(
            a.Initiator.PostAsync(ActionPath(a.Id, "Submit"), new { expectedVersion = Version(va) }),
            b.Initiator.PostAsync(ActionPath(b.Id, "Submit"), new { expectedVersion = Version(vb) }));

        Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        var refused = Assert.Single(results, r => r.Status != HttpStatusCode.OK);
        AssertRefused(refused.Status, refused.Body, ("AS-3.2", "rule.sponsor-too-many-associations"));
        Assert.Contains(shared, Message(refused.Body, "rule.sponsor-too-many-associations"));
        var states = new[] { State(await kit.ViewAsync(a.Id, a.Initiator)), State(await kit.ViewAsync(b.Id, b.Initiator)) };
        Assert.Equal(["AwaitingInstructors", "Draft"], states.Order());
    }

    [Fact]
    public async Task AS_2_2_two_acceptances_at_once_cannot_both_take_an_instructors_last_place()
    {
        // Appointed to one association already: the teacher may accept only one of two applications.
        var teacher = (await kit.FreshInstructorsAsync(1)).Single();
        await kit.AddAppointmentsAsync(teacher, await kit.AddAssociationsAsync(1));
        var a = await kit.DraftAsync("木工社", instructors: [teacher]);
        var b = await kit.DraftAsync("皮具社", instructors: [teacher]);
        await kit.SubmitAsync(a);
        await kit.SubmitAsync(b);
        var first = await Api.SignInAsync(app, teacher);
        var second = await Api.SignInAsync(app, teacher);

        var results = await Task.WhenAll(first.PostAsync(ActionPath(a.Id, "AcceptInstruction")), second.PostAsync(ActionPath(b.Id, "AcceptInstruction")));

        Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        var refused = Assert.Single(results, r => r.Status != HttpStatusCode.OK);
        AssertRefused(refused.Status, refused.Body, ("AS-2.2", "rule.instructor-too-many"));
        var states = new[] { State(await kit.ViewAsync(a.Id, a.Initiator)), State(await kit.ViewAsync(b.Id, b.Initiator)) };
        Assert.Equal(["AwaitingInstructors", "GuidanceReview"], states.Order());
    }
}
