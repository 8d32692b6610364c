using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Email;

namespace ReformFlow.Tests.Platform;

/// <summary>A real SMTP server on loopback (Debian's python3-aiosmtpd, installed by scripts/test.sh) receives what MailKit sends.</summary>
public sealed class SmtpTests : IAsyncLifetime
{
    private readonly int _port = FreePort();
    private Process? _server;
    private readonly StringBuilder _received = new();
    private SmtpApp? _app;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists("/usr/bin/python3"), "Debian's python3 is needed for the SMTP test server: run scripts/test.sh");
        _server = Process.Start(new ProcessStartInfo("/usr/bin/python3", $"-u -m aiosmtpd -n -l 127.0.0.1:{_port}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        _server.OutputDataReceived += (_, e) => { lock (_received) _received.AppendLine(e.Data); };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        await WaitForPortAsync(_port);
        _app = new SmtpApp(_port);
    }

    [Fact]
    public async Task Task_email_reaches_a_real_smtp_server_with_recipient_and_subject_in_their_language()
    {
        var app = _app!;
        var english = await Api.SignInAsync(app, "2023011003", "en");
        await english.Http.GetAsync("/culture?c=en"); // the person picks English: their emails follow
        var (id, initiator) = await new Founding(app).CreateDraftAsync("Astronomy Club");
        var (status, body) = await initiator.PostAsync($"/api/v1/association-applications/{id}/sponsors", new { studentNumbers = new[] { "2023011003", "2023011004" } });
        Assert.True(status == HttpStatusCode.OK, body?.ToJsonString());

        await using (var scope = app.Scope())
            await scope.ServiceProvider.GetRequiredService<OutboxSender>().DeliverDueAsync();

        var messages = await WaitForMessagesAsync(3);
        var toEnglish = messages.Single(m => m.To.Mailboxes.Any(b => b.Address == "2023011003@demo.reformflow.local"));
        Assert.Equal("[ReformFlow] Confirm or decline being a sponsor: Astronomy Club", toEnglish.Subject);
        Assert.Contains("Dear", toEnglish.TextBody);
        var toChinese = messages.Single(m => m.To.Mailboxes.Any(b => b.Address == "2023011004@demo.reformflow.local"));
        Assert.Equal("【ReformFlow】确认或拒绝担任发起人：Astronomy Club", toChinese.Subject);
        var sent = await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Status == OutboxStatus.Sent));
        Assert.True(sent >= 3);
    }

    private async Task<List<MimeMessage>> WaitForMessagesAsync(int atLeast)
    {
        for (var i = 0; i < 100; i++)
        {
            string text;
            lock (_received) text = _received.ToString();
            var parts = text.Split("---------- MESSAGE FOLLOWS ----------").Skip(1)
                .Select(p => p.Split("------------ END MESSAGE ------------")[0])
                // aiosmtpd prints the envelope's options before the message itself.
                .Select(p => string.Join('\n', p.Split('\n').SkipWhile(l => l.Trim().Length == 0 || l.StartsWith("mail options:"))))
                .Where(p => p.Length > 0).ToList();
            if (parts.Count >= atLeast)
                return parts.Select(p => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(p.Replace("\r\n", "\n").Replace("\n", "\r\n"))))).ToList();
            await Task.Delay(100);
        }
        lock (_received) throw new Xunit.Sdk.XunitException("The SMTP server received too few messages:\n" + _received);
    }

    public Task DisposeAsync()
    {
        _app?.Dispose();
        if (_server is { HasExited: false }) _server.Kill(entireProcessTree: true);
        _server?.Dispose();
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) { await Task.Delay(100); }
        }
        throw new Xunit.Sdk.XunitException("aiosmtpd did not start: is python3-aiosmtpd installed (scripts/test.sh installs it)?");
    }

    private sealed class SmtpApp(int port) : AppFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Mail:Host"] = "127.0.0.1", ["Mail:Port"] = port.ToString(), ["Mail:Security"] = "None",
        };
    }
}
