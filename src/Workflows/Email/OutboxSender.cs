using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Email;

/// <summary>
/// Delivers due outbox messages. Each message is claimed with a conditional update before it is
/// sent, so two runs of the job at once never send the same message twice; a failure is retried
/// with growing delays and, after <see cref="OutboxMessage.MaxAttempts"/>, left as Failed for an
/// administrator to see and retry.
/// </summary>
public sealed class OutboxSender(ReformFlowDb db, IMailTransport transport, TimeProvider clock, IOptions<MailOptions> options, ILogger<OutboxSender> log)
{
    /// <summary>A claim older than this is taken to belong to a crashed sender and is picked up again.</summary>
    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(10);

    public async Task<int> DeliverDueAsync(CancellationToken ct = default)
    {
        var sent = 0;
        while (!ct.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var stale = now - StaleClaim;
            var batch = await db.Outbox.AsNoTracking()
                .Where(m => (m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now) || (m.Status == OutboxStatus.Sending && m.ClaimedAt < stale))
                .OrderBy(m => m.CreatedAt).Take(50).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var m in batch)
                if (await TrySendAsync(m, ct)) sent++;
        }
        return sent;
    }

    private async Task<bool> TrySendAsync(OutboxMessage m, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var stale = now - StaleClaim;
        var claimed = await db.Outbox
            .Where(x => x.Id == m.Id && ((x.Status == OutboxStatus.Pending && x.NextAttemptAt <= now) || (x.Status == OutboxStatus.Sending && x.ClaimedAt < stale)))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, OutboxStatus.Sending).SetProperty(x => x.ClaimedAt, now), ct);
        if (claimed == 0) return false;
        try
        {
            await transport.SendAsync(ToMime(m), ct);
            await db.Outbox.Where(x => x.Id == m.Id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, OutboxStatus.Sent).SetProperty(x => x.SentAt, clock.GetUtcNow())
                .SetProperty(x => x.Attempts, m.Attempts + 1).SetProperty(x => x.LastError, (string?)null), CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var attempts = m.Attempts + 1;
            var status = attempts >= OutboxMessage.MaxAttempts ? OutboxStatus.Failed : OutboxStatus.Pending;
            var next = clock.GetUtcNow() + TimeSpan.FromMinutes(Math.Pow(2, attempts - 1));
            log.LogWarning(ex, "Sending outbox message {Id} to {To} failed (attempt {Attempt})", m.Id, m.ToAddress, attempts);
            await db.Outbox.Where(x => x.Id == m.Id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, status).SetProperty(x => x.Attempts, attempts)
                .SetProperty(x => x.LastError, ex.GetType().Name + ": " + ex.Message).SetProperty(x => x.NextAttemptAt, next), CancellationToken.None);
            return false;
        }
    }

    private MimeMessage ToMime(OutboxMessage m)
    {
        var o = options.Value;
        var message = new MimeMessage
        {
            // A stable Message-Id: should a crash after sending cause a resend, receivers can tell it is the same message.
            MessageId = $"{m.Id:N}@reformflow",
            Subject = m.Subject,
            Body = new TextPart("plain") { Text = m.Body },
        };
        message.From.Add(new MailboxAddress(o.FromName, o.FromAddress));
        message.To.Add(new MailboxAddress(m.ToName, m.ToAddress));
        message.Headers.Add("Content-Language", m.Culture);
        return message;
    }

    /// <summary>An administrator sends a failed message of their own university again.</summary>
    public Task<int> RetryAsync(Guid id, Guid? universityId, CancellationToken ct) =>
        db.Outbox.Where(x => x.Id == id && x.Status == OutboxStatus.Failed && x.UniversityId == universityId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, OutboxStatus.Pending).SetProperty(x => x.Attempts, 0)
            .SetProperty(x => x.NextAttemptAt, clock.GetUtcNow()), ct);
}
