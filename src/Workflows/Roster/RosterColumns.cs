using MiniExcelLibs;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Workflows.Roster;

/// <summary>An error in a roster file, where a secretary finds it: the row as the spreadsheet numbers it and the column's header.</summary>
public sealed record RosterError(int Row, string Column, string Code, string Message);

/// <summary>
/// The columns of one kind of roster (students, teachers, academic records): the header words accepted for
/// each (the Chinese one first, as the template writes it), which must be present, and the template.
/// </summary>
/// <remarks><paramref name="mayBeEmpty"/>: required columns whose cells may be left empty (a teacher's college).</remarks>
public sealed class RosterColumns<TColumn>(IReadOnlyDictionary<TColumn, string[]> headers, IReadOnlyCollection<TColumn> required,
    IReadOnlyList<TColumn> template, string sheetName, IReadOnlyCollection<TColumn>? mayBeEmpty = null) where TColumn : struct, Enum
{
    public IReadOnlyDictionary<TColumn, string[]> Headers { get; } = headers;

    public bool IsRequired(TColumn c) => required.Contains(c);

    /// <summary>Whether a row must fill this column.</summary>
    public bool MustFill(TColumn c) => required.Contains(c) && mayBeEmpty?.Contains(c) != true;

    /// <summary>The template's headers, in order: the Chinese ones, as the academic affairs system writes them.</summary>
    public IReadOnlyList<string> TemplateHeaders => template.Select(c => Headers[c][0]).ToList();

    public string Describe(TColumn c) => $"{Headers[c][0]} ({Headers[c][1]})";

    /// <summary>The file's header for each column it has; a file without a required column cannot be previewed at all.</summary>
    public Dictionary<TColumn, string> Resolve(IReadOnlyList<string> fileHeaders)
    {
        var found = new Dictionary<TColumn, string>();
        foreach (var (column, words) in Headers)
        {
            var header = fileHeaders.FirstOrDefault(h => words.Any(w => string.Equals(w, h, StringComparison.OrdinalIgnoreCase)));
            if (header is not null) found[column] = header;
        }
        var missing = required.Where(c => !found.ContainsKey(c)).Select(Describe).ToList();
        if (missing.Count > 0) throw new DomainException("import.missing-columns", string.Join(", ", missing));
        return found;
    }

    /// <summary>An empty workbook with the headers.</summary>
    public byte[] Template()
    {
        var table = new System.Data.DataTable(sheetName);
        foreach (var h in TemplateHeaders) table.Columns.Add(h, typeof(string));
        using var stream = new MemoryStream();
        stream.SaveAs(table, sheetName: sheetName, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    /// <summary>Reads the rows of a table one at a time, collecting errors under the file's own header names.</summary>
    public RosterCells<TColumn> Cells(Dictionary<TColumn, string> resolved, List<RosterError> errors) => new(this, resolved, errors);
}

/// <summary>The current row's cells by column, and its errors; the same rules for every kind of roster.</summary>
public sealed class RosterCells<TColumn>(RosterColumns<TColumn> columns, Dictionary<TColumn, string> resolved, List<RosterError> errors)
    where TColumn : struct, Enum
{
    private int _errorsBefore;

    public RosterRow Row { get; private set; } = new(0, [], new Dictionary<string, int>());

    /// <summary>Moves to a row and reports every required column left empty.</summary>
    public void Start(RosterRow row)
    {
        Row = row;
        _errorsBefore = errors.Count;
        foreach (var c in resolved.Keys.Where(columns.MustFill))
            if (this[c].Length == 0) Error(c, "import.error.required", Header(c));
    }

    /// <summary>Whether the current row has an error so far.</summary>
    public bool RowHasErrors => errors.Count > _errorsBefore;

    public bool Has(TColumn c) => resolved.ContainsKey(c);

    public string this[TColumn c] => resolved.TryGetValue(c, out var h) ? Row.Cell(h) : "";

    public string Header(TColumn c) => resolved.GetValueOrDefault(c, columns.Headers[c][0]);

    public void Error(TColumn c, string code, params object[] args) => errors.Add(new RosterError(Row.Number, Header(c), code, Texts.Get(code, args)));

    /// <summary>The cell, or an error when it is longer than <paramref name="limit"/>.</summary>
    public string Text(TColumn c, int limit)
    {
        var value = this[c];
        if (value.Length > limit) Error(c, "import.error.too-long", limit);
        return value;
    }

    /// <summary>A key that must appear once in the file (a student or staff number); the second occurrence is the error.</summary>
    public void Unique(TColumn c, string value, Dictionary<string, int> firstRowOf, string code = "import.error.duplicate")
    {
        if (value.Length > 0 && !firstRowOf.TryAdd(value, Row.Number)) Error(c, code, value, firstRowOf[value]);
    }
}
