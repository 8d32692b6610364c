using System.Text.Json.Nodes;
using ReformFlow.Workflows.Demo;

namespace ReformFlow.Tests.Support;

/// <summary>Drives a founding application through the HTTP API as each demo role, step by step.</summary>
public sealed class Founding(AppFactory app)
{
    public const string Initiator = DemoData.Initiator;
    public const string GuidanceAccount = "phy.party";
    public const string GuidanceUnitName = "物理学院党委";

    public async Task<Guid> GuidanceUnitIdAsync(Api api, string name = GuidanceUnitName)
    {
        var (_, units) = await api.GetAsync("/api/v1/org-units");
        return units!.AsArray().Single(u => u!["name"]!.GetValue<string>() == name)!["id"]!.GetValue<Guid>();
    }

    public static object Draft(Guid guidanceUnitId, string name = "天文爱好者协会", string category = "Academic", params string[] instructors) => new
    {
        name, category, purpose = "组织天文观测与科普活动", guidanceUnitId,
        charterText = "第一条 本会名称为天文爱好者协会。第二条 本会宗旨……",
        declaresNoOutsideSponsor = true, declaresNoForeignAffairs = true,
        instructorStaffNumbers = instructors.Length == 0 ? new[] { DemoData.PartyInstructor } : instructors,
    };

    /// <summary>A draft by the demo initiator; returns (instance id, initiator's client).</summary>
    public async Task<(Guid Id, Api Initiator)> CreateDraftAsync(string name = "天文爱好者协会", string category = "Academic", params string[] instructors)
    {
        var student = await Api.SignInAsync(app, Initiator);
        var (status, body) = await student.PostAsync("/api/v1/association-applications", Draft(await GuidanceUnitIdAsync(student), name, category, instructors));
        if ((int)status != 201) throw new Xunit.Sdk.XunitException($"draft: {(int)status} {body?.ToJsonString()}");
        return (body!["instanceId"]!.GetValue<Guid>(), student);
    }

    /// <summary>Invites and confirms the given sponsors (each signs in personally).</summary>
    public async Task ConfirmSponsorsAsync(Guid id, Api initiator, IEnumerable<string> numbers)
    {
        var list = numbers.ToList();
        var (status, body) = await initiator.PostAsync($"/api/v1/association-applications/{id}/sponsors", new { studentNumbers = list });
        if ((int)status != 200) throw new Xunit.Sdk.XunitException($"invite: {(int)status} {body?.ToJsonString()}");
        foreach (var n in list)
            await (await Api.SignInAsync(app, n)).ActAsync(id, "ConfirmSponsorship");
    }

    public static IEnumerable<string> NineteenClassmates => DemoData.EligibleClassmates.Take(19);

    public async Task<JsonNode> GetAsync(Api api, Guid id) => (await api.GetAsync($"/api/v1/association-applications/{id}")).Body!;

    public static int Version(JsonNode view) => view["version"]!.GetValue<int>();
    public static string State(JsonNode view) => view["state"]!.GetValue<string>();

    /// <summary>Draft → sponsors → submitted → instructor accepted → guidance approved: ready for the committee.</summary>
    public async Task<Guid> UpToCommitteeAsync(string name = "天文爱好者协会")
    {
        var (id, initiator) = await CreateDraftAsync(name);
        await ConfirmSponsorsAsync(id, initiator, NineteenClassmates);
        var view = await GetAsync(initiator, id);
        await initiator.ActAsync(id, "Submit", new { expectedVersion = Version(view) });
        var teacher = await Api.SignInAsync(app, DemoData.PartyInstructor);
        view = await teacher.ActAsync(id, "AcceptInstruction");
        var guidance = await Api.SignInAsync(app, GuidanceAccount);
        await guidance.ActAsync(id, "GuidanceApprove", new { expectedVersion = Version(view) });
        return id;
    }
}
