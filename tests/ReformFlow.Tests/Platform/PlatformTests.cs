using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;

namespace ReformFlow.Tests.Platform;

public sealed class PlatformTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Every_demo_account_listed_on_the_login_page_signs_in()
    {
        var client = app.CreateClient();
        var page = await client.GetStringAsync("/Account/Login");
        foreach (var (userName, _, _) in DemoData.Accounts)
        {
            Assert.Contains(userName, page);
            var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = DemoData.Password });
            Assert.True(response.IsSuccessStatusCode, userName);
        }
    }

    [Fact]
    public async Task Every_connection_waits_for_the_write_lock_in_SQLite_not_in_150_ms_sleeps()
    {
        // Without the busy handler SQLite answers "busy" at once and Microsoft.Data.Sqlite sleeps 150 ms per retry (docs/benchmarks.md).
        var timeouts = await app.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA busy_timeout;";
                return Convert.ToInt64(await command.ExecuteScalarAsync());
            }
            finally { await db.Database.CloseConnectionAsync(); }
        });
        Assert.Equal(60_000, timeouts);
    }

    [Fact]
    public async Task Writers_queue_at_the_write_gate_and_a_transaction_given_up_releases_it()
    {
        await using var scope1 = app.Scope();
        await using var scope2 = app.Scope();
        var db1 = scope1.ServiceProvider.GetRequiredService<ReformFlow.Workflows.Data.ReformFlowDb>();
        var db2 = scope2.ServiceProvider.GetRequiredService<ReformFlow.Workflows.Data.ReformFlowDb>();

        var first = await ReformFlow.Workflows.Data.WriteGate.BeginWriteAsync(db1);
        var second = ReformFlow.Workflows.Data.WriteGate.BeginWriteAsync(db2);
        Assert.False(second.IsCompleted); // waits without a thread, not inside SQLite
        await first.DisposeAsync();       // given up without a commit: the gate opens all the same
        await using (await second) { }
        await using var third = await ReformFlow.Workflows.Data.WriteGate.BeginWriteAsync(db1);
        await third.CommitAsync();
    }

    [Fact]
    public async Task Demo_data_has_about_2000_students_with_every_kind_of_ineligibility()
    {
        var counts = await app.WithDbAsync(async db => new
        {
            Students = await db.Students.CountAsync(),
            Suspended = await db.Students.CountAsync(s => s.Status == Domain.Organisation.StudentStatus.Suspended),
            Punished = await db.Students.CountAsync(s => s.ActivePunishment != null),
            Failed = await db.Students.CountAsync(s => s.FailedCourseCount > 0),
            NotLeague = await db.Students.CountAsync(s => s.PoliticalStatus == Domain.Organisation.PoliticalStatus.None),
            Colleges = await db.Colleges.CountAsync(),
            Bank = await db.InstructorBank.CountAsync(),
        });
        Assert.InRange(counts.Students, 1900, 2100);
        Assert.True(counts.Suspended > 0 && counts.Punished > 0 && counts.Failed > 0 && counts.NotLeague > 0);
        Assert.True(counts.Colleges >= 5);
        Assert.True(counts.Bank > 0);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_api()
    {
        var doc = await app.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/association-applications/{id}/actions/{action}", doc);
        Assert.Contains("bearer", doc);
    }

    [Fact]
    public async Task Errors_are_problem_details_in_the_callers_language()
    {
        var zh = await Api.SignInAsync(app, DemoData.Initiator, "zh-CN");
        var (status, body) = await zh.PostAsync("/api/v1/association-applications", new { name = "", category = "Academic", purpose = "", guidanceUnitId = Guid.Empty });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("业务指导单位", body!["detail"]!.GetValue<string>());
        var en = await Api.SignInAsync(app, DemoData.Initiator, "en");
        (status, body) = await en.PostAsync("/api/v1/association-applications", new { name = "", category = "Academic", purpose = "", guidanceUnitId = Guid.Empty });
        Assert.Contains("business guidance unit", body!["detail"]!.GetValue<string>());
        Assert.Equal("AS-1.2", body["reasons"]![0]!["measureId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pages_need_sign_in_and_admin_pages_need_the_admin_role()
    {
        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await anonymous.GetAsync("/Tasks");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/tasks")).StatusCode);

        var student = await Api.SignInAsync(app, DemoData.Initiator);
        Assert.Equal(HttpStatusCode.Forbidden, (await student.GetAsync("/api/v1/admin/outbox")).Status);
        var admin = await Api.SignInAsync(app, "admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/admin/outbox")).Status);
    }
}

/// <summary>With demo mode off: no demo data, no demo account; the first administrator comes from configuration.</summary>
public sealed class BootstrapTests : IDisposable
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), $"reformflow-bootstrap-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Without_demo_mode_only_the_configured_administrator_exists()
    {
        using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("ConnectionStrings:ReformFlow", $"Data Source={_db}");
            b.UseSetting("Demo:Enabled", "false");
            b.UseSetting("Jobs:RunServer", "false");
            b.UseSetting("Bootstrap:UniversityCode", "TST");
            b.UseSetting("Bootstrap:UniversityName", "测试大学");
            b.UseSetting("Bootstrap:AdminUserName", "root");
            b.UseSetting("Bootstrap:AdminPassword", "Sup3rSecret!");
        });
        var client = app.CreateClient();
        var login = await client.GetStringAsync("/Account/Login");
        Assert.DoesNotContain(DemoData.Password, login);
        Assert.False((await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "admin", password = DemoData.Password })).IsSuccessStatusCode);
        Assert.False((await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = DemoData.Initiator, password = DemoData.Password })).IsSuccessStatusCode);
        var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "root", password = "Sup3rSecret!" });
        Assert.True(token.IsSuccessStatusCode);
        var db = new SqliteConnection($"Data Source={_db}");
        await db.OpenAsync();
        var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT (SELECT COUNT(*) FROM Students) * 1000 + (SELECT COUNT(*) FROM AspNetUsers)";
        Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync())!);
        await db.CloseAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" }) File.Delete(f);
    }
}
