using Hangfire;
using ReformFlow.Workflows.Email;

namespace ReformFlow.Workflows.Jobs;

/// <summary>The Hangfire entry point for mail delivery. Safe to run twice: the outbox claims each message.</summary>
public sealed class OutboxJob(OutboxSender sender)
{
    public const string RecurringId = "deliver-outbox";

    [AutomaticRetry(Attempts = 0)] // the outbox keeps its own attempt count and back-off
    public Task<int> RunAsync() => sender.DeliverDueAsync();
}

public sealed class HangfireOutboxKicker(IBackgroundJobClient jobs) : IOutboxKicker
{
    public void Kick() => jobs.Enqueue<OutboxJob>(j => j.RunAsync());
}
