namespace ReformFlow.Domain.Ledger;

/// <summary>
/// The registry of reform measures: every item of MEASURES.md (docs/mission/MEASURES.md), in its order. The work
/// ledger has one row per entry. To add or upgrade a measure, edit its row in <c>Measures.StudentUnion.cs</c> or
/// <c>Measures.Associations.cs</c> (README, "Measures"); <c>MeasureRegistryTests</c> keeps this list and MEASURES.md equal.
/// </summary>
public static partial class Measures
{
    private const MeasureKind Declared = MeasureKind.Declared;
    private const MeasureKind Computed = MeasureKind.Computed;
    private const MeasureKind Workflow = MeasureKind.Workflow;

    // Lazy: the parts live in other files of this partial class, whose static initialisers run in no defined order.
    private static readonly Lazy<IReadOnlyList<Measure>> all = new(() => [.. StudentUnion(), .. Associations()]);
    private static readonly Lazy<IReadOnlyDictionary<string, Measure>> ById =
        new(() => All.ToDictionary(m => m.Id, StringComparer.Ordinal));

    /// <summary>Every measure, part SU then part AS, in the order of the survey list.</summary>
    public static IReadOnlyList<Measure> All => all.Value;

    /// <summary>The measure with this ID ("AS-3.2"), or null.</summary>
    public static Measure? Find(string id) => ById.Value.GetValueOrDefault(id);

    /// <summary>The measure with this ID; an unknown ID is a programming error.</summary>
    public static Measure Get(string id) => Find(id) ?? throw new KeyNotFoundException($"No measure {id} in the registry.");

    private static Measure Su(string id, MeasureKind kinds, string zh, string en) => new(id, MeasurePart.SU, kinds, zh, en);
    private static Measure As(string id, MeasureKind kinds, string zh, string en) => new(id, MeasurePart.AS, kinds, zh, en);
}
