using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ReformFlow.Bench;

/// <summary>
/// `--scenario import`: a roster of <see cref="Options.Students"/> new students (CSV, UTF-8) into the demo
/// university, through the API as an administrator would: upload (the preview), confirm, then the same file
/// again (everything unchanged). Issue 8 asks for 30,000 students in at most 10 s.
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
            var csv = Roster(o.Students);
            Console.Error.WriteLine($"roster of {o.Students} students: {csv.Length / 1024} KB");

            var lines = new List<string>();
            foreach (var round in new[] { "first import (all new)", "same file again (all unchanged)" })
            {
                var watch = Stopwatch.StartNew();
                var preview = await SendAsync(http, Upload(token, csv));
                var uploaded = watch.Elapsed;
                var result = await SendAsync(http, Api.Request(HttpMethod.Post, $"/api/v1/admin/imports/students/{preview["id"]}/confirm", token, "{}"));
                var total = watch.Elapsed;
                var line = $"| {round} | {o.Students:N0} | {uploaded.TotalSeconds:0.00} s | {(total - uploaded).TotalSeconds:0.00} s | {total.TotalSeconds:0.00} s | " +
                           $"{result["created"]} created, {result["updated"]} updated, {result["unchanged"]} unchanged, {result["classesCreated"]} classes created |";
                Console.Error.WriteLine(line);
                lines.Add(line);
            }
            var report = "| run | students | upload + preview | confirm | total | result |\n|---|---|---|---|---|---|\n" + string.Join("\n", lines) + "\n";
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

    /// <summary>Students spread over the demo's majors and four grades, 30 to a class (most classes new).</summary>
    private static byte[] Roster(int count)
    {
        var text = new StringBuilder("学号,姓名,学院,专业,年级,班级,学籍状态,政治面貌\n");
        for (var i = 0; i < count; i++)
        {
            var (college, major, shortName) = Majors[i % Majors.Length];
            var grade = Grades[i / Majors.Length % Grades.Length];
            var seq = i / (Majors.Length * Grades.Length);
            text.Append($"{grade}9{i % Majors.Length:D2}{seq:D4},学生{i},{college},{major},{grade},{shortName}{grade % 100:D2}{seq / 30 + 1:D2},在籍,{Political[i % Political.Length]}\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static HttpRequestMessage Upload(string token, byte[] csv)
    {
        var request = Api.Request(HttpMethod.Post, "/api/v1/admin/imports/students", token, null);
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "roster.csv");
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
