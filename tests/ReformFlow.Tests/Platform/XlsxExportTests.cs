using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;
using ReformFlow.Domain.Associations;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Organisation;

namespace ReformFlow.Tests.Platform;

/// <summary>
/// The one export helper every list uses: formula injection escaped, headers in the reader's language, dates in the
/// installation's zone, enums by their localized names, and a cut list said to be cut.
/// </summary>
public sealed class XlsxExportTests
{
    private sealed record Row(string Name, AssociationStatus Status, DateTimeOffset At, int Count);

    private static readonly XlsxColumn<Row>[] Columns =
        [new("details.name", r => r.Name), new("details.status", r => r.Status), new("outbox.created", r => r.At), new("associations.members", r => r.Count)];

    private static XlsxExport Export() =>
        new(Options.Create(new AppOptions()), new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("书法社 = 好", "书法社 = 好")]
    [InlineData("", "")]
    public void Escape_makes_formula_starts_text(string raw, string expected) => Assert.Equal(expected, XlsxExport.Escape(raw));

    private static List<IDictionary<string, object?>> Sheet(byte[] bytes, string? sheet = null)
    {
        using var stream = new MemoryStream(bytes);
        return MiniExcel.Query(stream, useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();
    }

    [Theory]
    [InlineData("zh-CN", "名称", "状态", "正常")]
    [InlineData("en", "Name", "Status", "Active")]
    public void Workbook_has_localized_headers_local_dates_enum_names_and_escaped_cells(string culture, string name, string status, string active)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var rows = new Paged<Row>([new("=1+2", AssociationStatus.Active, new DateTimeOffset(2026, 2, 28, 16, 30, 0, TimeSpan.Zero), 7)], 1, 10, 1);
            var sheet = Sheet(Export().Build("associations.title", rows, Columns));
            var only = Assert.Single(sheet);
            Assert.Equal("'=1+2", only[name]);
            Assert.Equal(active, only[status]);
            // 16:30 UTC is half past midnight the next day in China Standard Time.
            Assert.Equal("2026-03-01 00:30", only.Values.OfType<string>().Single(v => v.StartsWith("2026-")));
            Assert.Equal(7d, Convert.ToDouble(only.Values.Single(v => v is not string)));
            Assert.Contains(name, only.Keys);
            Assert.Contains(status, only.Keys);
        }
        finally { CultureInfo.CurrentUICulture = previous; }
    }

    [Fact]
    public void A_list_longer_than_the_cap_says_it_was_cut()
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        try
        {
            var rows = new Paged<Row>([new("a", AssociationStatus.Active, DateTimeOffset.UnixEpoch, 1)], 1, XlsxExport.MaxRows, XlsxExport.MaxRows + 5);
            var bytes = Export().Build("associations.title", rows, Columns);
            var sheets = MiniExcel.GetSheetNames(new MemoryStream(bytes));
            Assert.Equal(2, sheets.Count);
            var about = Sheet(bytes, sheets[1]);
            Assert.Contains(about, r => (string?)r["Item"] == "Cut" && ((string?)r["Value"])!.Contains(XlsxExport.MaxRows.ToString()));
            Assert.Contains(about, r => (string?)r["Item"] == "Rows" && (string?)r["Value"] == $"1 of {XlsxExport.MaxRows + 5}");

            var whole = Export().Build("associations.title", new Paged<Row>([], 1, 10, 0), Columns);
            Assert.DoesNotContain(Sheet(whole, sheets[1]), r => (string?)r["Item"] == "Cut");
        }
        finally { CultureInfo.CurrentUICulture = previous; }
    }
}
