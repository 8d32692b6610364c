using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReformFlow.Bench;

/// <summary>A draft application the benchmark prepared: its instance, the version it is at, and who started it.</summary>
public sealed record Draft(Guid Id, int Version, string InitiatorToken);

/// <summary>
/// Prepares work through the API, outside the timed part: tokens, drafts, invitations. Student numbers follow the
/// demo seeder's pattern {grade}{college:D2}{major}{seq:D3}.
/// </summary>
public sealed class Setup(Api api)
{
    /// <summary>The demo initiator and classmates the seeder always makes enrolled (DemoData): may start drafts.</summary>
    public static readonly string[] Initiators = Enumerable.Range(1, 8).Select(i => $"2023011{i:D3}").ToArray();
    /// <summary>19 computer-science students of grade 2024: with the initiator, the 20 sponsors an application needs.</summary>
    public static readonly string[] Sponsors = Enumerable.Range(1, 19).Select(i => $"2024031{i:D3}").ToArray();

    private const int Parallel = 8;
    private readonly Dictionary<string, string> _tokens = [];
    private Guid _guidanceUnit;

    public string Token(string user) => _tokens[user];

    public async Task SignInAsync(IEnumerable<string> users)
    {
        var list = users.Distinct().Where(u => !_tokens.ContainsKey(u)).ToList();
        var tokens = await Task.WhenAll(list.Select(api.TokenAsync));
        for (var i = 0; i < list.Count; i++) _tokens[list[i]] = tokens[i];
        if (_guidanceUnit == Guid.Empty)
        {
            var units = (await api.SendAsync(HttpMethod.Get, "/api/v1/org-units?guidanceUnits=true", tokens[0], null, 200))!.AsArray();
            _guidanceUnit = (units.FirstOrDefault(u => u!["name"]!.GetValue<string>() == "物理学院党委") ?? units[0])!["id"]!.GetValue<Guid>();
        }
    }

    /// <summary>Creates <paramref name="count"/> drafts, spread over the initiators, 8 at a time.</summary>
    public async Task<Draft[]> DraftsAsync(int count, string label)
    {
        var drafts = new Draft[count];
        await System.Threading.Tasks.Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallel }, async (i, _) =>
        {
            var token = _tokens[Initiators[i % Initiators.Length]];
            var view = await api.SendAsync(HttpMethod.Post, Api.Applications, token, new
            {
                name = $"基准测试协会 {label} {i}", category = "Academic", purpose = "性能测试用的草稿申请", guidanceUnitId = _guidanceUnit,
                charterText = "第一条 本会为性能测试而设。", declaresNoOutsideSponsor = true, declaresNoForeignAffairs = true,
                instructorStaffNumbers = new[] { "T01001" },
            }, 201);
            drafts[i] = new Draft(view!["instanceId"]!.GetValue<Guid>(), view["version"]!.GetValue<int>(), token);
        });
        return drafts;
    }

    public async Task InviteAsync(IEnumerable<Draft> drafts, IReadOnlyList<string> students) =>
        await System.Threading.Tasks.Parallel.ForEachAsync(drafts, new ParallelOptions { MaxDegreeOfParallelism = Parallel }, async (d, _) =>
            await api.SendAsync(HttpMethod.Post, $"{Api.Applications}/{d.Id}/sponsors", d.InitiatorToken, new { studentNumbers = students }, 200));

    /// <summary>
    /// Waits until the outbox holds no pending mail (every invitation and task queues one), so that the mail
    /// sender does not write to the database during a measurement. Bounded by <paramref name="limit"/>.
    /// </summary>
    public async Task<bool> OutboxDrainedAsync(TimeSpan limit)
    {
        var admin = _tokens["admin"];
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            var pending = (await api.SendAsync(HttpMethod.Get, "/api/v1/admin/outbox?status=Pending", admin, null, 200))!.AsArray().Count;
            var sending = (await api.SendAsync(HttpMethod.Get, "/api/v1/admin/outbox?status=Sending", admin, null, 200))!.AsArray().Count;
            if (pending + sending == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(3)); // let the queued wake-up jobs find nothing and finish
                return true;
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return false;
    }

    public static string Json(object body) => JsonSerializer.Serialize(body, JsonSerializerOptions.Web);
}
