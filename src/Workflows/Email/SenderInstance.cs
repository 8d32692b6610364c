namespace ReformFlow.Workflows.Email;

/// <summary>
/// One running app process, as the other processes on the same database see it: it writes its heartbeat every
/// few seconds while alive. A claim (<see cref="OutboxMessage.ClaimedBy"/>) whose owner has no fresh heartbeat
/// belongs to a process that is gone, so it is resolved at once instead of after <see cref="OutboxSender.StaleClaim"/>
/// (docs/decisions/0010). The restore command refuses while any instance is alive.
/// </summary>
public sealed class SenderInstance
{
    /// <summary>A heartbeat older than this means the process is gone.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

    public Guid Id { get; set; }
    /// <summary>Machine and process id, for an administrator reading the table.</summary>
    public string Host { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset HeartbeatAt { get; set; }
}

/// <summary>This process's identity as a sender, made once at start (a singleton).</summary>
public sealed class ThisSender
{
    public Guid Id { get; } = Guid.NewGuid();
}
