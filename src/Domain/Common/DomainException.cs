namespace ReformFlow.Domain.Common;

/// <summary>
/// A rule was broken. Carries one or more <see cref="Reason"/>s so the UI and the API can list
/// every unmet condition at once, in the reader's language.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(IReadOnlyList<Reason> reasons)
        : base(string.Join(" ", reasons.Select(r => r.ToString())))
    {
        if (reasons.Count == 0) throw new ArgumentException("A DomainException needs at least one reason.", nameof(reasons));
        Reasons = reasons;
    }

    public DomainException(string key, params object[] args) : this([new Reason(null, key, args)]) { }

    public static DomainException ForMeasure(string measureId, string key, params object[] args) =>
        new([new Reason(measureId, key, args)]);

    public IReadOnlyList<Reason> Reasons { get; }
}

/// <summary>
/// Why something is refused. <see cref="Key"/> names a text in the localisation files; <see cref="Args"/>
/// fill its placeholders; <see cref="MeasureId"/> ties it to MEASURES.md where a reform measure is the reason.
/// </summary>
public sealed record Reason(string? MeasureId, string Key, params object[] Args)
{
    public override string ToString() =>
        (MeasureId is null ? "" : $"[{MeasureId}] ") + Key + (Args.Length == 0 ? "" : "(" + string.Join(", ", Args) + ")");
}
