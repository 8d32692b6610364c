using System.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MiniExcelLibs;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Localization;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Infrastructure;

/// <summary>One column of an exported list: the text key of its header (with its argument, if the text has one) and the cell of a row.</summary>
public sealed record XlsxColumn<T>(string HeaderKey, Func<T, object?> Value, object? HeaderArg = null);

/// <summary>
/// Every list's "Export .xlsx": the rows the list shows with its current search, filters and sort — all pages, up to
/// <see cref="MaxRows"/> — as one workbook. Headers are in the reader's language, dates in the installation's zone in one
/// format, enums by their localized names, and every text cell goes through <see cref="Escape"/> so that a name typed
/// as <c>=HYPERLINK(…)</c> stays text in Excel (formula injection). A second sheet says what was exported and, when the
/// list had more rows than the cap, that it was cut.
/// </summary>
public sealed class XlsxExport(IOptions<AppOptions> app, TimeProvider clock)
{
    public const int MaxRows = 10_000;
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string DateFormat = "yyyy-MM-dd HH:mm";

    /// <summary>The same search, filters and sort as <paramref name="shown"/>, every row from the first (up to the cap).</summary>
    public static ListQuery All(ListQuery shown) => shown with { Page = 1, PageSize = MaxRows };

    /// <summary>
    /// A text as a spreadsheet must hold it: one starting with <c>= + - @</c>, a tab or a carriage return would be read
    /// as a formula (or a formula's start) by Excel and similar programs, so it is prefixed with an apostrophe.
    /// </summary>
    public static string Escape(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>The workbook's bytes: sheet 1 the rows, sheet 2 what they are (list, time, filters, count, cap).</summary>
    public byte[] Build<T>(string titleKey, Paged<T> rows, IReadOnlyList<XlsxColumn<T>> columns, string? filters = null)
    {
        var table = new DataTable(Sheet(Texts.Get(titleKey)));
        foreach (var c in columns)
        {
            var header = c.HeaderArg is null ? Texts.Get(c.HeaderKey) : Texts.Get(c.HeaderKey, c.HeaderArg);
            var unique = header;
            for (var n = 2; table.Columns.Contains(unique); n++) unique = $"{header} ({n})";
            table.Columns.Add(unique, typeof(object));
        }
        foreach (var row in rows.Items)
            table.Rows.Add(columns.Select(c => Cell(c.Value(row))).ToArray());

        var about = new DataTable(Sheet(Texts.Get("export.about")));
        about.Columns.Add(Texts.Get("export.item"), typeof(string));
        about.Columns.Add(Texts.Get("export.value"), typeof(string));
        about.Rows.Add(Texts.Get("export.list"), Escape(Texts.Get(titleKey)));
        about.Rows.Add(Texts.Get("export.at"), app.Value.ToLocal(clock.GetUtcNow()).ToString(DateFormat));
        about.Rows.Add(Texts.Get("export.filters"), Escape(filters ?? ""));
        about.Rows.Add(Texts.Get("export.rows"), Texts.Get("export.rows-of", rows.Items.Count, rows.Total));
        if (rows.Total > rows.Items.Count) about.Rows.Add(Texts.Get("export.capped"), Texts.Get("export.capped-text", MaxRows));

        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object> { [table.TableName] = table, [about.TableName] = about }, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    /// <summary>A page handler's answer: the workbook named after the list and today's date.</summary>
    public FileContentResult File<T>(HttpRequest request, string fileName, string titleKey, Paged<T> rows, IReadOnlyList<XlsxColumn<T>> columns) =>
        new(Build(titleKey, rows, columns, Filters(request)), ContentType) { FileDownloadName = Name(fileName) };

    /// <summary>An API endpoint's answer (<c>format=xlsx</c>), the same workbook.</summary>
    public IResult Result<T>(HttpRequest request, string fileName, string titleKey, Paged<T> rows, IReadOnlyList<XlsxColumn<T>> columns) =>
        TypedResults.File(Build(titleKey, rows, columns, Filters(request)), ContentType, Name(fileName));

    private string Name(string fileName) => $"{fileName}-{app.Value.ToLocal(clock.GetUtcNow()):yyyyMMdd}.xlsx";

    /// <summary>The search and filters of the request, as the reader can recognise them (no paging or export switches).</summary>
    private static string Filters(HttpRequest request) => string.Join("; ", request.Query
        .Where(kv => kv.Key.ToLowerInvariant() is not ("handler" or "page" or "pagesize" or "format") && kv.Value.ToString().Length > 0)
        .Select(kv => $"{kv.Key}={kv.Value}"));

    private object? Cell(object? value) => value switch
    {
        null => null,
        string s => Escape(s),
        DateTimeOffset d => app.Value.ToLocal(d).ToString(DateFormat),
        DateOnly d => d.ToString("yyyy-MM-dd"),
        bool b => Texts.Get(b ? "export.yes" : "export.no"),
        Enum e => Texts.Get($"enum.{e.GetType().Name}.{e}"),
        IEnumerable<string> many => Escape(string.Join("、", many)),
        int or long or decimal or double => value,
        _ => Escape(value.ToString() ?? ""),
    };

    /// <summary>Excel's sheet names: at most 31 characters, none of <c>[]:*?/\</c>.</summary>
    private static string Sheet(string name)
    {
        var clean = new string(name.Select(ch => "[]:*?/\\".Contains(ch) ? ' ' : ch).ToArray()).Trim();
        return clean.Length > 31 ? clean[..31] : clean.Length == 0 ? "Sheet1" : clean;
    }

    /// <summary>Whether the reader reads English (for rows carrying a name in both languages).</summary>
    public static bool English => Texts.CurrentCulture == Texts.English;

    /// <summary>A workflow state's localized name (states are strings, not enums).</summary>
    public static string State(string state) => Texts.Get($"enum.State.{state}");
}
