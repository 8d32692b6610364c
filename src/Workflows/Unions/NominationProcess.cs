using ReformFlow.Domain.Common;
using ReformFlow.Domain.Unions;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Unions;

/// <summary>What the recommending body writes: the position, why this student, and any justification.</summary>
public sealed record NominationDraft(PositionKind Kind, Guid? DepartmentId, string Statement, string? Justification = null);

/// <summary>The kinds of step every chain shares; each process maps its own triggers onto them.</summary>
public enum NominationStep { Edit, Recommend, Withdraw, Return, Reject, Approve }

/// <summary>
/// Base of the three selection chains: loading, the shared steps and the emails. Each subclass holds
/// its chain's whole transition table, who may act at each step and what each step checks.
/// </summary>
public abstract class NominationProcess<TState, TTrigger>(TimeProvider clock) : WorkflowProcess<TState, TTrigger, NominationContext>, INominationWorkflow
    where TState : struct, Enum where TTrigger : struct, Enum
{
    public abstract SelectionChain Chain { get; }

    public Task<WorkflowInstance> StartAsync(WorkflowRunner runner, Guid nominationId, Guid universityId, string title, Actor actor, CancellationToken ct) =>
        runner.StartAsync(this, nominationId, universityId, title, actor,
            Recommenders.Of(Chain).Role.ToString(), ct);

    public Task<WorkflowInstance> FireAsync(WorkflowRunner runner, Guid instanceId, Actor actor, ActionRequest request, CancellationToken ct) =>
        runner.FireAsync(this, instanceId, actor, request, ct);

    /// <summary>Which shared step a trigger is.</summary>
    protected abstract NominationStep StepOf(TTrigger trigger);

    public override Task<NominationContext> LoadAsync(ReformFlowDb db, WorkflowInstance instance, Actor actor, CancellationToken ct) =>
        NominationContext.LoadAsync(db, instance, actor, clock.GetUtcNow(), ct);

    /// <summary>Every step that sends the nomination on, back or out is a decision: two people on one step cannot both win.</summary>
    public override bool IsDecision(TTrigger trigger) => StepOf(trigger) != NominationStep.Edit;

    /// <summary>An edit is not a decision (no version required), but one sent with an old version would undo another edit.</summary>
    public override bool ChecksVersion(TTrigger trigger) => true;

    public override void Apply(TTrigger trigger, NominationContext ctx, ActionRequest request)
    {
        var n = ctx.Nomination;
        if (request.Payload is NominationInput { Justification: { } j }) n.GiveJustification(j);
        switch (StepOf(trigger))
        {
            case NominationStep.Edit:
                var d = request.Payload as NominationDraft ?? throw new DomainException("nomination.draft-required");
                n.Revise(ctx.Union, d.Kind, d.DepartmentId, d.Statement, d.Justification);
                break;
            case NominationStep.Recommend:
                n.MarkRecommended(ctx.Now);
                break;
            case NominationStep.Withdraw:
                n.MarkWithdrawn(request.Comment, ctx.Now);
                break;
            case NominationStep.Return:
                n.MarkReturned(request.Comment!);
                break;
            case NominationStep.Reject:
                n.MarkRejected(request.Comment!, ctx.Now);
                break;
        }
    }

    /// <summary>
    /// Fills the seat inside the workflow transaction that decides it. On SQLite that transaction is
    /// BEGIN IMMEDIATE, so the staffing the context counted cannot change before the insert: two
    /// determinations racing for the last seat are serialised and the second is refused.
    /// </summary>
    protected static void FillSeat(NominationContext ctx)
    {
        var problems = ctx.NomineeProblems();
        if (problems.Count > 0) throw new DomainException(problems);
        var n = ctx.Nomination;
        SizeRules.EnsureAllowed(SizeRules.CheckFill(ctx.Staffing, n.Kind, n.DepartmentId), n.Justification);
        var position = new CadrePosition(n.UniversityId, n.UnionId, n.StudentId, n.Kind, n.DepartmentId, n.Id, n.Justification, ctx.Now);
        ctx.Db.CadrePositions.Add(position);
        n.MarkAppointed(position.Id, ctx.Now);
    }

    /// <summary>The recommending body hears of a return; the nominee and the recommending body hear the outcome.</summary>
    public override IEnumerable<NoticeSpec> Notices(TState from, TState to, NominationContext ctx)
    {
        var n = ctx.Nomination;
        var keys = n.Outcome switch
        {
            NominationOutcome.Candidate => ("email.nomination-candidate.subject", "email.nomination-candidate.body"),
            NominationOutcome.Appointed => ("email.nomination-appointed.subject", "email.nomination-appointed.body"),
            NominationOutcome.Rejected => ("email.nomination-rejected.subject", "email.nomination-rejected.body"),
            NominationOutcome.Pending when to.ToString() == "Recommending" => ("email.nomination-returned.subject", "email.nomination-returned.body"),
            _ => default((string, string)?),
        };
        if (keys is not { } k) yield break;
        yield return new NoticeSpec(n.RecommendedByUserId, k.Item1, k.Item2);
        if (ctx.NomineeUserId is { } nominee && n.Outcome != NominationOutcome.Pending) yield return new NoticeSpec(nominee, k.Item1, k.Item2);
    }
}

/// <summary>The chain-independent face of the three nomination processes, for the service and the pages.</summary>
public interface INominationWorkflow
{
    string Name { get; }
    SelectionChain Chain { get; }
    Task<WorkflowInstance> StartAsync(WorkflowRunner runner, Guid nominationId, Guid universityId, string title, Actor actor, CancellationToken ct);
    Task<WorkflowInstance> FireAsync(WorkflowRunner runner, Guid instanceId, Actor actor, ActionRequest request, CancellationToken ct);
    Task<NominationContext> LoadAsync(ReformFlowDb db, WorkflowInstance instance, Actor actor, CancellationToken ct);
    IReadOnlyList<ActionView> AvailableActions(string state, NominationContext ctx);
    string Diagram();
}

/// <summary>The three chains, found by chain or by process name.</summary>
public sealed class NominationProcesses(SchoolPresidiumProcess presidium, SchoolDepartmentProcess department, CollegeUnionProcess college)
{
    public IReadOnlyList<INominationWorkflow> All { get; } = [presidium, department, college];

    public INominationWorkflow For(SelectionChain chain) => All.Single(p => p.Chain == chain);

    public INominationWorkflow? For(string processName) => All.SingleOrDefault(p => p.Name == processName);

    public IReadOnlyList<string> Names => All.Select(p => p.Name).ToList();
}
