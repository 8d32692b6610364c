using System.Text.RegularExpressions;
using ReformFlow.Domain.Ledger;
using ReformFlow.Tests.Platform;

namespace ReformFlow.Tests.Ledger;

/// <summary>
/// The registry (src/Domain/Ledger/Measures*.cs) and MEASURES.md list the same measures, with the same kinds, in the
/// same order; every row is worded in both languages; every measure ID the code cites is one of them. The repository
/// keeps its own copy of MEASURES.md (docs/mission/MEASURES.md) so that a fresh clone can check this too.
/// </summary>
public sealed class MeasureRegistryTests
{
    /// <summary>One row of a MEASURES.md table: its ID and the kinds its "How" column names.</summary>
    internal sealed record DocumentedMeasure(string Id, MeasureKind Kinds, string How);

    internal static string MeasuresFile => Path.Combine(LocalizationTests.RepoRoot(), "docs", "mission", "MEASURES.md");

    /// <summary>
    /// The table rows of MEASURES.md whose first cell is a measure ID. The "How" column is read without its notes
    /// in parentheses or after a colon ("Declared (+ volunteer counts from SU-3.5)" is Declared only); "Enforced"
    /// is a rule the workflows enforce, so it counts as Workflow; "reminder" is not a kind.
    /// </summary>
    internal static List<DocumentedMeasure> Documented()
    {
        var rows = new List<DocumentedMeasure>();
        foreach (var line in File.ReadLines(MeasuresFile))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length < 5 || !Regex.IsMatch(cells[1], @"^(SU|AS)-\d+(\.\d+)?$")) continue;
            var how = cells[3];
            var plain = Regex.Replace(how, @"\([^)]*\)", "");
            plain = plain.Split(':')[0];
            var kinds = (MeasureKind)0;
            if (Regex.IsMatch(plain, @"\bDeclared\b")) kinds |= MeasureKind.Declared;
            if (Regex.IsMatch(plain, @"\bComputed\b")) kinds |= MeasureKind.Computed;
            if (Regex.IsMatch(plain, @"\b(Workflow|Enforced)\b")) kinds |= MeasureKind.Workflow;
            rows.Add(new DocumentedMeasure(cells[1], kinds, how));
        }
        return rows;
    }

    [Fact]
    public void Every_measure_of_MEASURES_md_has_a_registry_row_and_every_row_a_measure()
    {
        var documented = Documented().Select(d => d.Id).ToList();
        Assert.True(documented.Count > 50, $"Only {documented.Count} measures read from {MeasuresFile}: has its table format changed?");
        var registered = Measures.All.Select(m => m.Id).ToList();

        var noRow = documented.Except(registered).ToList();
        var noMeasure = registered.Except(documented).ToList();
        Assert.True(noRow.Count == 0, "Measures of MEASURES.md with no registry row: " + string.Join(", ", noRow));
        Assert.True(noMeasure.Count == 0, "Registry rows with no measure in MEASURES.md: " + string.Join(", ", noMeasure));
        Assert.Equal(documented, registered); // same order: the ledger lists its rows as the survey list does
    }

    [Fact]
    public void Every_registry_row_has_the_kinds_MEASURES_md_gives_it()
    {
        var registry = Measures.All.ToDictionary(m => m.Id);
        var differ = Documented().Where(d => registry.TryGetValue(d.Id, out var m) && m.Kinds != d.Kinds)
            .Select(d => $"{d.Id}: registry {registry[d.Id].Kinds}, MEASURES.md \"{d.How}\" = {d.Kinds}").ToList();
        Assert.True(differ.Count == 0, "Kinds differ:\n" + string.Join("\n", differ));
        Assert.DoesNotContain(Measures.All, m => m.Kinds == 0);
    }

    [Fact]
    public void Every_registry_row_is_worded_in_Chinese_and_English_and_belongs_to_the_part_of_its_ID()
    {
        var cjk = new Regex(@"\p{IsCJKUnifiedIdeographs}");
        var bad = Measures.All.Where(m => string.IsNullOrWhiteSpace(m.Zh) || !cjk.IsMatch(m.Zh)).Select(m => m.Id + " (Chinese)")
            .Concat(Measures.All.Where(m => string.IsNullOrWhiteSpace(m.En) || cjk.IsMatch(m.En)).Select(m => m.Id + " (English)"))
            .Concat(Measures.All.Where(m => !m.Id.StartsWith(m.Part + "-", StringComparison.Ordinal)).Select(m => m.Id + " (part)"))
            .ToList();
        Assert.True(bad.Count == 0, "Rows with an empty or wrong wording or part: " + string.Join(", ", bad));
        Assert.Equal(Measures.All.Count, Measures.All.Select(m => m.Id).Distinct().Count());
        Assert.Equal("AS_3_2", Measures.Get("AS-3.2").TestToken);
        Assert.Null(Measures.Find("AS-9.9"));
    }

    /// <summary>
    /// Every "SU-…"/"AS-…" literal in src/ names a registry row (or a section of rows, like "SU-4" for SU-4.1 and
    /// SU-4.2): a mistyped ID would otherwise tie a refusal to a ledger row that does not exist.
    /// </summary>
    [Fact]
    public void Every_measure_ID_the_code_cites_is_in_the_registry()
    {
        var src = Path.Combine(LocalizationTests.RepoRoot(), "src");
        var cited = Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), "\"((SU|AS)-[0-9][0-9.]*)\"").Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.NotEmpty(cited);
        var unknown = cited.Where(id => Measures.Find(id) is null && !Measures.All.Any(m => m.Id.StartsWith(id + ".", StringComparison.Ordinal)))
            .Order().ToList();
        Assert.True(unknown.Count == 0, "Measure IDs in src/ with no registry row: " + string.Join(", ", unknown));
    }

    /// <summary>The copy in docs/ is the mission's own file wherever that one lies beside the repository (the shared checkout).</summary>
    [Fact]
    public void The_repository_copy_of_MEASURES_md_matches_the_mission_file_when_it_is_present()
    {
        var mission = Path.GetFullPath(Path.Combine(LocalizationTests.RepoRoot(), "..", "shared", "mission", "MEASURES.md"));
        var expected = File.Exists(mission) ? File.ReadAllText(mission) : File.ReadAllText(MeasuresFile);
        Assert.True(expected == File.ReadAllText(MeasuresFile),
            $"docs/mission/MEASURES.md differs from {mission}: copy the new version and update the registry.");
    }
}
