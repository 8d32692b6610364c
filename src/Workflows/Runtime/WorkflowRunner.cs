using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;

namespace ReformFlow.Workflows.Runtime;

/// <summary>
/// Runs one operation on one instance: load → authorise → check guards → fire → history, tasks and
/// outbox → save, all in one transaction, then wakes the mail sender. A fresh state machine is built
/// for every operation, so nothing is shared between requests.
/// </summary>
public sealed class WorkflowRunner(ReformFlowDb db, TimeProvider clock, Notifier notifier, IOutboxKicker kicker)
{
    private const int MaxAutomaticSteps = 5;

    public async Task<WorkflowInstance> StartAsync<TState, TTrigger, TContext>(
        WorkflowProcess<TState, TTrigger, TContext> process, Guid subjectId, Guid universityId, string title, Actor actor, string actorRole, CancellationToken ct)
        where TState : struct, Enum where TTrigger : struct, Enum where TContext : class
    {
        var now = clock.GetUtcNow();
        var instance = new WorkflowInstance
        {
            Process = process.Name, SubjectId = subjectId, UniversityId = universityId, Title = title,
            State = process.Initial.ToString(), Version = 1, CreatedAt = now, UpdatedAt = now,
        };
        db.WorkflowInstances.Add(instance);
        db.WorkflowHistory.Add(new WorkflowHistoryEntry
        {
            InstanceId = instance.Id, ActorUserId = actor.UserId, ActorName = actor.DisplayName, ActorRole = actorRole,
            Trigger = "Start", FromState = "", ToState = instance.State, At = now,
        });
        await db.SaveChangesAsync(ct);
        // The first state's tasks (and their emails) exist from the start.
        var ctx = await process.LoadAsync(db, instance, actor, ct);
        await process.BeforeTasksAsync(ctx, ct);
        await SyncTasksAsync(instance, process.Tasks(process.Initial, ctx).ToList(), now, ct);
        await db.SaveChangesAsync(ct);
        kicker.Kick();
        return instance;
    }

    public async Task<WorkflowInstance> FireAsync<TState, TTrigger, TContext>(
        WorkflowProcess<TState, TTrigger, TContext> process, Guid instanceId, Actor actor, ActionRequest request, CancellationToken ct)
        where TState : struct, Enum where TTrigger : struct, Enum where TContext : class
    {
        if (!process.TryParseTrigger(request.Trigger, out var trigger))
            throw new DomainException("workflow.unknown-action", request.Trigger);
        // Every step's comment lands in the history every reader of the instance downloads: bounded for every process here.
        TextLimits.Check(request.Comment, TextLimits.Comment, TextField.Comment);

        // On SQLite this is BEGIN IMMEDIATE: operations on the database are serialised, so what the
        // guards read cannot change before the write. On other databases the version token still
        // makes the second of two racing writers fail.
        await using var tx = await db.BeginWriteAsync(ct);
        var instance = await db.WorkflowInstances.SingleOrDefaultAsync(i => i.Id == instanceId && i.Process == process.Name, ct)
            ?? throw new NotFoundException("workflow instance");
        if (!actor.IsSystem && actor.UniversityId != instance.UniversityId)
            throw new ForbiddenActionException(new Reason(null, "access.other-university"));
        if (process.IsDecision(trigger) && request.ExpectedVersion is null)
            throw new DomainException("workflow.version-required");
        // Only decisions compare versions: twenty sponsors confirming from pages opened at the same
        // time act independently, while two deciders on one step must not both win.
        if (process.ChecksVersion(trigger) && request.ExpectedVersion is int seen && seen != instance.Version)
            throw new ConcurrencyConflictException();

        var ctx = await process.LoadAsync(db, instance, actor, ct);
        var permission = process.Authorize(trigger, ctx);
        if (!permission.Allowed) throw new ForbiddenActionException(permission.Refusal!);

        var machine = process.CreateMachine(instance, ctx);
        if (!HasTransition(machine, trigger))
            throw new DomainException("workflow.not-in-this-state", request.Trigger, instance.State);
        var problems = process.Check(trigger, ctx);
        if (problems.Count > 0) throw new DomainException(problems);
        if (!machine.CanFire(trigger))
            throw new DomainException("workflow.not-in-this-state", request.Trigger, instance.State);

        var now = clock.GetUtcNow();
        await StepAsync(process, machine, instance, ctx, trigger, actor, permission.AsRole?.ToString() ?? "", request, now, ct);

        for (var i = 0; i < MaxAutomaticSteps && process.Automatic(machine.State, ctx) is TTrigger auto && machine.CanFire(auto); i++)
            await StepAsync(process, machine, instance, ctx, auto, Actor.System, "System", new ActionRequest(auto.ToString()), now, ct);

        await process.BeforeTasksAsync(ctx, ct);
        await SyncTasksAsync(instance, process.Tasks(machine.State, ctx).ToList(), now, ct);
        instance.Version++;
        instance.UpdatedAt = now;
        instance.IsClosed = process.Final.Contains(machine.State);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException();
        }
        kicker.Kick();
        return instance;
    }

    /// <summary>A trigger defined for the current state but blocked by a guard still gets the guard's reasons, not "not in this state".</summary>
    private static bool HasTransition<TState, TTrigger>(Stateless.StateMachine<TState, TTrigger> machine, TTrigger trigger) =>
        machine.GetInfo().States.Where(s => Equals(s.UnderlyingState, machine.State))
            .SelectMany(s => s.Transitions.Select(t => t.Trigger.UnderlyingTrigger))
            .Any(t => Equals(t, trigger));

    private async Task StepAsync<TState, TTrigger, TContext>(
        WorkflowProcess<TState, TTrigger, TContext> process, Stateless.StateMachine<TState, TTrigger> machine, WorkflowInstance instance,
        TContext ctx, TTrigger trigger, Actor actor, string role, ActionRequest request, DateTimeOffset now, CancellationToken ct)
        where TState : struct, Enum where TTrigger : struct, Enum where TContext : class
    {
        var from = machine.State;
        process.Apply(trigger, ctx, request);
        await machine.FireAsync(trigger);
        var to = machine.State;
        db.WorkflowHistory.Add(new WorkflowHistoryEntry
        {
            InstanceId = instance.Id, ActorUserId = actor.UserId, ActorName = actor.DisplayName, ActorRole = role,
            Trigger = trigger.ToString(), FromState = from.ToString(), ToState = to.ToString(),
            Comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim(), At = now,
        });
        if (!Equals(from, to))
        {
            await process.EnteredAsync(from, to, ctx, request, ct);
            foreach (var notice in process.Notices(from, to, ctx))
                await notifier.QueueToUserAsync(notice.UserId, notice.SubjectKey, notice.BodyKey, [instance.Title, request.Comment ?? ""], instance.Id, ct);
        }
    }

    private async Task SyncTasksAsync(WorkflowInstance instance, IReadOnlyList<TaskSpec> wanted, DateTimeOffset now, CancellationToken ct)
    {
        var open = await db.InboxTasks.Where(t => t.InstanceId == instance.Id && t.CompletedAt == null).ToListAsync(ct);
        foreach (var t in open.Where(t => wanted.All(w => w.Key != t.Key)))
            t.CompletedAt = now;
        foreach (var spec in wanted.Where(w => open.All(t => t.Key != w.Key)))
        {
            db.InboxTasks.Add(new InboxTask
            {
                InstanceId = instance.Id, UniversityId = instance.UniversityId, Process = instance.Process, Key = spec.Key,
                AssigneeUserId = spec.UserId, AssigneeRole = spec.Role, AssigneeOrgUnitId = spec.OrgUnitId,
                TitleKey = spec.TitleKey, CreatedAt = now, DueAt = spec.DueIn is { } d ? now + d : null,
            });
            await notifier.QueueTaskAsync(spec, instance, ct);
        }
    }
}
