using System.Text;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Workflows.Access;

/// <summary>The issued links as a CSV file to print or hand out (UTF-8 with BOM, so Excel reads the Chinese names).</summary>
public static class LinksCsv
{
    public static byte[] Write(IEnumerable<IssuedLink> links, Func<DateTimeOffset, DateTimeOffset> toLocal)
    {
        var sb = new StringBuilder();
        Row(sb, Texts.Get("accounts.csv.user-name"), Texts.Get("accounts.csv.name"), Texts.Get("accounts.csv.kind"), Texts.Get("accounts.csv.college"),
            Texts.Get("accounts.csv.grade"), Texts.Get("accounts.csv.link"), Texts.Get("accounts.csv.expires"));
        var english = Texts.CurrentCulture == Texts.English;
        foreach (var l in links)
            Row(sb, l.UserName, l.DisplayName, l.Kind is { } k ? Texts.Get($"enum.PersonKind.{k}") : "", (english ? l.CollegeEn : l.College) ?? "",
                l.Grade?.ToString() ?? "", l.Url, toLocal(l.ExpiresAt).ToString("yyyy-MM-dd HH:mm"));
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    private static void Row(StringBuilder sb, params string[] cells) => sb.Append(string.Join(",", cells.Select(Cell))).Append("\r\n");

    /// <summary>Quoted; a cell a spreadsheet would read as a formula (= + - @, or a leading tab/CR) gets a leading apostrophe.</summary>
    public static string Cell(string value)
    {
        var v = value.Length > 0 && "=+-@\t\r".Contains(value[0]) ? "'" + value : value;
        return "\"" + v.Replace("\"", "\"\"") + "\"";
    }
}
