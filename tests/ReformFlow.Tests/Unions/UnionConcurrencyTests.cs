using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Unions;
using ReformFlow.Tests.Support;
using static ReformFlow.Tests.Unions.UnionKit;

namespace ReformFlow.Tests.Unions;

/// <summary>
/// SU-3.3 under concurrency on the real SQLite file: two nominations for the last college presidium seat, determined
/// at the same moment by the college party organisation over two HTTP clients, cannot both fill it.
/// </summary>
public sealed class UnionConcurrencyTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly UnionKit kit = new(app);

    private async Task<(HttpStatusCode Status, JsonNode? Body)[]> DetermineAtOnceAsync(IReadOnlyList<Guid> ids)
    {
        var clients = await Task.WhenAll(ids.Select(_ => Api.SignInAsync(app, "phy.party")));
        var versions = new List<int>();
        foreach (var id in ids) versions.Add(await kit.VersionAsync(id));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = ids.Select((id, i) => Task.Run(async () =>
        {
            await start.Task;
            return await clients[i].PostAsync(ActionPath(id, "CollegePartyDetermine"), new { comment = "同意", expectedVersion = versions[i] });
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(calls);
    }

    [Fact]
    public async Task SU_3_3_two_determinations_racing_for_the_last_college_presidium_seat_fill_it_once()
    {
        var union = await kit.CollegeUnionIdAsync("PHY");
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(2, (await kit.StaffAsync(union)).Presidium);
            var nominees = await kit.NomineesAsync(2, "PHY", "物理2301");
            var ids = new List<Guid>();
            foreach (var n in nominees) ids.Add(await kit.CollegeChainToDeterminationAsync("phy2301.branch", n, union, "PresidiumMember"));

            var results = await DetermineAtOnceAsync(ids);

            Assert.Equal(1, results.Count(r => r.Status == HttpStatusCode.OK));
            var winner = Array.FindIndex(results, r => r.Status == HttpStatusCode.OK);
            Assert.Equal("Appointed", State(results[winner].Body!));
            var (status, problem) = results[1 - winner];
            Associations.FoundingKit.AssertRefused(status, problem, ("SU-3.3", "rule.su-college-presidium-max"));

            // The database holds three presidium members: the winner's seat, and none for the loser, still awaiting a decision.
            Assert.Equal(3, (await kit.StaffAsync(union)).Presidium);
            Assert.NotNull(await kit.ActivePositionAsync(union, nominees[winner]));
            Assert.Null(await kit.ActivePositionAsync(union, nominees[1 - winner]));
            var loser = await kit.ViewAsync(ids[1 - winner], "phy.party");
            Assert.Equal("CollegePartyDetermination", State(loser));
            Assert.Equal("Pending", Outcome(loser));
            var nominationIds = await app.WithDbAsync(db => db.WorkflowInstances.Where(i => ids.Contains(i.Id)).Select(i => i.SubjectId).ToListAsync());
            Assert.Equal(1, await app.WithDbAsync(db => db.CadrePositions.CountAsync(p => p.UnionId == union && p.EndedAt == null
                && p.NominationId != null && nominationIds.Contains(p.NominationId.Value))));

            // Free the seat again (the college league ends the winner's term) for the next round.
            var position = await kit.ActivePositionAsync(union, nominees[winner]);
            var (ended, body) = await (await kit.As("phy.league")).PostAsync($"/api/v1/unions/positions/{position!.Id}/end", new { reason = "测试轮次结束" });
            Assert.True(ended == HttpStatusCode.NoContent, body?.ToJsonString());
            // The loser is refused for good; reject it so it leaves the list.
            await kit.ActedAsync("phy.party", ids[1 - winner], "CollegePartyReject", "名额已满");
        }
    }

    [Fact]
    public async Task SU_3_2_two_joint_determinations_racing_for_the_last_department_head_seat_fill_it_once()
    {
        var union = await kit.SchoolUnionIdAsync();
        var department = await kit.AddDepartmentInDbAsync(union);
        await kit.SeatFillersAsync(union, PositionKind.DepartmentHead, department, 2);
        var nominees = await kit.NomineesAsync(2);
        var ids = new List<Guid>();
        foreach (var n in nominees)
        {
            var id = await kit.DepartmentChainToJointReviewAsync(n, union, "DepartmentHead", department);
            await kit.ActedAsync("swd", id, "StudentWorkAgree", "同意");
            ids.Add(id);
        }
        var clients = await Task.WhenAll(ids.Select(_ => Api.SignInAsync(app, "league")));
        var versions = new List<int>();
        foreach (var id in ids) versions.Add(await kit.VersionAsync(id));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = ids.Select((id, i) => Task.Run(async () =>
        {
            await start.Task;
            return await clients[i].PostAsync(ActionPath(id, "LeagueCommitteeAgree"), new { comment = "同意", expectedVersion = versions[i] });
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(calls);

        Assert.Equal(1, results.Count(r => r.Status == HttpStatusCode.OK));
        var loser = results.Single(r => r.Status != HttpStatusCode.OK);
        Associations.FoundingKit.AssertRefused(loser.Status, loser.Body, ("SU-3.2", "rule.su-department-heads-max"));
        Assert.Equal(3, (await kit.StaffAsync(union, department)).Heads);
    }
}
