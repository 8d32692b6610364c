using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReformFlow.Workflows.Email;

namespace ReformFlow.Workflows.Jobs;

/// <summary>The Hangfire entry point for mail delivery. Safe to run twice: the outbox claims each message.</summary>
public sealed class OutboxJob(OutboxSender sender)
{
    public const string RecurringId = "deliver-outbox";

    [AutomaticRetry(Attempts = 0)] // the outbox keeps its own attempt count and back-off
    public Task<int> RunAsync() => sender.DeliverDueAsync();
}

/// <summary>
/// Asks for a delivery now instead of at the outbox job's next minute. A nudge, never a condition: it runs after the
/// caller's commit, so a failure to enqueue (job storage down; in the test suite, another app instance's Hangfire
/// shutting down in the same process, which made committed drafts answer 500) is logged and the decision stands.
/// The client is resolved here, not injected, for the same reason.
/// </summary>
public sealed class HangfireOutboxKicker(IServiceProvider services, ILogger<HangfireOutboxKicker> log) : IOutboxKicker
{
    public void Kick()
    {
        try
        {
            services.GetRequiredService<IBackgroundJobClient>().Enqueue<OutboxJob>(j => j.RunAsync());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogWarning(e, "Could not enqueue a mail delivery; the recurring outbox job will deliver the mail.");
        }
    }
}
