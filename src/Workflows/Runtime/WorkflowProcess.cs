using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Access;
using Stateless;

namespace ReformFlow.Workflows.Runtime;

/// <summary>What the caller asks: a trigger, an optional comment, the version they saw, and trigger-specific data.</summary>
public sealed record ActionRequest(string Trigger, string? Comment = null, int? ExpectedVersion = null, object? Payload = null);

/// <summary>A task that should be open for an instance in its current state.</summary>
public sealed record TaskSpec(string Key, string TitleKey, string? UserId = null, Role? Role = null, Guid? OrgUnitId = null, TimeSpan? DueIn = null);

/// <summary>An email to a user about something that happened (a decision, not a task).</summary>
public sealed record NoticeSpec(string UserId, string SubjectKey, string BodyKey);

/// <summary>
/// Who may fire a trigger. <see cref="Allowed"/> is false with a reason when refused; <see cref="AsRole"/>
/// is what the history records.
/// </summary>
public sealed record Permission(bool Allowed, Role? AsRole, Reason? Refusal)
{
    public static Permission As(Role role) => new(true, role, null);
    public static Permission Refuse(string key, params object[] args) => new(false, null, new Reason(null, key, args));
}

/// <summary>
/// Base of every process: subclasses hold one process's whole transition table, its permissions,
/// guards and tasks; <see cref="WorkflowRunner"/> does load → check → fire → save → enqueue.
/// </summary>
public abstract class WorkflowProcess<TState, TTrigger, TContext>
    where TState : struct, Enum
    where TTrigger : struct, Enum
    where TContext : class
{
    public abstract string Name { get; }
    public abstract TState Initial { get; }
    public abstract IReadOnlySet<TState> Final { get; }

    /// <summary>The transition table. Guards call <paramref name="ctx"/> lazily, so a null context builds the diagram.</summary>
    protected abstract void Configure(StateMachine<TState, TTrigger> machine, TContext ctx);

    /// <summary>Loads the subject and every fact the guards need, once per operation.</summary>
    public abstract Task<TContext> LoadAsync(Data.ReformFlowDb db, WorkflowInstance instance, Actor actor, CancellationToken ct);

    /// <summary>Role and scope check for a trigger, from the actor and the subject.</summary>
    public abstract Permission Authorize(TTrigger trigger, TContext ctx);

    /// <summary>Every unmet condition for the trigger, side-effect free; empty when it may fire.</summary>
    public abstract IReadOnlyList<Reason> Check(TTrigger trigger, TContext ctx);

    /// <summary>The domain change a trigger makes, before the state moves.</summary>
    public abstract void Apply(TTrigger trigger, TContext ctx, ActionRequest request);

    /// <summary>Work done on arriving in a state (e.g. registering the association).</summary>
    public virtual Task EnteredAsync(TState from, TState to, TContext ctx, ActionRequest request, CancellationToken ct) => Task.CompletedTask;

    /// <summary>A trigger the system fires by itself after an action (e.g. when the last instructor has answered).</summary>
    public virtual TTrigger? Automatic(TState state, TContext ctx) => null;

    /// <summary>Triggers that decide something: the caller must say which version they saw.</summary>
    public virtual bool IsDecision(TTrigger trigger) => false;

    /// <summary>
    /// Triggers whose <see cref="ActionRequest.ExpectedVersion"/>, when given, must match: every decision, and
    /// edits that replace what someone else may have just changed. Only decisions must give it.
    /// </summary>
    public virtual bool ChecksVersion(TTrigger trigger) => IsDecision(trigger);

    /// <summary>Refreshes whatever <see cref="Tasks"/> reads that an action may have changed (new people to address).</summary>
    public virtual Task BeforeTasksAsync(TContext ctx, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The tasks that should be open in this state.</summary>
    public abstract IEnumerable<TaskSpec> Tasks(TState state, TContext ctx);

    /// <summary>Who is told by email when the instance moves from one state to another.</summary>
    public virtual IEnumerable<NoticeSpec> Notices(TState from, TState to, TContext ctx) => [];

    public StateMachine<TState, TTrigger> CreateMachine(WorkflowInstance instance, TContext ctx)
    {
        var machine = new StateMachine<TState, TTrigger>(
            () => Enum.Parse<TState>(instance.State),
            s => instance.State = s.ToString());
        Configure(machine, ctx);
        return machine;
    }

    private string? _diagram;

    /// <summary>
    /// The process diagram in Mermaid's stateDiagram-v2, from Stateless's own description of the table.
    /// The table never changes at run time, so it is drawn once per process (processes are singletons);
    /// two first callers at once draw it twice and keep one, which is harmless.
    /// </summary>
    public string Diagram() => _diagram ??= DrawDiagram();

    private string DrawDiagram()
    {
        var machine = new StateMachine<TState, TTrigger>(Initial);
        Configure(machine, null!);
        // Internal transitions (a sponsor confirming, an opinion recorded) do not move the state; drawn
        // as self-loops they only bury the labels of the transitions that do, so they are left out.
        var lines = Stateless.Graph.MermaidGraph.Format(machine.GetInfo()).Split('\n')
            .Where(l => !IsSelfLoop(l.Trim()));
        return string.Join('\n', lines);
    }

    private static bool IsSelfLoop(string line)
    {
        var arrow = line.IndexOf(" --> ", StringComparison.Ordinal);
        var colon = line.IndexOf(" : ", StringComparison.Ordinal);
        return arrow > 0 && colon > arrow && line[..arrow] == line[(arrow + 5)..colon];
    }

    /// <summary>
    /// What the actor may do in this state: triggers defined here that their role and scope allow
    /// (the system's own triggers never appear), each with the reasons it is blocked, if any.
    /// </summary>
    public IReadOnlyList<ActionView> AvailableActions(string state, TContext ctx)
    {
        var machine = CreateMachine(new WorkflowInstance { State = state }, ctx);
        return machine.GetInfo().States.Where(s => s.UnderlyingState.ToString() == state)
            .SelectMany(s => s.Transitions.Select(t => (TTrigger)t.Trigger.UnderlyingTrigger)).Distinct()
            .Where(t => Authorize(t, ctx) is { Allowed: true, AsRole: not null })
            .Select(t => new ActionView(t.ToString(), IsDecision(t), Check(t, ctx))).ToList();
    }

    public bool TryParseTrigger(string name, out TTrigger trigger) =>
        Enum.TryParse(name, ignoreCase: true, out trigger) && Enum.IsDefined(trigger);
}

/// <summary>Two people acted on the same instance at once, or on an out-of-date view; the other one won.</summary>
public sealed class ConcurrencyConflictException() : Exception("Someone acted on this item first.");

/// <summary>The actor is not allowed to do this (role or scope).</summary>
public sealed class ForbiddenActionException(Reason reason) : Exception(reason.ToString())
{
    public Reason Reason { get; } = reason;
}

public sealed class NotFoundException(string what) : Exception(what + " not found.");
