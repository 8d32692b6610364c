using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ReformFlow.Workflows.Email;

public sealed class MailOptions
{
    /// <summary>SMTP server; when empty, messages are written as .eml files to <see cref="PickupFolder"/>.</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    /// <summary>None, StartTls, SslOnConnect or Auto.</summary>
    public string Security { get; set; } = "Auto";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string FromAddress { get; set; } = "noreply@reformflow.local";
    public string FromName { get; set; } = "ReformFlow";
    public string PickupFolder { get; set; } = "data/pickup";
}

public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>
/// Sends over SMTP with MailKit. One connection serves a delivery run (a DI scope), so a send returns as soon
/// as the server has accepted the message and the outbox records Sent before the next one; the QUIT is left
/// to the end of the run. A failed send drops the connection, so one bad message or a broken connection
/// does not affect the next, which connects afresh.
/// </summary>
public sealed class SmtpMailTransport(IOptions<MailOptions> options) : IMailTransport, IAsyncDisposable, IDisposable
{
    private SmtpClient? _client;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        try
        {
            if (_client is not { IsConnected: true }) _client = await ConnectAsync(ct);
            await _client.SendAsync(message, ct);
        }
        catch
        {
            _client?.Dispose();
            _client = null;
            throw;
        }
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken ct)
    {
        _client?.Dispose();
        var o = options.Value;
        var client = new SmtpClient { Timeout = 20_000 };
        try
        {
            await client.ConnectAsync(o.Host!, o.Port, Enum.Parse<SecureSocketOptions>(o.Security, ignoreCase: true), ct);
            if (!string.IsNullOrEmpty(o.UserName)) await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is null) return;
        try
        {
            if (_client.IsConnected) await _client.DisconnectAsync(true);
        }
        catch (Exception e) when (e is IOException or MailKit.Net.Smtp.SmtpProtocolException or MailKit.Net.Smtp.SmtpCommandException or OperationCanceledException)
        {
            // Every message was already accepted; a QUIT that fails changes nothing.
        }
        _client.Dispose();
        _client = null;
    }

    /// <summary>Hangfire disposes its job scopes synchronously.</summary>
    public void Dispose()
    {
        if (_client is null) return;
        try
        {
            if (_client.IsConnected) _client.Disconnect(true);
        }
        catch (Exception e) when (e is IOException or MailKit.Net.Smtp.SmtpProtocolException or MailKit.Net.Smtp.SmtpCommandException or OperationCanceledException)
        {
        }
        _client.Dispose();
        _client = null;
    }
}

/// <summary>No SMTP configured: each message becomes an .eml file that any mail client opens.</summary>
public sealed class PickupFolderTransport(IOptions<MailOptions> options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var folder = Path.GetFullPath(options.Value.PickupFolder);
        Directory.CreateDirectory(folder);
        var name = (message.MessageId ?? Guid.NewGuid().ToString("N")).Trim('<', '>').Replace('@', '_') + ".eml";
        // Write to a temporary name first so a reader never sees half a message.
        var temp = Path.Combine(folder, name + ".tmp");
        await message.WriteToAsync(temp, ct);
        File.Move(temp, Path.Combine(folder, name), overwrite: true);
    }
}
