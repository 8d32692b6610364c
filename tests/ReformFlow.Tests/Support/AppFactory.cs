using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Tests.Support;

/// <summary>
/// The real app on a real SQLite file of its own, with the demo university seeded. Seeding 2,000
/// students takes seconds, so it is done once into a template file that each factory copies.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    private static readonly Lazy<string> Template = new(CreateTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    public AppFactory()
    {
        Directory = Path.Combine(Path.GetTempPath(), "reformflow-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        DatabasePath = Path.Combine(Directory, "test.db");
        File.Copy(Template.Value, DatabasePath);
        PickupFolder = Path.Combine(Directory, "pickup");
    }

    /// <summary>The app on an existing database file (e.g. one a test restored); its folder is deleted on dispose like any other. Protected: a class fixture may have one public constructor only.</summary>
    protected AppFactory(string existingDatabase)
    {
        DatabasePath = Path.GetFullPath(existingDatabase);
        Directory = Path.GetDirectoryName(DatabasePath)!;
        PickupFolder = Path.Combine(Directory, "pickup");
    }

    /// <summary>Keep the folder (the database) after dispose, for a test that goes on with the file; the test deletes it.</summary>
    public bool KeepFiles { get; set; }

    public string Directory { get; }
    public string DatabasePath { get; }
    public string PickupFolder { get; }

    /// <summary>The app's clock. Starts at the real time; tests move it forward.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Extra settings a test class wants (e.g. Mail:Host for a real SMTP server).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:ReformFlow", $"Data Source={DatabasePath}");
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Mail:PickupFolder", PickupFolder);
        // Tests deliver mail by calling the outbox sender themselves, so nothing races them.
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("App:BaseUrl", "http://reformflow.test");
        // The suite signs in hundreds of times from one address; tests of the per-address limit set their own.
        builder.UseSetting("Security:SignIn:PerAddressPermits", "100000");
        // A 500 in a test carries its exception, so the failure names its cause (production never does).
        builder.UseSetting("Api:ExceptionDetail", "true");
        foreach (var (k, v) in Settings) builder.UseSetting(k, v);
        builder.ConfigureServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(Clock);
            s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddressFromTestHeader>();
        });
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async Task<T> WithDbAsync<T>(Func<ReformFlowDb, Task<T>> work)
    {
        await using var scope = Scope();
        return await work(scope.ServiceProvider.GetRequiredService<ReformFlowDb>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (KeepFiles) return;
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }

    private static string CreateTemplate()
    {
        var dir = Path.Combine(Path.GetTempPath(), "reformflow-tests");
        System.IO.Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"template-{Environment.ProcessId}.db");
        File.Delete(path);
        using (var seeding = new TemplateFactory(path))
        using (seeding.CreateClient()) { } // starting the host migrates and seeds
        SqliteConnection.ClearAllPools();
        using (var c = new SqliteConnection($"Data Source={path}"))
        {
            c.Open();
            // Fold the WAL into the main file so a plain copy carries everything.
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;";
            cmd.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        return path;
    }

    /// <summary>The test server has no client address; a test names one with this header to act from several places.</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    private sealed class ClientAddressFromTestHeader : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (http.Request.Headers.TryGetValue(ClientAddressHeader, out var address))
                    http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address.ToString());
                return nextMiddleware(http);
            });
            next(app);
        };
    }

    private sealed class TemplateFactory(string path) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:ReformFlow", $"Data Source={path}");
            builder.UseSetting("Demo:Enabled", "true");
            builder.UseSetting("Jobs:RunServer", "false");
        }
    }
}
