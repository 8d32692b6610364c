using System.Globalization;
using ReformFlow.Domain.Organisation;

namespace ReformFlow.Workflows.Roster;

/// <summary>The values roster files write, as Chinese offices write them, read into the domain's; null means "not a value we know".</summary>
public static class RosterValues
{
    private static readonly Dictionary<string, bool> YesNo = new(StringComparer.OrdinalIgnoreCase)
    {
        ["是"] = true, ["否"] = false, ["党员"] = true, ["非党员"] = false, ["Y"] = true, ["N"] = false,
        ["yes"] = true, ["no"] = false, ["true"] = true, ["false"] = false, ["1"] = true, ["0"] = false,
    };

    /// <summary>
    /// A teacher's 政治面貌 as Party membership. A probationary member counts as a member, as for student cadres
    /// (SU-4.1); the League, the masses, non-party personages and the eight democratic parties do not.
    /// </summary>
    private static readonly Dictionary<string, bool> TeacherPolitical = new(StringComparer.OrdinalIgnoreCase)
    {
        ["中共党员"] = true, ["党员"] = true, ["中国共产党党员"] = true, ["中共预备党员"] = true, ["预备党员"] = true,
        ["共青团员"] = false, ["团员"] = false, ["群众"] = false, ["无党派人士"] = false, ["无党派"] = false,
        ["民革党员"] = false, ["民盟盟员"] = false, ["民建会员"] = false, ["民进会员"] = false, ["农工党党员"] = false,
        ["致公党党员"] = false, ["九三学社社员"] = false, ["台盟盟员"] = false,
        ["PartyMember"] = true, ["ProbationaryPartyMember"] = true, ["LeagueMember"] = false, ["None"] = false,
    };

    public static bool? ParseYesNo(string value) => YesNo.TryGetValue(value.Trim(), out var b) ? b : null;

    public static bool? ParseTeacherPolitical(string value) => TeacherPolitical.TryGetValue(value.Trim(), out var b) ? b : null;

    /// <summary>A ranking as a percentile from 0 to 100 ("12.5" or "12.5%"; 10 means the top 10%).</summary>
    public static decimal? ParsePercentile(string value)
    {
        var text = value.Trim().TrimEnd('%', '％').Trim();
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 100 ? d : null;
    }

    public static int? ParseCount(string value) =>
        int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 1000 ? n : null;

    public static DateOnly? ParseDate(string value) =>
        DateOnly.TryParseExact(value.Trim(), ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>The disciplinary punishments (纪律处分) of the student rules, lightest first; English names accepted.</summary>
    private static readonly (string Kind, string[] Words)[] Punishments =
    [
        ("警告", ["警告", "Warning"]),
        ("严重警告", ["严重警告", "SeriousWarning", "Serious Warning"]),
        ("记过", ["记过", "Demerit"]),
        ("留校察看", ["留校察看", "Probation"]),
        ("开除学籍", ["开除学籍", "Expulsion"]),
    ];

    private static readonly HashSet<string> NoPunishment = new(StringComparer.OrdinalIgnoreCase) { "", "无", "没有", "-", "—", "none", "no" };

    /// <summary>
    /// A punishment cell: "" when there is none (无, none or empty), the kind's Chinese name when known (警告, 严重警告处分…),
    /// null when not a punishment we know.
    /// </summary>
    public static string? ParsePunishmentKind(string value)
    {
        var text = value.Trim();
        if (NoPunishment.Contains(text)) return "";
        if (text.EndsWith("处分", StringComparison.Ordinal)) text = text[..^2];
        foreach (var (kind, words) in Punishments)
            if (words.Any(w => string.Equals(w, text, StringComparison.OrdinalIgnoreCase))) return kind;
        return null;
    }

    /// <summary>How the student record keeps a punishment (free text, <see cref="Student.ActivePunishment"/>): 警告处分（2026-03-01）.</summary>
    public static string PunishmentText(string kind, DateOnly? date) =>
        date is { } d ? $"{kind}处分（{d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}）" : $"{kind}处分";
}
