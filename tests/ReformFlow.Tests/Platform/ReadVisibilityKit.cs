using System.Net;
using System.Text.Json.Nodes;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Support;

namespace ReformFlow.Tests.Platform;

/// <summary>
/// Reads an item as many accounts and checks who gets it: over the JSON API (detail and list) and, where a page shows the
/// item, over the page. Every failure names the account, so a matrix test says which role or scope leaked.
/// </summary>
public sealed class ReadVisibilityKit(AppFactory app)
{
    public FoundingKit Founding { get; } = new(app);

    /// <summary>The staff accounts of the demo university, by role and scope (see README's account table).</summary>
    public static class Staff
    {
        public const string Admin = "admin";
        public const string StudentWork = "swd";
        public const string Chair = "chair";
        public const string CommitteeMember = "member1";
        /// <summary>物理学院党委: the guidance unit the test items name (and the Physics college party body).</summary>
        public const string OwnGuidanceUnit = FoundingKit.GuidanceAccount;
        public const string OtherGuidanceUnit = "academic.office";
        public const string OtherGuidanceInstitute = "ai.institute";
        public const string SchoolLeague = "league";
        public const string SchoolParty = "party";
        public const string OwnCollegeLeague = "phy.league";
        public const string OtherCollegeLeague = "chem.league";
        /// <summary>化学学院党委: another college's party body, and a guidance unit — of other associations.</summary>
        public const string OtherCollegeParty = "chem.party";
        public const string ClassBranch = "phy2301.branch";

        /// <summary>Roles with no say over associations, or the right role for another scope.</summary>
        public static readonly string[] Uninvolved =
            [OtherGuidanceUnit, OtherGuidanceInstitute, SchoolLeague, SchoolParty, OwnCollegeLeague, OtherCollegeLeague, OtherCollegeParty, ClassBranch];

        /// <summary>The bodies that decide on every association of the university, and the item's own guidance unit.</summary>
        public static readonly string[] Deciding = [Admin, StudentWork, Chair, CommitteeMember, OwnGuidanceUnit];
    }

    public Task<Api> As(string user) => Founding.As(user);

    public async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string user, string path) => await (await As(user)).GetAsync(path);

    public async Task<HttpStatusCode> PageAsync(string user, string path)
    {
        using var response = await (await As(user)).Http.GetAsync(path);
        return response.StatusCode;
    }

    public async Task<string> PageTextAsync(string user, string path)
    {
        using var response = await (await As(user)).Http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{user} {path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The detail answers 200 for each reader and 404 for everyone else (an item you may not read does not exist for you).</summary>
    public async Task AssertDetailAsync(string path, IEnumerable<string> readers, IEnumerable<string> others, HttpStatusCode refused = HttpStatusCode.NotFound)
    {
        // Refusals first: a leak is what the test is about.
        foreach (var user in others)
        {
            var (status, body) = await GetAsync(user, path);
            Assert.True(status == refused, $"{user} should not read {path}: {(int)status} {Excerpt(body)}");
        }
        foreach (var user in readers)
        {
            var (status, body) = await GetAsync(user, path);
            Assert.True(status == HttpStatusCode.OK, $"{user} should read {path}: {(int)status} {body?.ToJsonString()}");
        }
    }

    /// <summary>The page answers 200 for each reader and 404 for everyone else.</summary>
    public async Task AssertPageAsync(string path, IEnumerable<string> readers, IEnumerable<string> others)
    {
        foreach (var user in others)
        {
            var status = await PageAsync(user, path);
            Assert.True(status == HttpStatusCode.NotFound, $"{user} should not open {path}: {(int)status}");
        }
        foreach (var user in readers) Assert.True(await PageAsync(user, path) == HttpStatusCode.OK, $"{user} should open {path}");
    }

    /// <summary>The list contains the item (by <paramref name="idField"/>) for each reader and not for anyone else.</summary>
    public async Task AssertListedAsync(string path, Func<JsonNode, JsonArray> rows, string idField, Guid id, IEnumerable<string> readers, IEnumerable<string> others)
    {
        foreach (var user in others)
        {
            var (status, body) = await GetAsync(user, path);
            Assert.False(status == HttpStatusCode.OK && Contains(rows(body!), idField, id), $"{user} should not find {id} in {path}");
        }
        foreach (var user in readers)
        {
            var (status, body) = await GetAsync(user, path);
            Assert.True(status == HttpStatusCode.OK, $"{user} lists {path}: {(int)status}");
            Assert.True(Contains(rows(body!), idField, id), $"{user} should find {id} in {path}");
        }
    }

    private static bool Contains(JsonArray rows, string idField, Guid id) =>
        rows.Any(r => r![idField]!.GetValue<Guid>() == id);

    private static string Excerpt(JsonNode? body)
    {
        var text = body?.ToJsonString() ?? "";
        return text[..Math.Min(text.Length, 300)];
    }
}
