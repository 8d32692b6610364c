using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Ledger;

/// <summary>A ledger row's status, as the province's form asks it: 已落实 / 部分落实 / 未落实 / 不适用.</summary>
public enum LedgerStatus { InPlace, Partly, NotInPlace, NotApplicable }

/// <summary>
/// One figure of a row ("schoolStaff" = 47): <see cref="Name"/> is stable (the API's key; its label is the text
/// <c>ledger.figure.{Name}</c>), <see cref="Link"/> the page that lists the items behind it (relative URL), if any.
/// </summary>
public sealed record LedgerFigure(string Name, decimal Value, string? Link = null);

/// <summary>One line of a computed row's evidence ("2 departments have 7 members: 宣传部, 文艺部"), with the page behind it.</summary>
public sealed record LedgerEvidence(Reason Text, string? Link = null);

/// <summary>
/// What the data says about one measure at the moment of asking: the status under the rule's own thresholds (a
/// "generally" limit → <see cref="LedgerStatus.Partly"/>, a "no more than" → <see cref="LedgerStatus.NotInPlace"/>),
/// the figures, and the evidence lines. Produced by the ledger's evaluators (Workflows/Ledger).
/// </summary>
public sealed record ComputedRow(string MeasureId, LedgerStatus Status, IReadOnlyList<LedgerFigure> Figures, IReadOnlyList<LedgerEvidence> Evidence);

/// <summary>An evidence line as frozen into a snapshot: rendered once in both languages, with its link.</summary>
public sealed record LedgerLine(string Zh, string En, string? Link = null)
{
    public string In(string culture) => culture.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Zh : En;
}

/// <summary>A file attached to a declared row (the SU charter, minutes of a party-committee meeting).</summary>
public sealed record LedgerAttachment(Guid Id, string FileName, long Length);

/// <summary>
/// One row of a university's ledger as shown, exported and frozen: the computed part (status, figures, evidence
/// lines) when the measure has an evaluator, and what the school league committee declared (status where nothing is
/// computed, evidence text, attachments, and, when not fully in place, the planned completion date and the
/// difficulties). <see cref="Status"/> is null only while a declared row is still unanswered.
/// </summary>
public sealed record LedgerRow(
    string MeasureId,
    MeasureKind Kinds,
    bool Computed,
    LedgerStatus? Status,
    IReadOnlyList<LedgerFigure> Figures,
    IReadOnlyList<LedgerLine> Evidence,
    string? DeclaredEvidence,
    DateOnly? PlannedDate,
    string? Difficulties,
    IReadOnlyList<LedgerAttachment> Attachments)
{
    /// <summary>A row not fully in place needs a planned completion date and the specific difficulties before submission.</summary>
    public bool NeedsPlan => Status is LedgerStatus.Partly or LedgerStatus.NotInPlace;
}

/// <summary>The self-examination report (自查报告), in the sections the notice asks for; at most 3,000 characters in all.</summary>
public sealed record SelfReport(
    string BasicSituation,
    string RulesIntroduced,
    string Experience,
    string Problems,
    string NextPlans,
    string Suggestions)
{
    public static readonly SelfReport Empty = new("", "", "", "", "", "");

    public IEnumerable<(string Key, string Text)> Sections()
    {
        yield return ("basic", BasicSituation);
        yield return ("rules", RulesIntroduced);
        yield return ("experience", Experience);
        yield return ("problems", Problems);
        yield return ("plans", NextPlans);
        yield return ("suggestions", Suggestions);
    }
}

/// <summary>
/// A submitted ledger as frozen: every row with its figures as of submission, and the report. Exports (.xlsx, .docx),
/// the provincial view and the API read this, never live data, for a submitted version.
/// </summary>
public sealed record LedgerSnapshot(
    string RoundTitle,
    string UniversityCode,
    string UniversityName,
    string UniversityNameEn,
    int Version,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<LedgerRow> Rows,
    SelfReport Report);
