using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ReformFlow.Bench;

public static class Report
{
    public static string Markdown(IReadOnlyList<Measurement> results, Options o, TimeSpan total)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ci, $"Run {DateTime.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, total {total.TotalSeconds:0} s.");
        sb.AppendLine();
        sb.AppendLine("Measured level by level (1 client for every scenario, then 4, …); within a level in the order of the scenarios below.");
        sb.AppendLine("Per second: successful requests (2xx) per wall-clock second. Latency: from sending a request to its whole answer, errors included.");
        sb.AppendLine(ci, $"CPU: time used during the level by the app, by this client and by every other process on the machine, in % of one core ({Environment.ProcessorCount} cores: {Environment.ProcessorCount * 100} % in all). App threads: threads of the app process at the end of the level.");
        sb.AppendLine();
        sb.AppendLine("| Scenario | Clients | Requests | Errors | Seconds | Per second | p50 ms | p90 ms | p99 ms | max ms | CPU app | CPU client | CPU others | App threads |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var m in results)
            sb.AppendLine(ci, $"| {m.Scenario} | {m.Concurrency} | {m.Completed} | {m.Errors} | {m.Seconds:0.00} | {m.PerSecond:0.0} | {m.Percentile(50):0.00} | {m.Percentile(90):0.00} | {m.Percentile(99):0.00} | {m.Percentile(100):0.00} | {m.Cpu.App:0} % | {m.Cpu.Client:0} % | {m.Cpu.Others:0} % | {m.AppThreads} |");

        var ceiling = results.Where(r => r.Scenario.StartsWith("Ceiling", StringComparison.Ordinal)).ToDictionary(r => r.Concurrency);
        sb.AppendLine();
        sb.AppendLine("Transitions per second as a share of the ceiling at the same number of clients:");
        sb.AppendLine();
        sb.AppendLine("| Scenario | " + string.Join(" | ", o.Levels.Select(c => $"{c} client{(c == 1 ? "" : "s")}")) + " |");
        sb.AppendLine("|---|" + string.Concat(o.Levels.Select(_ => "---:|")));
        foreach (var g in results.Where(r => !ceiling.ContainsValue(r)).GroupBy(r => r.Scenario))
            sb.AppendLine($"| {g.Key} | " + string.Join(" | ", o.Levels.Select(c =>
                g.FirstOrDefault(r => r.Concurrency == c) is { } m && ceiling.TryGetValue(c, out var top)
                    ? (m.PerSecond / top.PerSecond).ToString("P1", ci) : "–")) + " |");

        if (ceiling.Count > 0)
        {
            var best = ceiling.Values.Max(r => r.PerSecond);
            sb.AppendLine();
            foreach (var g in results.Where(r => !ceiling.ContainsValue(r)).GroupBy(r => r.Scenario))
                sb.AppendLine(ci, $"Best {g.Key}: {g.Max(r => r.PerSecond):0.0}/s = {g.Max(r => r.PerSecond) / best:P1} of the best ceiling ({best:0.0}/s).");
        }

        foreach (var m in results.Where(r => r.ErrorSamples.Count > 0))
        {
            sb.AppendLine();
            sb.AppendLine(ci, $"Errors in {m.Scenario} at {m.Concurrency} clients ({m.Errors}), first ones:");
            foreach (var e in m.ErrorSamples) sb.AppendLine($"- `{e.Replace('`', '\'')}`");
        }
        return sb.ToString();
    }
}
