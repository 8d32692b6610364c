using System.Globalization;
using System.Text;
using MiniExcelLibs;
using ReformFlow.Domain.Common;
using Sylvan.Data.Csv;

namespace ReformFlow.Workflows.Roster;

/// <summary>
/// One data row of a roster file: its row number as the spreadsheet shows it (the header is row 1) and its cells,
/// found by header through the table's one shared index (a dictionary per row cost more than the file's parsing).
/// </summary>
public sealed record RosterRow(int Number, string[] Values, IReadOnlyDictionary<string, int> ColumnOf)
{
    public string Cell(string header) => ColumnOf.TryGetValue(header, out var i) && i < Values.Length ? Values[i] : "";
}

/// <summary>A roster file read into text cells: the headers as written, then the rows that are not blank.</summary>
public sealed record RosterTable(IReadOnlyList<string> Headers, IReadOnlyList<RosterRow> Rows);

/// <summary>
/// Reads what the academic affairs system exports: .xlsx (MiniExcel) or CSV (Sylvan.Data.Csv). Chinese Excel saves
/// CSV as GB18030/GBK, others as UTF-8 with or without a BOM: a file that is valid UTF-8 is read as UTF-8,
/// anything else as GB18030 (a GBK file is almost never valid UTF-8, and GB18030 is a superset of GBK).
/// </summary>
public static class RosterFile
{
    public static Encoding Gb18030
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030");
        }
    }

    /// <exception cref="DomainException">import.unreadable-file when the bytes are neither a workbook nor text.</exception>
    public static RosterTable Read(byte[] content)
    {
        if (content.Length == 0) throw new DomainException("import.empty-file");
        // .xlsx is a zip archive; the old binary .xls is an OLE compound file, which we ask to be saved as .xlsx.
        if (content is [0x50, 0x4B, 0x03, 0x04, ..]) return ReadXlsx(content);
        if (content is [0xD0, 0xCF, 0x11, 0xE0, ..]) throw new DomainException("import.xls-not-supported");
        return ReadCsv(DecodeText(content));
    }

    public static string DecodeText(byte[] content)
    {
        if (content is [0xEF, 0xBB, 0xBF, ..]) return Encoding.UTF8.GetString(content, 3, content.Length - 3);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return Gb18030.GetString(content);
        }
    }

    private static RosterTable ReadXlsx(byte[] content)
    {
        var headers = new List<string>();
        var rows = new List<RosterRow>();
        Dictionary<string, int>? columnOf = null;
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            // Without the header row MiniExcel names the cells A, B, C…, so the header's own text stays ours to read.
            var number = 0;
            foreach (IDictionary<string, object?> raw in MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                number++;
                var cells = raw.Values.Select(Text).ToList();
                if (number == 1)
                {
                    headers.AddRange(cells.Select(c => c.Trim()));
                    continue;
                }
                AddRow(rows, headers, ref columnOf, number, cells);
            }
        }
        catch (Exception e) when (e is not DomainException)
        {
            throw new DomainException("import.unreadable-file");
        }
        return new RosterTable(headers, rows);
    }

    private static RosterTable ReadCsv(string text)
    {
        var headers = new List<string>();
        var rows = new List<RosterRow>();
        Dictionary<string, int>? columnOf = null;
        try
        {
            // No header handling by the reader: the header row is ours to match against both languages. The delimiter (comma,
            // semicolon, tab) is detected from the first line.
            using var csv = CsvDataReader.Create(new StringReader(text), new CsvDataReaderOptions { HasHeaders = false });
            while (csv.Read())
            {
                var cells = new List<string>(csv.RowFieldCount);
                for (var i = 0; i < csv.RowFieldCount; i++) cells.Add(csv.GetString(i));
                if (headers.Count == 0)
                {
                    if (cells.All(string.IsNullOrWhiteSpace)) continue;
                    headers.AddRange(cells.Select(c => c.Trim()));
                    continue;
                }
                AddRow(rows, headers, ref columnOf, csv.RowNumber, cells);
            }
        }
        catch (Exception e) when (e is CsvFormatException or CsvConfigurationException)
        {
            throw new DomainException("import.unreadable-file");
        }
        return new RosterTable(headers, rows);
    }

    private static void AddRow(List<RosterRow> rows, List<string> headers, ref Dictionary<string, int>? columnOf, int number, List<string> cells)
    {
        if (cells.All(string.IsNullOrWhiteSpace)) return;
        if (columnOf is null)
        {
            // The first header of a name wins, as before; empty headers name nothing.
            columnOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < headers.Count; i++)
                if (headers[i].Length > 0) columnOf.TryAdd(headers[i], i);
        }
        var values = new string[Math.Min(cells.Count, headers.Count)];
        for (var i = 0; i < values.Length; i++) values[i] = cells[i].Trim();
        rows.Add(new RosterRow(number, values, columnOf));
    }

    /// <summary>A cell as text: student numbers and grades often come from Excel as numbers (2023011001 → "2023011001", not "2.023011001E+09").</summary>
    private static string Text(object? value) => value switch
    {
        null => "",
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => d.ToString("0", CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
