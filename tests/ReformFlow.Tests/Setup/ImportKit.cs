using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MiniExcelLibs;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Roster;

namespace ReformFlow.Tests.Setup;

/// <summary>Roster files made in the test (a real .xlsx, CSV in UTF-8 or GBK) and the three import calls, for any kind of roster.</summary>
public static class ImportKit
{
    public const string Teachers = "/api/v1/admin/imports/teachers";
    public const string Academic = "/api/v1/admin/imports/academic-records";

    public static byte[] Xlsx(string[] headers, IEnumerable<object[]> rows)
    {
        var sheet = rows.Select(r => (IDictionary<string, object>)headers.Select((h, i) => (h, r[i])).ToDictionary(x => x.h, x => x.Item2)).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(sheet, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    public static string CsvText(string[] headers, IEnumerable<object[]> rows) =>
        string.Join("\r\n", new[] { string.Join(",", headers) }.Concat(rows.Select(r => string.Join(",", r)))) + "\r\n";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Gbk(string text) => RosterFile.Gb18030.GetBytes(text);

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> UploadAsync(Api api, string path, byte[] content, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        using var response = await api.Http.PostAsync(path, form);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static async Task<JsonNode> PreviewAsync(Api api, string path, byte[] content, string fileName)
    {
        var (status, body) = await UploadAsync(api, path, content, fileName);
        Assert.True(status == HttpStatusCode.OK, $"upload answered {(int)status}: {body?.ToJsonString()}");
        return body!;
    }

    public static async Task<JsonNode> ConfirmAsync(Api api, string path, JsonNode preview)
    {
        var (status, body) = await api.PostAsync($"{path}/{preview["id"]}/confirm", new { });
        Assert.True(status == HttpStatusCode.OK, $"confirm answered {(int)status}: {body?.ToJsonString()}");
        return body!;
    }

    public static int Int(JsonNode? node, string name) => node![name]!.GetValue<int>();

    public static void AssertCounts(JsonNode preview, int create, int update, int unchanged) =>
        Assert.Equal((create, update, unchanged), (Int(preview, "create"), Int(preview, "update"), Int(preview, "unchanged")));

    public static List<(int Row, string Column, string Code)> Errors(JsonNode preview) =>
        preview["errors"]!.AsArray().Select(e => (Int(e, "row"), e!["column"]!.GetValue<string>(), e["code"]!.GetValue<string>())).ToList();

    /// <summary>The first row of a workbook: its headers.</summary>
    public static string?[] Headers(byte[] workbook)
    {
        using var stream = new MemoryStream(workbook);
        var first = (IDictionary<string, object?>)stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX).First();
        return first.Values.Select(v => v?.ToString()).ToArray();
    }
}
