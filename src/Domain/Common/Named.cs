namespace ReformFlow.Domain.Common;

/// <summary>
/// A name kept in both languages (a department, a college) passed as an argument of a <see cref="Reason"/>: the text
/// layer prints the reader's one, so one reason renders in Chinese and in English alike.
/// </summary>
public sealed record Named(string Zh, string En)
{
    public string In(string culture) => culture.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Zh : En;
    public override string ToString() => Zh;
}
