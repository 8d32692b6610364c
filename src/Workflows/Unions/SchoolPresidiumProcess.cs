using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Domain.Unions;
using ReformFlow.Workflows.Runtime;
using Stateless;

namespace ReformFlow.Workflows.Unions;

/// <summary>
/// SU-5.2, school-level presidium candidates: the college league organisation recommends → the college
/// party organisation consents → the student work department and the school league committee review
/// jointly (both must agree) → the school party committee determines. A determined candidate stands
/// for election at the next student congress (SU-5.1); the seat is filled by that election.
/// </summary>
public sealed class SchoolPresidiumProcess(TimeProvider clock) : NominationProcess<SchoolPresidiumProcess.State, SchoolPresidiumProcess.Trigger>(clock)
{
    public const string ProcessName = "cadre-school-presidium";

    public enum State { Recommending, CollegePartyConsent, JointReview, PartyCommitteeDetermination, Candidate, Rejected, Withdrawn }

    public enum Trigger
    {
        Edit, Recommend, Withdraw,
        CollegePartyConsent, CollegePartyReturn, CollegePartyReject,
        StudentWorkAgree, LeagueCommitteeAgree, JointReturn, JointReject, JointlyAgreed,
        PartyCommitteeDetermine, PartyCommitteeReturn, PartyCommitteeReject,
    }

    public override string Name => ProcessName;
    public override SelectionChain Chain => SelectionChain.SchoolPresidium;
    public override State Initial => State.Recommending;
    public override IReadOnlySet<State> Final { get; } = new HashSet<State> { State.Candidate, State.Rejected, State.Withdrawn };

    protected override void Configure(StateMachine<State, Trigger> m, NominationContext ctx)
    {
        m.Configure(State.Recommending)
            .InternalTransition(Trigger.Edit, () => { })
            .Permit(Trigger.Recommend, State.CollegePartyConsent)
            .Permit(Trigger.Withdraw, State.Withdrawn);
        m.Configure(State.CollegePartyConsent)
            .Permit(Trigger.CollegePartyConsent, State.JointReview)
            .Permit(Trigger.CollegePartyReturn, State.Recommending)
            .Permit(Trigger.CollegePartyReject, State.Rejected);
        m.Configure(State.JointReview)
            .InternalTransition(Trigger.StudentWorkAgree, () => { })
            .InternalTransition(Trigger.LeagueCommitteeAgree, () => { })
            .PermitIf(Trigger.JointlyAgreed, State.PartyCommitteeDetermination, () => ctx.Nomination.JointlyAgreed, "both agreed")
            .Permit(Trigger.JointReturn, State.Recommending)
            .Permit(Trigger.JointReject, State.Rejected);
        m.Configure(State.PartyCommitteeDetermination)
            .Permit(Trigger.PartyCommitteeDetermine, State.Candidate)
            .Permit(Trigger.PartyCommitteeReturn, State.Recommending)
            .Permit(Trigger.PartyCommitteeReject, State.Rejected);
    }

    protected override NominationStep StepOf(Trigger t) => t switch
    {
        Trigger.Edit => NominationStep.Edit,
        Trigger.Recommend => NominationStep.Recommend,
        Trigger.Withdraw => NominationStep.Withdraw,
        Trigger.CollegePartyReturn or Trigger.JointReturn or Trigger.PartyCommitteeReturn => NominationStep.Return,
        Trigger.CollegePartyReject or Trigger.JointReject or Trigger.PartyCommitteeReject => NominationStep.Reject,
        _ => NominationStep.Approve,
    };

    public override Permission Authorize(Trigger trigger, NominationContext ctx) => trigger switch
    {
        Trigger.Edit or Trigger.Recommend or Trigger.Withdraw => ctx.Scoped(Role.CollegeLeague, ctx.CollegeLeagueUnitId, "access.nominee-college-league-only"),
        Trigger.CollegePartyConsent or Trigger.CollegePartyReturn or Trigger.CollegePartyReject =>
            ctx.Scoped(Role.CollegeParty, ctx.CollegePartyUnitId, "access.nominee-college-party-only"),
        Trigger.StudentWorkAgree => ctx.School(Role.StudentWorkDepartment, "access.joint-student-work-only"),
        Trigger.LeagueCommitteeAgree => ctx.School(Role.SchoolLeagueCommittee, "access.school-league-committee-only"),
        Trigger.JointReturn or Trigger.JointReject => JointReviewer(ctx),
        Trigger.PartyCommitteeDetermine or Trigger.PartyCommitteeReturn or Trigger.PartyCommitteeReject =>
            ctx.School(Role.SchoolPartyCommittee, "access.school-party-committee-only"),
        _ => ctx.Actor.IsSystem ? new Permission(true, null, null) : Permission.Refuse("access.system-only"),
    };

    /// <summary>Either joint reviewer may send the nomination back or reject it: both must agree for it to go on.</summary>
    internal static Permission JointReviewer(NominationContext ctx)
    {
        var swd = ctx.School(Role.StudentWorkDepartment, "access.joint-reviewers-only");
        return swd.Allowed ? swd : ctx.School(Role.SchoolLeagueCommittee, "access.joint-reviewers-only");
    }

    public override IReadOnlyList<Reason> Check(Trigger trigger, NominationContext ctx) => trigger switch
    {
        Trigger.StudentWorkAgree when ctx.Nomination.StudentWorkAgreedAt is not null => [new Reason(null, "nomination.already-agreed")],
        Trigger.LeagueCommitteeAgree when ctx.Nomination.LeagueCommitteeAgreedAt is not null => [new Reason(null, "nomination.already-agreed")],
        // SU-4.1/SU-4.2 at every step forward: the records may have changed since the last one.
        Trigger.Recommend or Trigger.CollegePartyConsent or Trigger.StudentWorkAgree or Trigger.LeagueCommitteeAgree or Trigger.PartyCommitteeDetermine
            => ctx.NomineeProblems(),
        _ => [],
    };

    public override void Apply(Trigger trigger, NominationContext ctx, ActionRequest request)
    {
        base.Apply(trigger, ctx, request);
        if (trigger == Trigger.StudentWorkAgree) ctx.Nomination.AgreeAsStudentWork(ctx.Now);
        if (trigger == Trigger.LeagueCommitteeAgree) ctx.Nomination.AgreeAsLeagueCommittee(ctx.Now);
        if (trigger == Trigger.PartyCommitteeDetermine) ctx.Nomination.MarkCandidate(ctx.Now);
    }

    public override Trigger? Automatic(State state, NominationContext ctx) =>
        state == State.JointReview && ctx.Nomination.JointlyAgreed ? Trigger.JointlyAgreed : null;

    public override IEnumerable<TaskSpec> Tasks(State state, NominationContext ctx)
    {
        var n = ctx.Nomination;
        switch (state)
        {
            case State.Recommending:
                yield return new TaskSpec("recommend", n.LastReturnComment is null ? "task.nomination-recommend" : "task.nomination-revise",
                    Role: Role.CollegeLeague, OrgUnitId: ctx.CollegeLeagueUnitId);
                break;
            case State.CollegePartyConsent:
                yield return new TaskSpec("college-party", "task.nomination-college-party-consent", Role: Role.CollegeParty, OrgUnitId: ctx.CollegePartyUnitId, DueIn: TimeSpan.FromDays(7));
                break;
            case State.JointReview:
                if (n.StudentWorkAgreedAt is null)
                    yield return new TaskSpec("joint:swd", "task.nomination-joint-review", Role: Role.StudentWorkDepartment, OrgUnitId: ctx.SchoolUnit(OrgUnitKind.StudentWorkDepartment), DueIn: TimeSpan.FromDays(7));
                if (n.LeagueCommitteeAgreedAt is null)
                    yield return new TaskSpec("joint:league", "task.nomination-joint-review", Role: Role.SchoolLeagueCommittee, OrgUnitId: ctx.SchoolUnit(OrgUnitKind.SchoolLeagueCommittee), DueIn: TimeSpan.FromDays(7));
                break;
            case State.PartyCommitteeDetermination:
                yield return new TaskSpec("party-committee", "task.nomination-party-committee", Role: Role.SchoolPartyCommittee, OrgUnitId: ctx.SchoolUnit(OrgUnitKind.SchoolPartyCommittee), DueIn: TimeSpan.FromDays(14));
                break;
        }
    }
}
