using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;
using Stateless;

namespace ReformFlow.Workflows.AnnualReview;

/// <summary>
/// The yearly review of one association (AS-1.5, AS-1.8, AS-1.10): the leaders report, the instructor
/// confirms, the guidance unit gives its opinion, committee members give theirs and the chair decides.
/// Failing, or missing the deadline, ends in cancellation only through a recorded decision of the committee's chair.
/// A pass with rectification is followed up in the same instance (docs/decisions/0011): the leaders report what they
/// rectified, and the chair closes the rectification or fails the association.
/// </summary>
public sealed class AnnualReviewProcess(TimeProvider clock) : WorkflowProcess<AnnualReviewProcess.State, AnnualReviewProcess.Trigger, AnnualReviewContext>
{
    public const string ProcessName = "association-annual-review";

    /// <summary><see cref="State.PassedWithRectification"/> is the leaders rectifying; <see cref="State.RectificationReview"/> the chair judging it.</summary>
    public enum State
    {
        Preparing, InstructorConfirmation, GuidanceOpinion, CommitteeDecision, Passed, PassedWithRectification, Failed, Overdue, Cancelled,
        RectificationReview, Rectified,
    }

    public enum Trigger
    {
        SubmitReport, InstructorConfirm, InstructorReturn, GuidanceSubmitOpinion, GuidanceReturnReport,
        ReviewPass, ReviewPassWithRectification, ReviewFail, ReviewReturn,
        DeadlineMissed, CancelForMissedDeadline, ExtendDeadline,
        RecordOpinion, ReportRectification, CloseRectification, ReturnRectification, FailRectification,
    }

    public override string Name => ProcessName;
    public override State Initial => State.Preparing;
    public override IReadOnlySet<State> Final { get; } = new HashSet<State> { State.Passed, State.Rectified, State.Failed, State.Cancelled };

    protected override void Configure(StateMachine<State, Trigger> m, AnnualReviewContext ctx)
    {
        m.Configure(State.Preparing)
            .PermitIf(Trigger.SubmitReport, State.InstructorConfirmation, () => Check(Trigger.SubmitReport, ctx).Count == 0, "association active AS-1.7, instructor in office AS-1.3")
            .PermitIf(Trigger.DeadlineMissed, State.Overdue, () => ctx.Now >= ctx.Report.DueAt, "deadline passed");
        m.Configure(State.InstructorConfirmation)
            .Permit(Trigger.InstructorConfirm, State.GuidanceOpinion)
            .Permit(Trigger.InstructorReturn, State.Preparing);
        m.Configure(State.GuidanceOpinion)
            .Permit(Trigger.GuidanceSubmitOpinion, State.CommitteeDecision)
            .Permit(Trigger.GuidanceReturnReport, State.Preparing);
        const string opinion = "member opinion AS-1.8";
        m.Configure(State.CommitteeDecision)
            .InternalTransition(Trigger.RecordOpinion, () => { })
            .PermitIf(Trigger.ReviewPass, State.Passed, () => Check(Trigger.ReviewPass, ctx).Count == 0, opinion)
            .PermitIf(Trigger.ReviewPassWithRectification, State.PassedWithRectification, () => Check(Trigger.ReviewPassWithRectification, ctx).Count == 0, opinion)
            .PermitIf(Trigger.ReviewFail, State.Failed, () => Check(Trigger.ReviewFail, ctx).Count == 0, opinion)
            .Permit(Trigger.ReviewReturn, State.Preparing);
        m.Configure(State.PassedWithRectification)
            .Permit(Trigger.ReportRectification, State.RectificationReview)
            .PermitIf(Trigger.FailRectification, State.Failed, () => Check(Trigger.FailRectification, ctx).Count == 0, "deadline passed AS-1.5");
        m.Configure(State.RectificationReview)
            .Permit(Trigger.CloseRectification, State.Rectified)
            .Permit(Trigger.ReturnRectification, State.PassedWithRectification)
            .Permit(Trigger.FailRectification, State.Failed);
        m.Configure(State.Overdue)
            .Permit(Trigger.CancelForMissedDeadline, State.Cancelled)
            .Permit(Trigger.ExtendDeadline, State.Preparing);
    }

    public override Task<AnnualReviewContext> LoadAsync(ReformFlowDb db, WorkflowInstance instance, Actor actor, CancellationToken ct) =>
        AnnualReviewContext.LoadAsync(db, instance, actor, clock.GetUtcNow(), ct);

    public override bool IsDecision(Trigger t) => t is not (Trigger.DeadlineMissed or Trigger.RecordOpinion);

    public override Permission Authorize(Trigger trigger, AnnualReviewContext ctx)
    {
        var a = ctx.Actor;
        return trigger switch
        {
            Trigger.SubmitReport or Trigger.ReportRectification =>
                ctx.ActorIsLeader ? Permission.As(Role.Student) : Permission.Refuse("access.association-leader-only"),
            Trigger.RecordOpinion => a.HoldsInUniversity(Role.ReviewCommitteeMember, ctx.Association.UniversityId)
                ? Permission.As(Role.ReviewCommitteeMember) : Permission.Refuse("access.committee-member-only"),
            Trigger.InstructorConfirm or Trigger.InstructorReturn =>
                ctx.ActorIsInstructor ? Permission.As(Role.Instructor) : Permission.Refuse("access.association-instructor-only"),
            Trigger.GuidanceSubmitOpinion or Trigger.GuidanceReturnReport =>
                a.Holds(Role.GuidanceUnitReviewer, ctx.Association.GuidanceUnitId) ? Permission.As(Role.GuidanceUnitReviewer) : Permission.Refuse("access.guidance-unit-only"),
            Trigger.ReviewPass or Trigger.ReviewPassWithRectification or Trigger.ReviewFail or Trigger.ReviewReturn
                or Trigger.CancelForMissedDeadline or Trigger.ExtendDeadline
                or Trigger.CloseRectification or Trigger.ReturnRectification or Trigger.FailRectification =>
                a.HoldsInUniversity(Role.ReviewCommitteeChair, ctx.Association.UniversityId) ? Permission.As(Role.ReviewCommitteeChair) : Permission.Refuse("access.committee-chair-only"),
            _ => a.IsSystem ? new Permission(true, null, null) : Permission.Refuse("access.system-only"),
        };
    }

    public override IReadOnlyList<Reason> Check(Trigger trigger, AnnualReviewContext ctx)
    {
        // AS-1.8: the committee reviews, its chair decides — not before a member has given an opinion.
        if (trigger is Trigger.ReviewPass or Trigger.ReviewPassWithRectification or Trigger.ReviewFail)
            return ctx.Report.Opinions.Count == 0 ? [new Reason("AS-1.8", "rule.committee-opinion-required")] : [];
        // AS-1.5: without a report, the chair fails a rectification only once its deadline has passed.
        if (trigger is Trigger.FailRectification && ctx.Report.RectificationReportedAt is null && !ctx.Report.RectificationOverdue(ctx.Now))
            return [new Reason("AS-1.5", "rectification.not-yet-overdue")];
        if (trigger != Trigger.SubmitReport) return [];
        var reasons = new List<Reason>();
        if (ctx.Association.Status != AssociationStatus.Active)
            reasons.Add(new Reason("AS-1.7", "association.not-active", ctx.Association.Name));
        if (ctx.Instructors.Count == 0)
            reasons.Add(new Reason("AS-1.3", "review.no-instructor"));
        return reasons;
    }

    public override void Apply(Trigger trigger, AnnualReviewContext ctx, ActionRequest request)
    {
        var r = ctx.Report;
        switch (trigger)
        {
            case Trigger.SubmitReport:
                var input = request.Payload as ReportInput ?? throw new DomainException("review.activities-required");
                r.Submit(ctx.Members.Count,
                    string.Join('\n', ctx.Members.Select(m => $"{m.Student.StudentNumber} {m.Student.Name}")),
                    string.Join("、", ctx.Members.Where(m => m.Role == MemberRole.Leader).Select(m => m.Student.Name)),
                    string.Join("、", ctx.Instructors.Select(t => t.Name)),
                    input.Activities, input.Finances, input.Violations, ctx.Now);
                break;
            case Trigger.InstructorConfirm:
                r.ConfirmByInstructor(ctx.Now);
                break;
            case Trigger.GuidanceSubmitOpinion:
                r.RecordGuidanceOpinion(request.Comment);
                break;
            case Trigger.InstructorReturn or Trigger.GuidanceReturnReport or Trigger.ReviewReturn:
                if (string.IsNullOrWhiteSpace(request.Comment)) throw new DomainException("workflow.comment-required");
                break;
            case Trigger.ReviewPass:
                r.Decide(ReviewResult.Pass, request.Comment, null, ctx.Now);
                break;
            case Trigger.ReviewPassWithRectification:
                var decision = request.Payload as DecisionInput;
                r.Decide(ReviewResult.PassWithRectification, request.Comment, decision?.RectificationDeadline, ctx.Now, decision?.Items);
                break;
            case Trigger.RecordOpinion:
                // No default: an opinion the member did not choose is refused, never recorded as "in favour".
                var vote = (request.Payload as DecisionInput)?.Vote ?? throw new DomainException("workflow.vote-required");
                r.RecordOpinion(ctx.Actor.UserId, ctx.Actor.DisplayName, vote, request.Comment, ctx.Now);
                break;
            case Trigger.ReportRectification:
                r.ReportRectification((request.Payload as DecisionInput)?.Report, ctx.Now);
                break;
            case Trigger.CloseRectification:
                r.CloseRectification(ctx.Now);
                break;
            case Trigger.ReturnRectification:
                if (string.IsNullOrWhiteSpace(request.Comment)) throw new DomainException("workflow.comment-required");
                break;
            case Trigger.FailRectification:
                r.FailRectification(request.Comment);
                break;
            case Trigger.ReviewFail:
                r.Decide(ReviewResult.Fail, request.Comment, null, ctx.Now);
                break;
            case Trigger.CancelForMissedDeadline:
                if (string.IsNullOrWhiteSpace(request.Comment)) throw new DomainException("workflow.comment-required");
                break;
            case Trigger.ExtendDeadline:
                r.ExtendDeadline((request.Payload as DecisionInput)?.RectificationDeadline ?? throw DomainException.ForMeasure("AS-1.5", "review.new-deadline-in-past"), ctx.Now);
                break;
        }
    }

    /// <summary>AS-1.10: a failed review or a missed deadline cancels the association, with the chair's reasons on record.</summary>
    public override Task EnteredAsync(State from, State to, AnnualReviewContext ctx, ActionRequest request, CancellationToken ct)
    {
        if (to is State.Failed or State.Cancelled)
            ctx.Association.Cancel(request.Comment ?? "", ctx.Now);
        return Task.CompletedTask;
    }

    public override IEnumerable<TaskSpec> Tasks(State state, AnnualReviewContext ctx)
    {
        var due = ctx.Report.DueAt - ctx.Now;
        switch (state)
        {
            case State.Preparing:
                foreach (var leader in ctx.LeaderUserIds)
                    yield return new TaskSpec($"leader:{leader}", "task.annual-report", UserId: leader, DueIn: due > TimeSpan.Zero ? due : TimeSpan.Zero);
                break;
            case State.InstructorConfirmation:
                foreach (var t in ctx.InstructorUserIds)
                    yield return new TaskSpec($"instructor:{t}", "task.annual-confirm", UserId: t, DueIn: TimeSpan.FromDays(7));
                break;
            case State.GuidanceOpinion:
                yield return new TaskSpec("guidance", "task.annual-guidance", Role: Role.GuidanceUnitReviewer, OrgUnitId: ctx.Association.GuidanceUnitId, DueIn: TimeSpan.FromDays(14));
                break;
            case State.CommitteeDecision:
                yield return new TaskSpec("committee", "task.annual-decision", Role: Role.ReviewCommitteeChair, OrgUnitId: ctx.CommitteeUnitId, DueIn: TimeSpan.FromDays(14));
                foreach (var member in ctx.CommitteeMemberUserIds.Where(m => ctx.Report.Opinions.All(o => o.MemberUserId != m)))
                    yield return new TaskSpec($"opinion:{member}", "task.annual-opinion", UserId: member, DueIn: TimeSpan.FromDays(10));
                break;
            case State.PassedWithRectification:
                // The leaders' task carries the rectification deadline, so it is reminded like every task before it falls due;
                // the rectification job escalates it to the chair once it has passed (docs/decisions/0011).
                var left = (ctx.Report.RectificationDeadline ?? ctx.Now) - ctx.Now;
                foreach (var leader in ctx.LeaderUserIds)
                    yield return new TaskSpec($"rectify:{leader}", "task.rectification-report", UserId: leader, DueIn: left > TimeSpan.Zero ? left : TimeSpan.Zero);
                break;
            case State.RectificationReview:
                yield return new TaskSpec("rectification", "task.rectification-close", Role: Role.ReviewCommitteeChair, OrgUnitId: ctx.CommitteeUnitId, DueIn: TimeSpan.FromDays(14));
                break;
            case State.Overdue:
                yield return new TaskSpec("overdue", "task.annual-overdue", Role: Role.ReviewCommitteeChair, OrgUnitId: ctx.CommitteeUnitId, DueIn: TimeSpan.FromDays(7));
                break;
        }
    }

    public override IEnumerable<NoticeSpec> Notices(State from, State to, AnnualReviewContext ctx)
    {
        (string Subject, string Body)? keys = to switch
        {
            State.Passed or State.PassedWithRectification when from == State.CommitteeDecision => ("email.review-passed.subject", "email.review-passed.body"),
            State.PassedWithRectification => ("email.rectification-returned.subject", "email.rectification-returned.body"),
            State.Rectified => ("email.rectified.subject", "email.rectified.body"),
            State.Failed or State.Cancelled => ("email.review-cancelled.subject", "email.review-cancelled.body"),
            State.Preparing when from != State.Overdue => ("email.review-returned.subject", "email.review-returned.body"),
            _ => null,
        };
        if (keys is not { } k) yield break;
        foreach (var leader in ctx.LeaderUserIds)
            yield return new NoticeSpec(leader, k.Subject, k.Body);
    }
}
