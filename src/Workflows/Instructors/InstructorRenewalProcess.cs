using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;
using Stateless;

namespace ReformFlow.Workflows.Instructors;

/// <summary>
/// Re-appointing an association's instructor, or appointing another teacher from the bank (AS-2.1, AS-2.2, AS-1.3):
/// the leaders propose (<see cref="InstructorRenewalService.ProposeAsync"/>), the teacher accepts or declines, the
/// guidance unit approves, returns to the leaders or rejects. On approval the term restarts for one year (from the
/// old end while it runs, else from the approval), or the other teacher gets a new one-year appointment. The founding
/// guards (bank, at most two associations, Party membership for the two categories) are checked again at every step.
/// </summary>
public sealed class InstructorRenewalProcess(TimeProvider clock)
    : WorkflowProcess<InstructorRenewalProcess.State, InstructorRenewalProcess.Trigger, InstructorRenewalContext>
{
    public const string ProcessName = "instructor-renewal";
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromDays(14);

    public enum State { AwaitingTeacher, GuidanceReview, ReturnedToLeaders, Renewed, Declined, Rejected, Withdrawn }

    public enum Trigger { AcceptInstruction, DeclineInstruction, GuidanceApprove, GuidanceReturn, GuidanceReject, Resubmit, Withdraw }

    public override string Name => ProcessName;
    public override State Initial => State.AwaitingTeacher;
    public override IReadOnlySet<State> Final { get; } = new HashSet<State> { State.Renewed, State.Declined, State.Rejected, State.Withdrawn };

    protected override void Configure(StateMachine<State, Trigger> m, InstructorRenewalContext ctx)
    {
        m.Configure(State.AwaitingTeacher)
            .PermitIf(Trigger.AcceptInstruction, State.GuidanceReview, () => Check(Trigger.AcceptInstruction, ctx).Count == 0, "bank AS-2.1, at most 2, Party member AS-2.2")
            .Permit(Trigger.DeclineInstruction, State.Declined)
            .Permit(Trigger.Withdraw, State.Withdrawn);
        m.Configure(State.GuidanceReview)
            .PermitIf(Trigger.GuidanceApprove, State.Renewed, () => Check(Trigger.GuidanceApprove, ctx).Count == 0, "bank AS-2.1, at most 2, Party member AS-2.2")
            .Permit(Trigger.GuidanceReturn, State.ReturnedToLeaders)
            .Permit(Trigger.GuidanceReject, State.Rejected);
        m.Configure(State.ReturnedToLeaders)
            .PermitIf(Trigger.Resubmit, State.GuidanceReview, () => Check(Trigger.Resubmit, ctx).Count == 0, "bank AS-2.1, at most 2, Party member AS-2.2")
            .Permit(Trigger.Withdraw, State.Withdrawn);
    }

    public override Task<InstructorRenewalContext> LoadAsync(ReformFlowDb db, WorkflowInstance instance, Actor actor, CancellationToken ct) =>
        InstructorRenewalContext.LoadAsync(db, instance, actor, clock.GetUtcNow(), ct);

    public override bool IsDecision(Trigger t) => t is Trigger.GuidanceApprove or Trigger.GuidanceReturn or Trigger.GuidanceReject;

    public override Permission Authorize(Trigger trigger, InstructorRenewalContext ctx) => trigger switch
    {
        Trigger.AcceptInstruction or Trigger.DeclineInstruction =>
            ctx.ActorIsTeacher ? Permission.As(Role.Instructor) : Permission.Refuse("access.renewal-teacher-only"),
        Trigger.Resubmit or Trigger.Withdraw =>
            ctx.ActorIsLeader ? Permission.As(Role.Student) : Permission.Refuse("access.association-leader-only"),
        _ => ctx.Actor.Holds(Role.GuidanceUnitReviewer, ctx.Association.GuidanceUnitId)
            ? Permission.As(Role.GuidanceUnitReviewer) : Permission.Refuse("access.guidance-unit-only"),
    };

    public override IReadOnlyList<Reason> Check(Trigger trigger, InstructorRenewalContext ctx) => trigger switch
    {
        Trigger.AcceptInstruction or Trigger.GuidanceApprove or Trigger.Resubmit => Guards(ctx.Association, ctx.Teacher, ctx.Current),
        _ => [],
    };

    /// <summary>
    /// The founding guards, at proposal and at every step that moves the renewal on: an active association (AS-1.7),
    /// the founding rules for the teacher (AS-2.1, AS-2.2, reused from <see cref="FoundingRules"/>), and an appointment
    /// to renew that was not ended early (AS-2.4).
    /// </summary>
    public static IReadOnlyList<Reason> Guards(Association association, InstructorFacts teacher, InstructorAppointment? current)
    {
        var reasons = new List<Reason>();
        if (association.Status != AssociationStatus.Active)
            reasons.Add(new Reason("AS-1.7", "association.not-active", association.Name));
        reasons.AddRange(FoundingRules.CheckInstructorAccept(association.Category, teacher));
        if (current?.EndedAt is not null)
            reasons.Add(new Reason("AS-2.4", "rule.renewal-appointment-ended"));
        return reasons;
    }

    public override void Apply(Trigger trigger, InstructorRenewalContext ctx, ActionRequest request)
    {
        // Returning and rejecting tell the leaders why; declining may stay silent.
        if (trigger is Trigger.GuidanceReturn or Trigger.GuidanceReject && string.IsNullOrWhiteSpace(request.Comment))
            throw new DomainException("workflow.comment-required");
    }

    /// <summary>Approval restarts the term, or makes the other teacher's one-year appointment, in the same transaction.</summary>
    public override Task EnteredAsync(State from, State to, InstructorRenewalContext ctx, ActionRequest request, CancellationToken ct)
    {
        if (to != State.Renewed) return Task.CompletedTask;
        if (ctx.Renewal.Complete(ctx.Current, ctx.Now) is { } made) ctx.Db.InstructorAppointments.Add(made);
        return Task.CompletedTask;
    }

    public override IEnumerable<TaskSpec> Tasks(State state, InstructorRenewalContext ctx)
    {
        switch (state)
        {
            case State.AwaitingTeacher when ctx.TeacherUserId is not null:
                yield return new TaskSpec("teacher", "task.renewal-answer", UserId: ctx.TeacherUserId, DueIn: AnswerWithin);
                break;
            case State.GuidanceReview:
                yield return new TaskSpec("guidance", "task.renewal-guidance", Role: Role.GuidanceUnitReviewer, OrgUnitId: ctx.Association.GuidanceUnitId, DueIn: AnswerWithin);
                break;
            case State.ReturnedToLeaders:
                foreach (var leader in ctx.LeaderUserIds)
                    yield return new TaskSpec($"leader:{leader}", "task.renewal-returned", UserId: leader, DueIn: AnswerWithin);
                break;
        }
    }

    /// <summary>The leaders and the teacher hear how it ended; the leaders hear when the teacher accepted.</summary>
    public override IEnumerable<NoticeSpec> Notices(State from, State to, InstructorRenewalContext ctx)
    {
        (string Subject, string Body, bool Teacher)? keys = to switch
        {
            State.Renewed => ("email.renewal-renewed.subject", "email.renewal-renewed.body", true),
            State.Rejected => ("email.renewal-rejected.subject", "email.renewal-rejected.body", true),
            State.Declined => ("email.renewal-declined.subject", "email.renewal-declined.body", false),
            _ => null,
        };
        if (keys is not { } k) yield break;
        var users = k.Teacher ? ctx.LeaderUserIds.Append(ctx.TeacherUserId) : ctx.LeaderUserIds;
        foreach (var user in users.OfType<string>().Distinct())
            yield return new NoticeSpec(user, k.Subject, k.Body);
    }
}
