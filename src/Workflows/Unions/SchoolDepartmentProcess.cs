using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Domain.Unions;
using ReformFlow.Workflows.Runtime;
using Stateless;

namespace ReformFlow.Workflows.Unions;

/// <summary>
/// SU-5.3, school-level working-department members (and heads): the college league organisation
/// recommends → the student work department and the school league committee determine after review;
/// both must agree, and the second agreement fills the seat under the size rules (SU-3.1, SU-3.2).
/// </summary>
public sealed class SchoolDepartmentProcess(TimeProvider clock) : NominationProcess<SchoolDepartmentProcess.State, SchoolDepartmentProcess.Trigger>(clock)
{
    public const string ProcessName = "cadre-school-department";

    public enum State { Recommending, JointReview, Appointed, Rejected, Withdrawn }

    public enum Trigger { Edit, Recommend, Withdraw, StudentWorkAgree, LeagueCommitteeAgree, JointReturn, JointReject, JointlyAgreed }

    public override string Name => ProcessName;
    public override SelectionChain Chain => SelectionChain.SchoolDepartment;
    public override State Initial => State.Recommending;
    public override IReadOnlySet<State> Final { get; } = new HashSet<State> { State.Appointed, State.Rejected, State.Withdrawn };

    protected override void Configure(StateMachine<State, Trigger> m, NominationContext ctx)
    {
        m.Configure(State.Recommending)
            .InternalTransition(Trigger.Edit, () => { })
            .Permit(Trigger.Recommend, State.JointReview)
            .Permit(Trigger.Withdraw, State.Withdrawn);
        m.Configure(State.JointReview)
            .InternalTransition(Trigger.StudentWorkAgree, () => { })
            .InternalTransition(Trigger.LeagueCommitteeAgree, () => { })
            .PermitIf(Trigger.JointlyAgreed, State.Appointed, () => ctx.Nomination.JointlyAgreed, "both agreed")
            .Permit(Trigger.JointReturn, State.Recommending)
            .Permit(Trigger.JointReject, State.Rejected);
    }

    protected override NominationStep StepOf(Trigger t) => t switch
    {
        Trigger.Edit => NominationStep.Edit,
        Trigger.Recommend => NominationStep.Recommend,
        Trigger.Withdraw => NominationStep.Withdraw,
        Trigger.JointReturn => NominationStep.Return,
        Trigger.JointReject => NominationStep.Reject,
        _ => NominationStep.Approve,
    };

    public override Permission Authorize(Trigger trigger, NominationContext ctx) => trigger switch
    {
        Trigger.Edit or Trigger.Recommend or Trigger.Withdraw => ctx.Scoped(Role.CollegeLeague, ctx.CollegeLeagueUnitId, "access.nominee-college-league-only"),
        Trigger.StudentWorkAgree => ctx.School(Role.StudentWorkDepartment, "access.joint-student-work-only"),
        Trigger.LeagueCommitteeAgree => ctx.School(Role.SchoolLeagueCommittee, "access.school-league-committee-only"),
        Trigger.JointReturn or Trigger.JointReject => SchoolPresidiumProcess.JointReviewer(ctx),
        _ => ctx.Actor.IsSystem ? new Permission(true, null, null) : Permission.Refuse("access.system-only"),
    };

    public override IReadOnlyList<Reason> Check(Trigger trigger, NominationContext ctx)
    {
        var n = ctx.Nomination;
        return trigger switch
        {
            Trigger.StudentWorkAgree when n.StudentWorkAgreedAt is not null => [new Reason(null, "nomination.already-agreed")],
            Trigger.LeagueCommitteeAgree when n.LeagueCommitteeAgreedAt is not null => [new Reason(null, "nomination.already-agreed")],
            // The second agreement determines: it is checked as the fill it causes.
            Trigger.StudentWorkAgree when n.LeagueCommitteeAgreedAt is not null => ctx.FillProblems(),
            Trigger.LeagueCommitteeAgree when n.StudentWorkAgreedAt is not null => ctx.FillProblems(),
            Trigger.Recommend or Trigger.StudentWorkAgree or Trigger.LeagueCommitteeAgree => ctx.NomineeProblems(),
            _ => [],
        };
    }

    public override void Apply(Trigger trigger, NominationContext ctx, ActionRequest request)
    {
        base.Apply(trigger, ctx, request);
        if (trigger == Trigger.StudentWorkAgree) ctx.Nomination.AgreeAsStudentWork(ctx.Now);
        if (trigger == Trigger.LeagueCommitteeAgree) ctx.Nomination.AgreeAsLeagueCommittee(ctx.Now);
    }

    public override Trigger? Automatic(State state, NominationContext ctx) =>
        state == State.JointReview && ctx.Nomination.JointlyAgreed ? Trigger.JointlyAgreed : null;

    public override Task EnteredAsync(State from, State to, NominationContext ctx, ActionRequest request, CancellationToken ct)
    {
        if (to == State.Appointed) FillSeat(ctx);
        return Task.CompletedTask;
    }

    public override IEnumerable<TaskSpec> Tasks(State state, NominationContext ctx)
    {
        var n = ctx.Nomination;
        if (state == State.Recommending)
            yield return new TaskSpec("recommend", n.LastReturnComment is null ? "task.nomination-recommend" : "task.nomination-revise",
                Role: Role.CollegeLeague, OrgUnitId: ctx.CollegeLeagueUnitId);
        if (state != State.JointReview) yield break;
        if (n.StudentWorkAgreedAt is null)
            yield return new TaskSpec("joint:swd", "task.nomination-joint-determination", Role: Role.StudentWorkDepartment, OrgUnitId: ctx.SchoolUnit(OrgUnitKind.StudentWorkDepartment), DueIn: TimeSpan.FromDays(7));
        if (n.LeagueCommitteeAgreedAt is null)
            yield return new TaskSpec("joint:league", "task.nomination-joint-determination", Role: Role.SchoolLeagueCommittee, OrgUnitId: ctx.SchoolUnit(OrgUnitKind.SchoolLeagueCommittee), DueIn: TimeSpan.FromDays(7));
    }
}
