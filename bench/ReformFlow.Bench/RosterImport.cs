using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ReformFlow.Bench;

/// <summary>
/// `--scenario import`: a roster of <see cref="Options.Students"/> new students into the demo university, through
/// the API as an administrator would: upload (the preview), confirm. First as CSV (UTF-8, all new), then the same
/// file again (all unchanged), then as .xlsx with every student's political status changed (all updated). Issue 8
/// asks for 30,000 students in at most 10 s. The app's own CPU time is reported beside the wall time: on a shared
/// machine the wall time measures the neighbours too.
/// </summary>
public static class RosterImport
{
    // The demo university's colleges and majors (src/Workflows/Demo/DemoData.cs); the bench references no project.
    private static readonly (string College, string Major, string Short)[] Majors =
    [
        ("物理学院", "物理学", "物理"), ("物理学院", "应用物理学", "应物"), ("化学学院", "化学", "化学"), ("化学学院", "材料化学", "材化"),
        ("计算机科学与技术学院", "计算机科学与技术", "计科"), ("计算机科学与技术学院", "软件工程", "软工"),
        ("经济管理学院", "经济学", "经济"), ("经济管理学院", "工商管理", "工商"), ("文学院", "汉语言文学", "汉语言"), ("文学院", "新闻学", "新闻"),
        ("马克思主义学院", "思想政治教育", "思政"), ("马克思主义学院", "哲学", "哲学"),
    ];
    private static readonly int[] Grades = [2022, 2023, 2024, 2025];
    private static readonly string[] Political = ["共青团员", "共青团员", "共青团员", "群众", "中共党员", "中共预备党员"];

    public static async Task<int> RunAsync(Options o)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { Timeout = TimeSpan.FromMinutes(5) };
        await using var app = AppProcess.Start(o.AppDll);
        try
        {
            http.BaseAddress = app.BaseAddress;
            await app.WaitHealthyAsync(http, TimeSpan.FromMinutes(3));
            var token = await new Api(http).TokenAsync("admin");
            var rows = Roster(o.Students, changed: false);
            var csv = Csv(rows);
            var xlsx = Xlsx(Roster(o.Students, changed: true));
            Console.Error.WriteLine($"roster of {o.Students} students: CSV {csv.Length / 1024} KB, xlsx {xlsx.Length / 1024} KB");

            var lines = new List<string>();
            foreach (var (round, file, name) in new[] { ("CSV, first import (all new)", csv, "roster.csv"), ("CSV, same file again (all unchanged)", csv, "roster.csv"),
                         ("xlsx, political status changed (all updated)", xlsx, "roster.xlsx") })
            {
                var cpu = app.CpuTime;
                var watch = Stopwatch.StartNew();
                var preview = await SendAsync(http, Upload(token, file, name));
                var uploaded = watch.Elapsed;
                var cpuUploaded = app.CpuTime;
                var result = await SendAsync(http, Api.Request(HttpMethod.Post, $"/api/v1/admin/imports/students/{preview["id"]}/confirm", token, "{}"));
                var total = watch.Elapsed;
                var cpuTotal = app.CpuTime;
                var line = $"| {round} | {o.Students:N0} | {uploaded.TotalSeconds:0.00} s ({(cpuUploaded - cpu).TotalSeconds:0.00} s) | " +
                           $"{(total - uploaded).TotalSeconds:0.00} s ({(cpuTotal - cpuUploaded).TotalSeconds:0.00} s) | {total.TotalSeconds:0.00} s ({(cpuTotal - cpu).TotalSeconds:0.00} s) | " +
                           $"{result["created"]} created, {result["updated"]} updated, {result["unchanged"]} unchanged, {result["classesCreated"]} classes created |";
                Console.Error.WriteLine(line);
                lines.Add(line);
            }
            var report = "| run | students | upload + preview (app CPU) | confirm (app CPU) | total (app CPU) | result |\n|---|---|---|---|---|---|\n" + string.Join("\n", lines) + "\n";
            Console.WriteLine(report);
            if (o.Out is not null) await File.WriteAllTextAsync(o.Out, report);
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"benchmark failed: {e.Message}\n{app.LogTail()}");
            return 1;
        }
    }

    private static readonly string[] Headers = ["学号", "姓名", "学院", "专业", "年级", "班级", "学籍状态", "政治面貌"];

    /// <summary>Students spread over the demo's majors and four grades, 30 to a class (most classes new); <paramref name="changed"/> shifts every political status.</summary>
    private static List<object[]> Roster(int count, bool changed)
    {
        var rows = new List<object[]>(count);
        for (var i = 0; i < count; i++)
        {
            var (college, major, shortName) = Majors[i % Majors.Length];
            var grade = Grades[i / Majors.Length % Grades.Length];
            var seq = i / (Majors.Length * Grades.Length);
            var political = Political[i % Political.Length] is var p && changed ? (p == "群众" ? "共青团员" : "群众") : Political[i % Political.Length];
            rows.Add([$"{grade}9{i % Majors.Length:D2}{seq:D4}", $"学生{i}", college, major, grade, $"{shortName}{grade % 100:D2}{seq / 30 + 1:D2}", "在籍", political]);
        }
        return rows;
    }

    private static byte[] Csv(List<object[]> rows)
    {
        var text = new StringBuilder(string.Join(",", Headers)).Append('\n');
        foreach (var r in rows) text.AppendJoin(',', r).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Xlsx(List<object[]> rows)
    {
        var sheet = rows.Select(r => (IDictionary<string, object>)Headers.Select((h, i) => (h, r[i])).ToDictionary(x => x.h, x => x.Item2)).ToList();
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, sheet, excelType: MiniExcelLibs.ExcelType.XLSX);
        return stream.ToArray();
    }

    private static HttpRequestMessage Upload(string token, byte[] csv, string fileName)
    {
        var request = Api.Request(HttpMethod.Post, "/api/v1/admin/imports/students", token, null);
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        form.Add(new StringContent("false"), "fullRoster");
        request.Content = form;
        return request;
    }

    private static async Task<JsonNode> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        using (var r = await http.SendAsync(request))
        {
            var text = await r.Content.ReadAsStringAsync();
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{request.RequestUri}: {(int)r.StatusCode} {Api.Trim(text)}");
            return JsonNode.Parse(text)!;
        }
    }
}
