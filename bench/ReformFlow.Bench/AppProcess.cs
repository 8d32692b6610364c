using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ReformFlow.Bench;

/// <summary>The Web app as a child process on a fresh database in a temporary folder, on 127.0.0.1 only.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Task _listening;

    public Uri BaseAddress { get; }
    public string Folder { get; }
    public string LogPath { get; }

    private AppProcess(Process process, StreamWriter log, Uri baseAddress, string folder, string logPath, Task listening)
    {
        _process = process; _log = log; BaseAddress = baseAddress; Folder = folder; LogPath = logPath; _listening = listening;
    }

    /// <param name="folder">An existing folder (its bench.db is used again, e.g. after a kill); a new temporary one when null.</param>
    /// <param name="environment">Extra settings, e.g. an SMTP server.</param>
    public static AppProcess Start(string appDll, string? folder = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        folder ??= Directory.CreateTempSubdirectory("reformflow-bench-").FullName;
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        info.ArgumentList.Add(appDll);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__ReformFlow"] = $"Data Source={Path.Combine(folder, "bench.db")}";
        info.Environment["Demo__Enabled"] = "true";
        info.Environment["Bench__Enabled"] = "true";
        // The benchmark signs in hundreds of accounts from one address; the per-address sign-in limit is not what it measures.
        info.Environment["Security__SignIn__PerAddressPermits"] = "100000";
        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        info.Environment["Mail__PickupFolder"] = Path.Combine(folder, "pickup");
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // Kestrel's "Now listening on" line proves that this process, not another one, holds the port.
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;

        var logPath = Path.Combine(folder, "app.log");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        var listening = new TaskCompletionSource();
        var address = $"Now listening on: http://127.0.0.1:{port}";
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (log) log.WriteLine(e.Data);
            if (e.Data.Contains(address, StringComparison.Ordinal)) listening.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        if (!process.Start()) throw new InvalidOperationException("could not start dotnet");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppProcess(process, log, new Uri($"http://127.0.0.1:{port}"), folder, logPath, listening.Task);
    }

    /// <summary>Waits for Kestrel to listen, then polls /healthz until it answers 200; the first start seeds about 2,000 demo students.</summary>
    public async Task WaitHealthyAsync(HttpClient http, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the app exited with code {_process.ExitCode}; see {LogPath}");
            if (!_listening.IsCompleted) { await Task.Delay(250); continue; }
            try
            {
                using var r = await http.GetAsync(new Uri(BaseAddress, "/healthz"));
                if (r.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the app was not healthy within {limit.TotalSeconds:0} s; see {LogPath}");
    }

    /// <summary>CPU time the app process has used so far (all threads).</summary>
    public TimeSpan CpuTime
    {
        get { _process.Refresh(); return _process.TotalProcessorTime; }
    }

    /// <summary>Threads of the app process right now (a thread pool starved by blocking waits grows slowly).</summary>
    public int Threads
    {
        get { _process.Refresh(); return _process.Threads.Count; }
    }

    public string Exited => !_process.HasExited ? "the app is still running"
        : _process.ExitCode is 137 or 143 ? $"the app was stopped by a signal from outside the benchmark (exit code {_process.ExitCode})"
        : $"the app exited with code {_process.ExitCode}";

    public string LogTail(int lines = 30)
    {
        lock (_log) return string.Join(Environment.NewLine, File.ReadLines(LogPath).TakeLast(lines));
    }

    /// <summary>SIGKILL, as `kill -9` does: no shutdown code runs in the app.</summary>
    public void KillNow()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>For Ctrl+C and process exit: stops the app at once, whatever state the benchmark is in.</summary>
    public void Kill()
    {
        try
        {
            if (_process.HasExited) return;
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { } // already disposed: stopped by DisposeAsync
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try { await _process.WaitForExitAsync(wait.Token); } catch (OperationCanceledException) { }
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
