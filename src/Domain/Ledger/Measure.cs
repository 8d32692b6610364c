namespace ReformFlow.Domain.Ledger;

/// <summary>Which reform document a measure comes from: the student-union opinions or the associations' measures.</summary>
public enum MeasurePart
{
    /// <summary>Student union (graduate student union) reform, Zhongqinglianfa [2019] No. 9.</summary>
    SU,
    /// <summary>Student associations, Jiaodang [2020] No. 13.</summary>
    AS,
}

/// <summary>
/// How the system answers a measure, as the "How" column of MEASURES.md says; a measure may be answered in several
/// ways at once ("Declared + Computed"). "Enforced" in MEASURES.md (AS-1.7) is a rule the workflows enforce: Workflow.
/// </summary>
[Flags]
public enum MeasureKind
{
    /// <summary>The school league committee records the status and its evidence.</summary>
    Declared = 1,
    /// <summary>The system derives the status from its own data (counts, dates).</summary>
    Computed = 2,
    /// <summary>A workflow step or guard enforces it; the evidence is the instances that ran through it.</summary>
    Workflow = 4,
}

/// <summary>
/// One item of the province's survey list (one row of the work ledger, 工作台账): its stable ID, its wording in both
/// languages, its part and how it is answered. The rule code, its tests and its ledger row carry the same ID.
/// </summary>
public sealed record Measure(string Id, MeasurePart Part, MeasureKind Kinds, string Zh, string En)
{
    /// <summary>The ID as it appears in test method names: "AS-3.2" → "AS_3_2".</summary>
    public string TestToken => Id.Replace('-', '_').Replace('.', '_');

    public bool Is(MeasureKind kind) => (Kinds & kind) != 0;

    /// <summary>The wording in the reader's language ("zh-CN" or anything Chinese → Chinese, otherwise English).</summary>
    public string Text(string culture) => culture.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Zh : En;
}
