namespace ReformFlow.Workflows.Email;

public enum OutboxStatus { Pending, Sending, Sent, Failed }

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
    public DateTimeOffset? SentAt { get; set; }
}
