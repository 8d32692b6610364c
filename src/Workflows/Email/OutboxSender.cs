using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Email;

/// <summary>
/// Delivers due outbox messages. Each message is claimed with a conditional update just before it is
/// sent and marked Sent as soon as the SMTP server has accepted it, so two runs of the job at once never
/// send the same message twice, and a process killed mid-run leaves at most the one message it was
/// sending in doubt. A claim names its process (<see cref="ThisSender"/>); a claim whose process has
/// stopped heartbeating is resolved at once (docs/decisions/0010). A failure is retried with growing
/// delays and, after <see cref="OutboxMessage.MaxAttempts"/>, left as Failed for an administrator.
/// </summary>
public sealed class OutboxSender(ReformFlowDb db, IMailTransport transport, TimeProvider clock, IOptions<MailOptions> options,
    ThisSender self, ILogger<OutboxSender> log)
{
    /// <summary>
    /// A claim older than this is taken back even from a live process: no send takes this long (MailKit's
    /// timeout is 20 s per command), so such a claim is a hung sender's.
    /// </summary>
    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(10);

    public const string OrphanedClaimError = "The process sending this message stopped before the SMTP server's answer was recorded; it is sent again with the same Message-Id.";

    /// <summary>One delivery run at a time per process and database; a run asked for meanwhile is done by the running one.</summary>
    private sealed class RunGate
    {
        public readonly SemaphoreSlim Running = new(1, 1);
        public int Requested;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, RunGate> Gates = new();

    /// <summary>
    /// Sends everything due. Runs of one process never overlap (a kick during a run makes the running one
    /// look again, then this call returns at once), so a process has at most one message claimed at any
    /// moment: that is all a kill can leave in doubt. Other processes still run alongside, safely (claims).
    /// </summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct = default)
    {
        var gate = Gates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new RunGate());
        Volatile.Write(ref gate.Requested, 1);
        var sent = 0;
        // Looks again after releasing: a request made just before the release would otherwise wait for the minutely job.
        while (Volatile.Read(ref gate.Requested) == 1 && await gate.Running.WaitAsync(0, ct))
        {
            try
            {
                while (Interlocked.Exchange(ref gate.Requested, 0) == 1)
                    sent += await DeliverRunAsync(ct);
            }
            finally
            {
                gate.Running.Release();
            }
        }
        return sent;
    }

    private async Task<int> DeliverRunAsync(CancellationToken ct)
    {
        await ReleaseOrphanedClaimsAsync(ct);
        var sent = 0;
        while (!ct.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            // Candidates only: each is claimed on its own just before it is sent, never a batch at once.
            var batch = await db.Outbox.AsNoTracking()
                .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
                .OrderBy(m => m.CreatedAt).Take(50).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var m in batch)
                if (await TrySendAsync(m, ct)) sent++;
        }
        return sent;
    }

    /// <summary>
    /// Puts back in the queue, due now, every claim of a process that has stopped heartbeating (killed,
    /// crashed, or a host that lost power) and every claim older than <see cref="StaleClaim"/>. The SMTP
    /// server may or may not have accepted such a message before the process died; it is sent again
    /// (at least once, same Message-Id), counting as an attempt. Reads first, so a run with nothing to
    /// resolve writes nothing.
    /// </summary>
    public async Task<int> ReleaseOrphanedClaimsAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var alive = now - SenderInstance.Lease;
        var stale = now - StaleClaim;
        var me = self.Id;
        var orphaned = db.Outbox.Where(m => m.Status == OutboxStatus.Sending
            && (m.ClaimedAt < stale
                || (m.ClaimedBy != me && !db.SenderInstances.Any(i => i.Id == m.ClaimedBy && i.HeartbeatAt >= alive))));
        if (!await orphaned.AnyAsync(ct)) return 0;
        var released = await orphaned.ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, x => x.Attempts + 1 >= OutboxMessage.MaxAttempts ? OutboxStatus.Failed : OutboxStatus.Pending)
            .SetProperty(x => x.Attempts, x => x.Attempts + 1)
            .SetProperty(x => x.ClaimedBy, (Guid?)null)
            .SetProperty(x => x.NextAttemptAt, now)
            .SetProperty(x => x.LastError, OrphanedClaimError), ct);
        if (released > 0) log.LogWarning("Released {Count} outbox claims of stopped senders; they are sent again now", released);
        return released;
    }

    private async Task<bool> TrySendAsync(OutboxMessage m, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var me = self.Id;
        var claimed = await db.Outbox
            .Where(x => x.Id == m.Id && x.Status == OutboxStatus.Pending && x.NextAttemptAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, OutboxStatus.Sending).SetProperty(x => x.ClaimedAt, now)
                .SetProperty(x => x.ClaimedBy, me), ct);
        if (claimed == 0) return false;
        try
        {
            await transport.SendAsync(ToMime(m), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var attempts = m.Attempts + 1;
            var status = attempts >= OutboxMessage.MaxAttempts ? OutboxStatus.Failed : OutboxStatus.Pending;
            var next = clock.GetUtcNow() + TimeSpan.FromMinutes(Math.Pow(2, attempts - 1));
            log.LogWarning(ex, "Sending outbox message {Id} to {To} failed (attempt {Attempt})", m.Id, m.ToAddress, attempts);
            // Only while the claim is still ours: had another process taken it over and sent it, Sent must stay.
            await db.Outbox.Where(x => x.Id == m.Id && x.Status == OutboxStatus.Sending && x.ClaimedBy == me).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, status).SetProperty(x => x.Attempts, attempts).SetProperty(x => x.ClaimedBy, (Guid?)null)
                .SetProperty(x => x.LastError, ex.GetType().Name + ": " + ex.Message).SetProperty(x => x.NextAttemptAt, next), CancellationToken.None);
            return false;
        }
        // The server has it: record that before anything else (the next claim included), whatever the token says.
        await MarkSentAsync(m, CancellationToken.None);
        return true;
    }

    /// <summary>
    /// Unconditional: the message did go out. A failure to record it is not a failed send (that would
    /// send it again), so the update is retried while the database is busy.
    /// </summary>
    private async Task MarkSentAsync(OutboxMessage m, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Outbox.Where(x => x.Id == m.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Status, OutboxStatus.Sent).SetProperty(x => x.SentAt, clock.GetUtcNow())
                    .SetProperty(x => x.Attempts, m.Attempts + 1).SetProperty(x => x.LastError, (string?)null)
                    .SetProperty(x => x.ClaimedBy, (Guid?)null), ct);
                return;
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex) when (attempt < 3)
            {
                log.LogWarning(ex, "Recording outbox message {Id} as sent failed (attempt {Attempt}); trying again", m.Id, attempt);
            }
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

    /// <summary>
    /// An administrator sends a message of their own university again: a Failed one, or one Held after a
    /// restore (the administrator has checked it did not go out).
    /// </summary>
    public Task<int> RetryAsync(Guid id, Guid? universityId, CancellationToken ct) =>
        db.Outbox.Where(x => x.Id == id && (x.Status == OutboxStatus.Failed || x.Status == OutboxStatus.Held) && x.UniversityId == universityId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, OutboxStatus.Pending).SetProperty(x => x.Attempts, 0)
                .SetProperty(x => x.NextAttemptAt, clock.GetUtcNow()), ct);
}
