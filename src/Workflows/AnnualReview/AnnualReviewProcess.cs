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
/// confirms, the guidance unit gives its opinion, the review committee decides. Failing, or missing
/// the deadline, ends in cancellation only through a recorded decision of the committee's chair.
/// </summary>
public sealed class AnnualReviewProcess(TimeProvider clock) : WorkflowProcess<AnnualReviewProcess.State, AnnualReviewProcess.Trigger, AnnualReviewContext>
{
    public const string ProcessName = "association-annual-review";

    public enum State { Preparing, InstructorConfirmation, GuidanceOpinion, CommitteeDecision, Passed, PassedWithRectification, Failed, Overdue, Cancelled }

    public enum Trigger
    {
        SubmitReport, InstructorConfirm, InstructorReturn, GuidanceSubmitOpinion, GuidanceReturnReport,
        ReviewPass, ReviewPassWithRectification, ReviewFail, ReviewReturn,
        DeadlineMissed, CancelForMissedDeadline, ExtendDeadline,
    }

    public override string Name => ProcessName;
    public override State Initial => State.Preparing;
    public override IReadOnlySet<State> Final { get; } = new HashSet<State> { State.Passed, State.PassedWithRectification, State.Failed, State.Cancelled };

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
        m.Configure(State.CommitteeDecision)
            .Permit(Trigger.ReviewPass, State.Passed)
            .Permit(Trigger.ReviewPassWithRectification, State.PassedWithRectification)
            .Permit(Trigger.ReviewFail, State.Failed)
            .Permit(Trigger.ReviewReturn, State.Preparing);
        m.Configure(State.Overdue)
            .Permit(Trigger.CancelForMissedDeadline, State.Cancelled)
            .Permit(Trigger.ExtendDeadline, State.Preparing);
    }

    public override Task<AnnualReviewContext> LoadAsync(ReformFlowDb db, WorkflowInstance instance, Actor actor, CancellationToken ct) =>
        AnnualReviewContext.LoadAsync(db, instance, actor, clock.GetUtcNow(), ct);

    public override bool IsDecision(Trigger t) => t is not Trigger.DeadlineMissed;

    public override Permission Authorize(Trigger trigger, AnnualReviewContext ctx)
    {
        var a = ctx.Actor;
        return trigger switch
        {
            Trigger.SubmitReport => ctx.ActorIsLeader ? Permission.As(Role.Student) : Permission.Refuse("access.association-leader-only"),
            Trigger.InstructorConfirm or Trigger.InstructorReturn =>
                ctx.ActorIsInstructor ? Permission.As(Role.Instructor) : Permission.Refuse("access.association-instructor-only"),
            Trigger.GuidanceSubmitOpinion or Trigger.GuidanceReturnReport =>
                a.Holds(Role.GuidanceUnitReviewer, ctx.Association.GuidanceUnitId) ? Permission.As(Role.GuidanceUnitReviewer) : Permission.Refuse("access.guidance-unit-only"),
            Trigger.ReviewPass or Trigger.ReviewPassWithRectification or Trigger.ReviewFail or Trigger.ReviewReturn
                or Trigger.CancelForMissedDeadline or Trigger.ExtendDeadline =>
                a.HoldsInUniversity(Role.ReviewCommitteeChair, ctx.Association.UniversityId) ? Permission.As(Role.ReviewCommitteeChair) : Permission.Refuse("access.committee-chair-only"),
            _ => a.IsSystem ? new Permission(true, null, null) : Permission.Refuse("access.system-only"),
        };
    }

    public override IReadOnlyList<Reason> Check(Trigger trigger, AnnualReviewContext ctx)
    {
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
                r.Decide(ReviewResult.PassWithRectification, request.Comment, (request.Payload as DecisionInput)?.RectificationDeadline, ctx.Now);
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
            State.Passed or State.PassedWithRectification => ("email.review-passed.subject", "email.review-passed.body"),
            State.Failed or State.Cancelled => ("email.review-cancelled.subject", "email.review-cancelled.body"),
            State.Preparing when from != State.Overdue => ("email.review-returned.subject", "email.review-returned.body"),
            _ => null,
        };
        if (keys is not { } k) yield break;
        foreach (var leader in ctx.LeaderUserIds)
            yield return new NoticeSpec(leader, k.Subject, k.Body);
    }
}
