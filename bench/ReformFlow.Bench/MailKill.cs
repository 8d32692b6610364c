using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ReformFlow.Bench;

/// <summary>
/// `--scenario mailkill`: the app sends mail to a real SMTP server (aiosmtpd on loopback) while it is killed
/// with SIGKILL and restarted on the same database, <see cref="Options.Kills"/> times. Then every message
/// the outbox holds must have reached the server exactly once: the report counts duplicates (same
/// Message-Id received twice), messages missing, and how long after each kill the interrupted messages went out.
/// </summary>
public static partial class MailKill
{
    private const int DraftsPerRound = 3; // each with 19 invitations: 3 × 20 = 60 messages a round (the admin API lists 500 at most)

    public static async Task<int> RunAsync(Options o)
    {
        var folder = Directory.CreateTempSubdirectory("reformflow-mailkill-").FullName;
        var port = FreePort();
        var received = new ConcurrentDictionary<string, int>();
        var receivedTotal = 0;
        using var smtp = Process.Start(new ProcessStartInfo("/usr/bin/python3", $"-u -m aiosmtpd -n -l 127.0.0.1:{port}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start aiosmtpd");
        smtp.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null || MessageIdLine().Match(e.Data) is not { Success: true } m) return;
            received.AddOrUpdate(m.Groups[1].Value, 1, (_, n) => n + 1);
            Interlocked.Increment(ref receivedTotal);
        };
        smtp.BeginOutputReadLine();
        smtp.BeginErrorReadLine();
        var environment = new Dictionary<string, string>
        {
            ["Mail__Host"] = "127.0.0.1", ["Mail__Port"] = port.ToString(), ["Mail__Security"] = "None",
        };
        var kills = new List<(DateTimeOffset At, int ReceivedBefore, List<Guid> LeftSending, DateTimeOffset Restarted)>();
        AppProcess? app = null;
        var status = 1;
        var clock = Stopwatch.StartNew();
        try
        {
            for (var round = 0; round <= o.Kills; round++)
            {
                app = AppProcess.Start(o.AppDll, folder, environment);
                using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
                await app.WaitHealthyAsync(http, TimeSpan.FromMinutes(3));
                var api = new Api(http);
                var setup = new Setup(api);
                await setup.SignInAsync(Setup.Initiators.Append("admin"));
                var restarted = DateTimeOffset.UtcNow;
                if (round > 0)
                {
                    // What the killed process had claimed is still Sending: its owner is only declared gone after the lease.
                    // Twice, 3 s apart: the new process's own claims last milliseconds, the dead one's stay.
                    var first = (await OutboxAsync(api, setup, "Sending")).Select(m => m["id"]!.GetValue<Guid>()).ToList();
                    await Task.Delay(3000);
                    var sending = (await OutboxAsync(api, setup, "Sending")).Select(m => m["id"]!.GetValue<Guid>()).Intersect(first).ToList();
                    kills[^1] = kills[^1] with { LeftSending = sending, Restarted = restarted };
                    Log($"restarted {(restarted - kills[^1].At).TotalSeconds:0.0} s after kill {round}; {sending.Count} message(s) left Sending by it");
                    // Let them be resolved before the next kill, so each kill is measured on its own.
                    var resolvedBy = DateTime.UtcNow + TimeSpan.FromMinutes(12);
                    while (DateTime.UtcNow < resolvedBy && (await OutboxAsync(api, setup, "Sending")).Any(m => sending.Contains(m["id"]!.GetValue<Guid>())))
                        await Task.Delay(500);
                }
                if (round == o.Kills) break;

                var before = receivedTotal;
                var drafts = await setup.DraftsAsync(DraftsPerRound, $"K{round}");
                await setup.InviteAsync(drafts, Setup.Sponsors);
                // Kill while the sender is busy: once the server has seen some of this round's mail.
                var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
                while (receivedTotal < before + 10 + 5 * round && DateTime.UtcNow < until) await Task.Delay(5);
                var at = DateTimeOffset.UtcNow;
                app.KillNow();
                Log($"kill -9 {round + 1}: the server had received {receivedTotal} messages in all");
                kills.Add((at, receivedTotal, [], default));
                await app.DisposeAsync();
                app = null;
            }

            // The last start: wait until nothing is pending or sending any more.
            using (var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = app!.BaseAddress })
            {
                var api = new Api(http);
                var setup = new Setup(api);
                await setup.SignInAsync(["admin", Setup.Initiators[0]]);
                var until = DateTime.UtcNow + TimeSpan.FromMinutes(5);
                while (DateTime.UtcNow < until
                       && ((await OutboxAsync(api, setup, "Pending")).Count + (await OutboxAsync(api, setup, "Sending")).Count) > 0)
                    await Task.Delay(500);
                await Task.Delay(2000); // the server prints a message after accepting it
                var all = await OutboxAsync(api, setup, null);
                var sent = all.Where(m => m["status"]!.GetValue<string>() == "Sent").ToDictionary(m => m["id"]!.GetValue<Guid>(), m => m["sentAt"]!.GetValue<DateTimeOffset>());
                var report = Report(o, all, sent, received, kills, clock.Elapsed);
                Console.WriteLine(report);
                if (o.Out is not null) await File.WriteAllTextAsync(o.Out, report);
                var duplicates = received.Count(r => r.Value > 1);
                status = duplicates == 0 && sent.Count == all.Count && sent.Keys.All(id => received.ContainsKey(MessageId(id))) ? 0 : 3;
            }
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"mailkill failed: {e}");
            if (app is not null) Console.Error.WriteLine(app.LogTail());
        }
        finally
        {
            if (app is not null) await app.DisposeAsync();
            if (!smtp.HasExited) smtp.Kill(entireProcessTree: true);
            if (o.Keep) Log($"kept {folder}");
            else try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
        return status;
    }

    /// <summary>
    /// The messages a kill left claimed: those still Sending right after the restart (while the killed process's
    /// lease runs), and those sent again after being released, which count the interrupted attempt (2 attempts
    /// with a working server). Each is put to the last kill before it was finally sent.
    /// </summary>
    private static string Report(Options o, List<JsonNode> all, Dictionary<Guid, DateTimeOffset> sent, ConcurrentDictionary<string, int> received,
        List<(DateTimeOffset At, int ReceivedBefore, List<Guid> LeftSending, DateTimeOffset Restarted)> kills, TimeSpan elapsed)
    {
        var released = all.Where(m => m["attempts"]!.GetValue<int>() >= 2).Select(m => m["id"]!.GetValue<Guid>());
        var orphans = kills.SelectMany(k => k.LeftSending).Concat(released).Distinct().Where(sent.ContainsKey).ToList();
        var lines = new List<string>
        {
            $"## Mail after kill -9 ({DateTime.UtcNow:yyyy-MM-dd}, {o.Kills} kills, {elapsed.TotalSeconds:0} s)",
            "",
            "| messages in the outbox | Sent | received by the SMTP server (distinct Message-Ids) | received twice | Sent but never received | not Sent at the end |",
            "|---|---|---|---|---|---|",
            $"| {all.Count} | {sent.Count} | {received.Count} | {received.Count(r => r.Value > 1)} | {sent.Keys.Count(id => !received.ContainsKey(MessageId(id)))} | {all.Count - sent.Count} |",
            "",
            "| kill | restarted after | messages the kill left claimed | sent again after the kill (last) | of them received twice |",
            "|---|---|---|---|---|",
        };
        for (var k = 0; k < kills.Count; k++)
        {
            var kill = kills[k];
            var next = k + 1 < kills.Count ? kills[k + 1].At : DateTimeOffset.MaxValue;
            var mine = orphans.Where(id => sent[id] > kill.At && sent[id] < next).ToList();
            var last = mine.Select(id => sent[id]).DefaultIfEmpty(kill.At).Max();
            var twice = mine.Count(id => received.TryGetValue(MessageId(id), out var n) && n > 1);
            lines.Add($"| {k + 1} | {(kill.Restarted - kill.At).TotalSeconds:0.0} s | {mine.Count} | {(mine.Count == 0 ? "—" : $"{(last - kill.At).TotalSeconds:0.0} s")} | {twice} |");
        }
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    private static async Task<List<JsonNode>> OutboxAsync(Api api, Setup setup, string? status) =>
        (await api.SendAsync(HttpMethod.Get, "/api/v1/admin/outbox" + (status is null ? "" : "?status=" + status), setup.Token("admin"), null, 200))!
            .AsArray().Select(n => n!).ToList();

    private static string MessageId(Guid id) => $"{id:N}@reformflow";

    [GeneratedRegex(@"^Message-I[dD]:\s*<([^>]+)>", RegexOptions.IgnoreCase)]
    private static partial Regex MessageIdLine();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
