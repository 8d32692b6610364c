using System.Collections.Concurrent;
using System.Diagnostics;

namespace ReformFlow.Bench;

/// <summary>One measured run: <see cref="Completed"/> requests at a fixed number of clients, each sending its next request as soon as the last one answered.</summary>
public sealed record Measurement(string Scenario, int Concurrency, int Completed, int Errors, double Seconds, double[] SortedLatencyMs, IReadOnlyList<string> ErrorSamples)
{
    /// <summary>CPU used during the run, in % of one core (2 cores: at most 200 % together): the app, this client, every other process.</summary>
    public (double App, double Client, double Others) Cpu { get; init; }
    /// <summary>Threads of the app process at the end of the run.</summary>
    public int AppThreads { get; init; }

    public double PerSecond => (Completed - Errors) / Seconds;
    public double Percentile(double p) => SortedLatencyMs.Length == 0 ? double.NaN
        : SortedLatencyMs[Math.Clamp((int)Math.Ceiling(p / 100 * SortedLatencyMs.Length) - 1, 0, SortedLatencyMs.Length - 1)];
}

public static class LoadRunner
{
    /// <summary>
    /// Sends the prepared requests with <paramref name="concurrency"/> clients until all are sent or
    /// <paramref name="limit"/> has passed (no new request starts after it). Any answer other than 2xx,
    /// and any exception, counts as an error; the latency of every request counts.
    /// </summary>
    public static async Task<Measurement> RunAsync(HttpClient http, string scenario, int concurrency,
        IReadOnlyList<Func<HttpRequestMessage>> requests, TimeSpan limit)
    {
        var latencies = new double[requests.Count];
        var next = -1;
        var completed = 0;
        var errors = 0;
        var samples = new ConcurrentQueue<string>();
        var start = Stopwatch.GetTimestamp();
        var stopAt = start + (long)(limit.TotalSeconds * Stopwatch.Frequency);

        async Task Client()
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= requests.Count || Stopwatch.GetTimestamp() > stopAt) return;
                using var request = requests[i]();
                var t0 = Stopwatch.GetTimestamp();
                string? error = null;
                try
                {
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                    if (!response.IsSuccessStatusCode)
                        error = $"{(int)response.StatusCode} {Api.Trim(await response.Content.ReadAsStringAsync())}";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    error = $"{e.GetType().Name}: {e.Message}";
                }
                latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                Interlocked.Increment(ref completed);
                if (error is not null && Interlocked.Increment(ref errors) <= 5) samples.Enqueue(error);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Client)));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var done = latencies.Where(l => l > 0).ToArray();
        Array.Sort(done);
        return new Measurement(scenario, concurrency, completed, errors, seconds, done, samples.ToList());
    }
}
