namespace ReformFlow.Workflows.Email;

/// <summary>
/// Held: restored from a backup with a fate nobody can know (it may have gone out after the backup was taken);
/// the sender leaves it for an administrator to release (docs/decisions/0010).
/// </summary>
public enum OutboxStatus { Pending, Sending, Sent, Failed, Held }

/// <summary>
/// An email written in the same transaction as the decision that caused it. The database, not the
/// job store, says what is due and what was sent.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxAttempts = 6;

    public Guid Id { get; set; } = Guid.NewGuid();
    /// <summary>Whose mail this is: administrators see only their own university's.</summary>
    public Guid? UniversityId { get; set; }
    public string ToAddress { get; set; } = "";
    public string ToName { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public string Culture { get; set; } = "zh-CN";
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    /// <summary>The <see cref="SenderInstance"/> (one app process) whose claim this is, while Sending.</summary>
    public Guid? ClaimedBy { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}
