namespace ReformFlow.Workflows.Jobs;

/// <summary>
/// One reminder that was queued, by a key naming what and which step ("task:{id}:due-7"). Jobs insert
/// the key in the same transaction as the email, so a job that runs twice, or catches up after
/// downtime, never sends the same reminder twice.
/// </summary>
public sealed class SentReminder
{
    public string Key { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }
}
