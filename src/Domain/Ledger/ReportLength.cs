using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Ledger;

/// <summary>
/// The self-examination report's limit: "不超过3000字". Counted as WPS and Word count 字符数（不计空格）: every character
/// that is not white space — each Chinese character, each punctuation mark, each Latin letter and digit — so what the
/// page counts is what a reviewer counts when pasting the text into an office program. The strict reading on purpose.
/// </summary>
public static class ReportLength
{
    public const int Max = 3000;

    public static int Count(string? text)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        var n = 0;
        foreach (var rune in text.EnumerateRunes())
            if (!System.Text.Rune.IsWhiteSpace(rune)) n++;
        return n;
    }

    public static int Count(SelfReport report) => report.Sections().Sum(s => Count(s.Text));

    public static void Check(SelfReport report)
    {
        var n = Count(report);
        if (n > Max) throw new DomainException("ledger.report.too-long", n, Max);
    }
}
