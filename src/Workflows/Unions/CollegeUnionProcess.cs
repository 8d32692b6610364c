using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Unions;
using ReformFlow.Workflows.Runtime;
using Stateless;

namespace ReformFlow.Workflows.Unions;

/// <summary>
/// SU-5.4, college-level presidium and staff: the class league branch recommends → the college league
/// organisation approves → the college party organisation determines, which fills the seat under the
/// college limits (SU-3.3). Every body acts only for its own college and class.
/// </summary>
public sealed class CollegeUnionProcess(TimeProvider clock) : NominationProcess<CollegeUnionProcess.State, CollegeUnionProcess.Trigger>(clock)
{
    public const string ProcessName = "cadre-college";

    public enum State { Recommending, CollegeLeagueApproval, CollegePartyDetermination, Appointed, Rejected, Withdrawn }

    public enum Trigger
    {
        Edit, Recommend, Withdraw,
        CollegeLeagueApprove, CollegeLeagueReturn, CollegeLeagueReject,
        CollegePartyDetermine, CollegePartyReturn, CollegePartyReject,
    }

    public override string Name => ProcessName;
    public override SelectionChain Chain => SelectionChain.CollegeUnion;
    public override State Initial => State.Recommending;
    public override IReadOnlySet<State> Final { get; } = new HashSet<State> { State.Appointed, State.Rejected, State.Withdrawn };

    protected override void Configure(StateMachine<State, Trigger> m, NominationContext ctx)
    {
        m.Configure(State.Recommending)
            .InternalTransition(Trigger.Edit, () => { })
            .Permit(Trigger.Recommend, State.CollegeLeagueApproval)
            .Permit(Trigger.Withdraw, State.Withdrawn);
        m.Configure(State.CollegeLeagueApproval)
            .Permit(Trigger.CollegeLeagueApprove, State.CollegePartyDetermination)
            .Permit(Trigger.CollegeLeagueReturn, State.Recommending)
            .Permit(Trigger.CollegeLeagueReject, State.Rejected);
        m.Configure(State.CollegePartyDetermination)
            .Permit(Trigger.CollegePartyDetermine, State.Appointed)
            .Permit(Trigger.CollegePartyReturn, State.Recommending)
            .Permit(Trigger.CollegePartyReject, State.Rejected);
    }

    protected override NominationStep StepOf(Trigger t) => t switch
    {
        Trigger.Edit => NominationStep.Edit,
        Trigger.Recommend => NominationStep.Recommend,
        Trigger.Withdraw => NominationStep.Withdraw,
        Trigger.CollegeLeagueReturn or Trigger.CollegePartyReturn => NominationStep.Return,
        Trigger.CollegeLeagueReject or Trigger.CollegePartyReject => NominationStep.Reject,
        _ => NominationStep.Approve,
    };

    public override Permission Authorize(Trigger trigger, NominationContext ctx) => trigger switch
    {
        Trigger.Edit or Trigger.Recommend or Trigger.Withdraw => ctx.Scoped(Role.ClassLeagueBranch, ctx.ClassBranchUnitId, "access.nominee-class-branch-only"),
        Trigger.CollegeLeagueApprove or Trigger.CollegeLeagueReturn or Trigger.CollegeLeagueReject =>
            ctx.Scoped(Role.CollegeLeague, ctx.CollegeLeagueUnitId, "access.nominee-college-league-only"),
        _ => ctx.Scoped(Role.CollegeParty, ctx.CollegePartyUnitId, "access.nominee-college-party-only"),
    };

    public override IReadOnlyList<Reason> Check(Trigger trigger, NominationContext ctx) => trigger switch
    {
        Trigger.Recommend or Trigger.CollegeLeagueApprove => ctx.NomineeProblems(),
        Trigger.CollegePartyDetermine => ctx.FillProblems(),
        _ => [],
    };

    public override Task EnteredAsync(State from, State to, NominationContext ctx, ActionRequest request, CancellationToken ct)
    {
        if (to == State.Appointed) FillSeat(ctx);
        return Task.CompletedTask;
    }

    public override IEnumerable<TaskSpec> Tasks(State state, NominationContext ctx)
    {
        switch (state)
        {
            case State.Recommending:
                yield return new TaskSpec("recommend", ctx.Nomination.LastReturnComment is null ? "task.nomination-recommend" : "task.nomination-revise",
                    Role: Role.ClassLeagueBranch, OrgUnitId: ctx.ClassBranchUnitId);
                break;
            case State.CollegeLeagueApproval:
                yield return new TaskSpec("college-league", "task.nomination-college-league-approval", Role: Role.CollegeLeague, OrgUnitId: ctx.CollegeLeagueUnitId, DueIn: TimeSpan.FromDays(7));
                break;
            case State.CollegePartyDetermination:
                yield return new TaskSpec("college-party", "task.nomination-college-party-determination", Role: Role.CollegeParty, OrgUnitId: ctx.CollegePartyUnitId, DueIn: TimeSpan.FromDays(7));
                break;
        }
    }
}
