using System.Text.RegularExpressions;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Tests.Platform;

public sealed class LocalizationTests
{
    [Fact]
    public void A_key_with_one_string_argument_is_filled_not_read_as_a_culture()
    {
        // Get("key", "x") binds to the (culture, key) overload; it used to answer the argument itself.
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en");
            Assert.Equal(Texts.Get(Texts.English, "structure.unit-inactive", "临时办公室"), Texts.Get("structure.unit-inactive", "临时办公室"));
            Assert.Contains("临时办公室", Texts.Get("structure.unit-inactive", "临时办公室"));
            Assert.StartsWith("The organisation unit", Texts.Get("structure.unit-inactive", "临时办公室"));
        }
        finally { System.Globalization.CultureInfo.CurrentUICulture = previous; }
    }

    [Fact]
    public void English_says_one_item_and_two_items()
    {
        // Issue 9: "1 items", "1 sponsors" read wrongly; a key's ".one" form is used when its first argument is 1.
        Assert.Equal("1 item is waiting for you.", Texts.Get(Texts.English, "tasks.intro", 1));
        Assert.Equal("2 items are waiting for you, oldest first.", Texts.Get(Texts.English, "tasks.intro", 2));
        Assert.Equal("1 sponsor has confirmed; at least 20 are needed.", Texts.Get(Texts.English, "rule.sponsors-too-few", 1, 20));
        Assert.Equal("0 sponsors have confirmed; at least 20 are needed.", Texts.Get(Texts.English, "rule.sponsors-too-few", 0, 20));
        Assert.Equal(Texts.Get(Texts.Chinese, "tasks.intro", 2).Replace("2", "1"), Texts.Get(Texts.Chinese, "tasks.intro", 1));
    }

    [Fact]
    public void Both_languages_have_exactly_the_same_texts()
    {
        var en = Texts.Table(Texts.English).Keys.ToHashSet();
        var zh = Texts.Table(Texts.Chinese).Keys.ToHashSet();
        Assert.Empty(en.Except(zh));
        Assert.Empty(zh.Except(en));
        Assert.All(Texts.Table(Texts.Chinese), kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
    }

    [Fact]
    public void Every_text_key_named_in_the_source_exists()
    {
        var root = RepoRoot();
        var pattern = new Regex("\"((?:rule|application|access|instructors|membership|review|annual|unions|union|nominations|nomination|evaluation|evaluations|workflow|email|task|student|association|login|problem|nav|draft|details|tasks|outbox|applications|associations|demo|error|form|app)\\.[a-z0-9.-]+)\"");
        var missing = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs") || f.EndsWith(".cshtml"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains("Migrations"))
            .SelectMany(f => pattern.Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value)))
            .Where(x => !Texts.Has(x.Key) && !x.Key.EndsWith('.'))
            // Demo sign-in names such as "academic.office" look like keys but are user names.
            .Where(x => !ReformFlow.Workflows.Demo.DemoData.Accounts.Any(a => a.UserName == x.Key))
            .Select(x => $"{x.File}: {x.Key}").Distinct().ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_state_trigger_and_role_has_a_name_in_both_languages()
    {
        var names = Enum.GetNames<ReformFlow.Workflows.Associations.FoundingProcess.State>().Select(n => $"enum.State.{n}")
            .Concat(Enum.GetNames<ReformFlow.Workflows.Associations.FoundingProcess.Trigger>().Select(n => $"enum.Trigger.{n}"))
            .Concat(Enum.GetNames<ReformFlow.Workflows.Instructors.InstructorEvaluationProcess.State>().Select(n => $"enum.State.{n}"))
            .Concat(Enum.GetNames<ReformFlow.Workflows.Instructors.InstructorEvaluationProcess.Trigger>().Select(n => $"enum.Trigger.{n}"))
            .Concat(Enum.GetNames<ReformFlow.Workflows.Instructors.InstructorRenewalProcess.State>().Select(n => $"enum.State.{n}"))
            .Concat(Enum.GetNames<ReformFlow.Workflows.Instructors.InstructorRenewalProcess.Trigger>().Select(n => $"enum.Trigger.{n}"))
            .Concat(Enum.GetNames<ReformFlow.Domain.Associations.EvaluationResult>().Select(n => $"enum.EvaluationResult.{n}"))
            .Concat(Enum.GetNames<ReformFlow.Domain.Access.Role>().Select(n => $"enum.Role.{n}"))
            .Concat(Enum.GetNames<ReformFlow.Domain.Associations.AssociationCategory>().Select(n => $"enum.AssociationCategory.{n}"));
        Assert.All(names, key => Assert.True(Texts.Has(key), key));
    }

    [Fact]
    public void Placeholders_match_between_languages()
    {
        var zh = Texts.Table(Texts.Chinese);
        var placeholder = new Regex(@"\{\d+\}");
        var mismatched = Texts.Table(Texts.English)
            .Where(kv => !placeholder.Matches(kv.Value).Select(m => m.Value).ToHashSet().SetEquals(placeholder.Matches(zh[kv.Key]).Select(m => m.Value)))
            .Select(kv => kv.Key).ToList();
        Assert.Empty(mismatched);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ReformFlow.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ReformFlow.sln not found above " + AppContext.BaseDirectory);
    }
}
