using System.Diagnostics;

namespace ReformFlow.Bench;

/// <summary>CPU time used so far by the app, by this client, and by the whole machine (Linux /proc/stat), to split a level's CPU between them.</summary>
public readonly record struct CpuSample(TimeSpan App, TimeSpan Client, TimeSpan Machine)
{
    public static CpuSample Take(AppProcess app)
    {
        using var self = Process.GetCurrentProcess();
        return new CpuSample(app.CpuTime, self.TotalProcessorTime, MachineBusy());
    }

    /// <summary>Percent of one core each used between <paramref name="start"/> and now; "others" is everything else on the machine.</summary>
    public static (double App, double Client, double Others) Since(CpuSample start, AppProcess app, double seconds)
    {
        var now = Take(app);
        double Pct(TimeSpan t) => t.TotalSeconds / seconds * 100;
        var appPct = Pct(now.App - start.App);
        var clientPct = Pct(now.Client - start.Client);
        var machine = Pct(now.Machine - start.Machine);
        return (appPct, clientPct, double.IsNaN(machine) ? double.NaN : Math.Max(0, machine - appPct - clientPct));
    }

    /// <summary>Busy time of all CPUs: the first line of /proc/stat minus idle and iowait, in USER_HZ ticks (100 per second).</summary>
    private static TimeSpan MachineBusy()
    {
        if (!File.Exists("/proc/stat")) return TimeSpan.FromSeconds(double.NaN);
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var busy = f[0] + f[1] + f[2] + f[5] + f[6] + (f.Length > 7 ? f[7] : 0); // user nice system irq softirq steal
        return TimeSpan.FromSeconds(busy / 100.0);
    }
}
