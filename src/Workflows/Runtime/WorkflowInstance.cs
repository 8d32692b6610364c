namespace ReformFlow.Workflows.Runtime;

/// <summary>
/// One run of a process. <see cref="Version"/> is managed by the application and is the concurrency
/// token: every decision bumps it, so two people deciding at once cannot both win.
/// </summary>
public sealed class WorkflowInstance
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string Process { get; set; } = "";
    public Guid SubjectId { get; set; }
    public Guid UniversityId { get; set; }
    public string State { get; set; } = "";
    public int Version { get; set; }
    public string Title { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public bool IsClosed { get; set; }
}

/// <summary>One step in an instance's history: who, in which role, when, from which state to which, and why.</summary>
public sealed class WorkflowHistoryEntry
{
    public long Id { get; set; }
    public Guid InstanceId { get; set; }
    public string ActorUserId { get; set; } = "";
    public string ActorName { get; set; } = "";
    public string ActorRole { get; set; } = "";
    public string Trigger { get; set; } = "";
    public string FromState { get; set; } = "";
    public string ToState { get; set; } = "";
    public string? Comment { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// An item waiting in someone's inbox: either for one user, or for whoever holds a role for a scope
/// (so a newly appointed secretary sees what was already waiting).
/// </summary>
public sealed class InboxTask
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid InstanceId { get; set; }
    public Guid UniversityId { get; set; }
    public string Process { get; set; } = "";
    /// <summary>Stable identity of the task within the instance, e.g. "sponsor:{studentId}" or "guidance".</summary>
    public string Key { get; set; } = "";
    public string? AssigneeUserId { get; set; }
    public Domain.Access.Role? AssigneeRole { get; set; }
    public Guid? AssigneeOrgUnitId { get; set; }
    public string TitleKey { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
