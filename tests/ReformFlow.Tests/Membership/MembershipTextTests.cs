using System.Text.RegularExpressions;
using ReformFlow.Domain.Associations;
using ReformFlow.Tests.Platform;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Tests.Memberships;

/// <summary>The membership texts exist in both languages (the platform test does not look at the "membership." prefix).</summary>
public sealed class MembershipTextTests
{
    [Fact]
    public void Every_membership_text_named_in_the_source_exists_in_both_languages()
    {
        var root = LocalizationTests.RepoRoot();
        var pattern = new Regex("\"((?:membership|rule\\.member|email\\.membership|associations|access)[a-z0-9.-]*)\"");
        var keys = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs") || f.EndsWith(".cshtml")) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => pattern.Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Where(k => k.Contains('.') && !k.EndsWith('.'))
            .Distinct().ToList();
        Assert.Contains("rule.member-too-many-associations", keys);
        Assert.Contains("email.membership-requested.subject", keys);
        var missing = keys.Where(k => !Texts.Table(Texts.English).ContainsKey(k) || !Texts.Table(Texts.Chinese).ContainsKey(k)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_request_status_has_a_name_in_both_languages()
    {
        foreach (var culture in Texts.Cultures)
            foreach (var status in Enum.GetValues<MembershipApplicationStatus>())
                Assert.True(Texts.Table(culture).ContainsKey($"enum.MembershipApplicationStatus.{status}"), $"{culture}: {status}");
    }
}
