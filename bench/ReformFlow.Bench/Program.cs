using System.Diagnostics;
using System.Runtime.InteropServices;
using ReformFlow.Bench;

if (args.Contains("--help")) { Console.WriteLine(Options.Usage); return 0; }
var o = Options.Parse(args);
if (!File.Exists(o.AppDll))
{
    Console.Error.WriteLine($"{o.AppDll} not found: build the app first with `dotnet build -c Release src/Web`.");
    return 2;
}
if (o.Scenario == "mailkill") return await MailKill.RunAsync(o);
if (o.Scenario == "import") return await RosterImport.RunAsync(o);

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(90) };
var app = AppProcess.Start(o.AppDll);
// Ctrl+C, kill, a closed terminal: the app goes too. Each registration lives as long as the program.
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Abort());
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Abort());
using var onHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => Abort());
var status = 1;
try
{
    http.BaseAddress = app.BaseAddress;
    var clock = Stopwatch.StartNew();
    Log($"app starting at {app.BaseAddress} on a fresh database in {app.Folder}");
    await app.WaitHealthyAsync(http, TimeSpan.FromMinutes(3));
    Log("app healthy (demo data seeded)");

    var api = new Api(http);
    var setup = new Setup(api);
    await setup.SignInAsync(Setup.Initiators.Concat(Setup.Sponsors).Append("admin"));

    var perScenario = o.Warmup + o.Levels.Length * o.Transitions;
    var confirmDrafts = await setup.DraftsAsync((perScenario + Setup.Sponsors.Length - 1) / Setup.Sponsors.Length, "C");
    await setup.InviteAsync(confirmDrafts, Setup.Sponsors);
    var withdrawDrafts = await setup.DraftsAsync(perScenario, "W");
    Log($"prepared {confirmDrafts.Length} drafts with {Setup.Sponsors.Length} invited sponsors each and {withdrawDrafts.Length} drafts to withdraw");
    if (!await setup.OutboxDrainedAsync(TimeSpan.FromMinutes(2))) Log("warning: the outbox still had pending mail after 2 minutes");

    // ConfirmSponsorship: request k is sponsor k / D confirming draft k % D, so neighbouring requests hit different drafts.
    var confirm = Enumerable.Range(0, perScenario).Select(k => (Func<HttpRequestMessage>)(() =>
        Api.Request(HttpMethod.Post, $"{Api.Applications}/{confirmDrafts[k % confirmDrafts.Length].Id}/actions/ConfirmSponsorship",
            setup.Token(Setup.Sponsors[k / confirmDrafts.Length]), "{}"))).ToList();
    var withdraw = withdrawDrafts.Select(d => (Func<HttpRequestMessage>)(() =>
        Api.Request(HttpMethod.Post, $"{Api.Applications}/{d.Id}/actions/Withdraw", d.InitiatorToken, Setup.Json(new { expectedVersion = d.Version })))).ToList();
    var ceilingCount = o.Warmup + o.Levels.Length * o.CeilingOps;
    var ceiling = Enumerable.Range(0, ceilingCount).Select(_ => (Func<HttpRequestMessage>)(() =>
        Api.Request(HttpMethod.Post, "/api/v1/bench/ceiling", null, null))).ToList();

    // Levels outside, scenarios inside: the transitions and their ceiling at one level are measured
    // seconds apart, under the same conditions (thread pool size, other load on the machine).
    (string Name, List<Func<HttpRequestMessage>> Requests, int PerLevel)[] scenarios =
    [
        ("ConfirmSponsorship (Draft → Draft)", confirm, o.Transitions),
        ("Withdraw (Draft → Withdrawn)", withdraw, o.Transitions),
        ("Ceiling (1-row commit)", ceiling, o.CeilingOps),
    ];
    foreach (var s in scenarios)
        await LoadRunner.RunAsync(http, s.Name, 4, s.Requests.Take(o.Warmup).ToList(), o.LevelLimit);
    var results = new List<Measurement>();
    for (var l = 0; l < o.Levels.Length; l++)
        foreach (var s in scenarios)
            results.Add(await MeasureAsync(s.Name, o.Levels[l], s.Requests.Skip(o.Warmup + l * s.PerLevel).Take(s.PerLevel).ToList()));
    results = results.OrderBy(r => Array.FindIndex(scenarios, s => s.Name == r.Scenario)).ThenBy(r => r.Concurrency).ToList();

    var report = Report.Markdown(results, o, clock.Elapsed);
    Console.WriteLine();
    Console.WriteLine(report);
    if (o.Out is not null) await File.WriteAllTextAsync(o.Out, report);
    status = results.Any(r => r.Errors > 0) ? 3 : 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"benchmark failed: {e}");
    Console.Error.WriteLine($"{app.Exited}; last lines of its log:");
    Console.Error.WriteLine(app.LogTail());
}
finally
{
    await app.DisposeAsync();
    Cleanup();
}
return status;

void Abort()
{
    app.Kill();
    Cleanup();
}

void Cleanup()
{
    if (o.Keep) Log($"kept {app.Folder}");
    else try { Directory.Delete(app.Folder, recursive: true); } catch (IOException) { }
}

async Task<Measurement> MeasureAsync(string scenario, int clients, List<Func<HttpRequestMessage>> requests)
{
    var cpu = CpuSample.Take(app);
    var m = await LoadRunner.RunAsync(http, scenario, clients, requests, o.LevelLimit);
    m = m with { Cpu = CpuSample.Since(cpu, app, m.Seconds), AppThreads = app.Threads };
    Log($"{scenario,-34} c={clients,-3} {m.Completed,6} req {m.PerSecond,9:0.0}/s p50 {m.Percentile(50),8:0.00} ms p99 {m.Percentile(99),8:0.00} ms errors {m.Errors} CPU app {m.Cpu.App:0}% client {m.Cpu.Client:0}% others {m.Cpu.Others:0}% threads {m.AppThreads}");
    foreach (var e in m.ErrorSamples) Log($"    error: {e}");
    return m;
}

static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
