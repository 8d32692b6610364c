namespace ReformFlow.Bench;

/// <summary>Command-line options; every loop of the benchmark is bounded by these counts and times.</summary>
public sealed record Options(
    string? Out, string AppDll, int[] Levels, int Transitions, int CeilingOps, int Warmup, TimeSpan LevelLimit, bool Keep,
    string Scenario = "transitions", int Kills = 3, int Students = 30_000)
{
    public const string Usage = """
        dotnet run -c Release --project bench/ReformFlow.Bench -- [options]
          --out FILE          also write the Markdown report to FILE (default: stdout only)
          --app DLL           the built app (default: src/Web/bin/Release/net10.0/ReformFlow.Web.dll)
          --levels 1,4,16,64  concurrency levels (clients sending back to back)
          --transitions N     workflow transitions per scenario and level (default 300)
          --ceiling N         ceiling requests per level (default 3000)
          --warmup N          unmeasured requests per scenario before its levels (default 100)
          --max-seconds S     no new request starts after S seconds in one level (default 12)
          --keep              keep the temporary folder with the database and the app's log
          --scenario mailkill kill -9 the app while it sends mail to a real SMTP server (aiosmtpd), restart it,
                              and count what the server received (docs/benchmarks.md, "Mail after kill -9")
          --kills N           kills in the mailkill scenario (default 3)
          --scenario import   import a roster of new students through the API and time it (docs/benchmarks.md, "Roster import")
          --students N        students in the import scenario (default 30000)
        """;

    public static Options Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v) : fallback;

        var root = FindRoot();
        return new Options(
            Out: Value("--out") is { } o ? Path.GetFullPath(o) : null,
            AppDll: Path.GetFullPath(Value("--app") ?? Path.Combine(root, "src/Web/bin/Release/net10.0/ReformFlow.Web.dll")),
            Levels: (Value("--levels") ?? "1,4,16,64").Split(',').Select(int.Parse).ToArray(),
            Transitions: Int("--transitions", 300),
            CeilingOps: Int("--ceiling", 3000),
            Warmup: Int("--warmup", 100),
            LevelLimit: TimeSpan.FromSeconds(Int("--max-seconds", 12)),
            Keep: args.Contains("--keep"),
            Scenario: Value("--scenario") ?? "transitions",
            Kills: Int("--kills", 3),
            Students: Int("--students", 30_000));
    }

    /// <summary>The folder holding ReformFlow.sln, searched upwards from the working directory.</summary>
    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ReformFlow.sln"))) return d.FullName;
        return Directory.GetCurrentDirectory();
    }
}
