using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Tests.Support;
using static ReformFlow.Tests.Associations.FoundingKit;

namespace ReformFlow.Tests.Memberships;

/// <summary>
/// AS-3.2 under concurrency, against the real SQLite file: one student's requests to several associations,
/// accepted by their leaders at the same moment over separate HTTP clients, make at most 2 memberships.
/// </summary>
public sealed class MembershipConcurrencyTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly MembershipKit kit = new(app);

    /// <summary>Every leader's accept is released at the same instant, each on its own client and thread.</summary>
    private async Task<(HttpStatusCode Status, JsonNode? Body)[]> AcceptAllAtOnceAsync(IReadOnlyList<(Guid Request, TestAssociation Association)> pending)
    {
        var clients = await Task.WhenAll(pending.Select(p => Api.SignInAsync(app, p.Association.Leader)));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = pending.Select((p, i) => Task.Run(async () =>
        {
            await start.Task;
            return await clients[i].PostAsync(MembershipKit.Decide(p.Request, "accept"));
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(calls);
    }

    private async Task<List<(Guid Request, TestAssociation Association)>> RequestsAsync(string student, IEnumerable<TestAssociation> associations)
    {
        var list = new List<(Guid, TestAssociation)>();
        foreach (var a in associations) list.Add((await kit.AppliedAsync(student, a.Id), a));
        return list;
    }

    private void AssertOutcome((HttpStatusCode Status, JsonNode? Body)[] results, int expectedWins, string student)
    {
        Assert.Equal(expectedWins, results.Count(r => r.Status == HttpStatusCode.OK));
        var refused = results.Where(r => r.Status != HttpStatusCode.OK).ToList();
        Assert.Equal(results.Length - expectedWins, refused.Count);
        foreach (var (status, body) in refused)
        {
            AssertRefused(status, body, ("AS-3.2", "rule.member-too-many-associations"));
            // The clear message: who, how many, and the limit.
            var message = Message(body, "rule.member-too-many-associations");
            Assert.Contains(student, message);
            Assert.Contains(MembershipRules.MaxAssociationsPerStudent.ToString(), message);
        }
        foreach (var (_, body) in results.Where(r => r.Status == HttpStatusCode.OK))
            Assert.Equal("Accepted", body!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AS_3_2_parallel_accepts_let_at_most_two_memberships_succeed()
    {
        var student = await kit.FreshStudentAsync();
        var associations = await kit.AssociationsAsync(6, name: "并发社团");
        var pending = await RequestsAsync(student, associations);
        var outboxBefore = await app.WithDbAsync(db => db.Outbox.CountAsync());

        var results = await AcceptAllAtOnceAsync(pending);

        AssertOutcome(results, expectedWins: 2, student);
        Assert.Equal(2, await kit.ActiveMembershipsAsync(student));
        // Each winner's request is accepted; every loser's is still pending, for its leaders to refuse or for a later place.
        var statuses = new List<string>();
        foreach (var (request, _) in pending) statuses.Add(await kit.RequestStatusAsync(request));
        Assert.Equal(2, statuses.Count(s => s == "Accepted"));
        Assert.Equal(4, statuses.Count(s => s == "Pending"));
        for (var i = 0; i < pending.Count; i++)
            Assert.Equal(results[i].Status == HttpStatusCode.OK ? "Accepted" : "Pending", statuses[i]);
        // Only the winners' "welcome" emails were written.
        Assert.Equal(outboxBefore + 2, await app.WithDbAsync(db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task AS_3_2_student_already_in_one_association_gets_exactly_one_more_from_parallel_accepts()
    {
        var student = await kit.FreshStudentAsync();
        var existing = await kit.AssociationAsync(name: "已有社团");
        await kit.AddMemberAsync(student, existing.Id);
        var pending = await RequestsAsync(student, await kit.AssociationsAsync(5, name: "并发社团"));

        var results = await AcceptAllAtOnceAsync(pending);

        AssertOutcome(results, expectedWins: 1, student);
        Assert.Equal(2, await kit.ActiveMembershipsAsync(student));
    }

    [Fact]
    public async Task AS_3_2_many_students_accepted_at_once_each_end_with_at_most_two()
    {
        // Three students, each asking four associations; all twelve acceptances race each other.
        var students = await kit.Founding.FreshStudentsAsync(3);
        var associations = await kit.AssociationsAsync(4, name: "混合社团");
        var pending = new List<(Guid, TestAssociation)>();
        foreach (var s in students) pending.AddRange(await RequestsAsync(s, associations));

        var results = await AcceptAllAtOnceAsync(pending);

        Assert.Equal(6, results.Count(r => r.Status == HttpStatusCode.OK));
        foreach (var (status, body) in results.Where(r => r.Status != HttpStatusCode.OK))
            AssertRefused(status, body, ("AS-3.2", "rule.member-too-many-associations"));
        foreach (var s in students) Assert.Equal(2, await kit.ActiveMembershipsAsync(s));
    }
}
