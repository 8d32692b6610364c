using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;
using Stateless;

namespace ReformFlow.Workflows.Associations;

/// <summary>Data a draft edit carries (already resolved to ids by <see cref="FoundingService"/>).</summary>
public sealed record DraftInput(
    string Name, AssociationCategory Category, string Purpose, Guid GuidanceUnitId, string? CharterText,
    bool DeclaresNoOutsideSponsor, bool DeclaresNoForeignAffairs, IReadOnlyList<Guid> InstructorTeacherIds);

/// <summary>
/// Founding a student association (AS-1.1 … AS-1.8, AS-2.1, AS-2.2, AS-3.2): the whole transition
/// table, who may fire each trigger, the guards with their reasons, and the tasks of each state.
/// </summary>
public sealed class FoundingProcess(TimeProvider clock) : WorkflowProcess<FoundingProcess.State, FoundingProcess.Trigger, FoundingContext>
{
    public const string ProcessName = "association-founding";
    /// <summary>The key of an invited sponsor's task is this prefix and the student's id.</summary>
    public const string SponsorTaskPrefix = "sponsor:";

    public enum State { Draft, AwaitingInstructors, GuidanceReview, CommitteeReview, Registered, Rejected, Withdrawn }

    public enum Trigger
    {
        Edit, AttachCharter, InviteSponsors, RemoveSponsor, ConfirmSponsorship, DeclineSponsorship, Submit, Withdraw,
        AcceptInstruction, DeclineInstruction, InstructorsAccepted, NoInstructorAccepted,
        GuidanceApprove, GuidanceReturn, GuidanceReject,
        RecordOpinion, CommitteeApprove, CommitteeReturn, CommitteeReject,
    }

    public override string Name => ProcessName;
    public override State Initial => State.Draft;
    public override IReadOnlySet<State> Final { get; } = new HashSet<State> { State.Registered, State.Rejected, State.Withdrawn };

    protected override void Configure(StateMachine<State, Trigger> m, FoundingContext ctx)
    {
        m.Configure(State.Draft)
            .InternalTransition(Trigger.Edit, () => { })
            .InternalTransition(Trigger.AttachCharter, () => { })
            .InternalTransition(Trigger.InviteSponsors, () => { })
            .InternalTransition(Trigger.RemoveSponsor, () => { })
            .InternalTransition(Trigger.ConfirmSponsorship, () => { })
            .InternalTransition(Trigger.DeclineSponsorship, () => { })
            .PermitIf(Trigger.Submit, State.AwaitingInstructors, () => Check(Trigger.Submit, ctx).Count == 0,
                "20 eligible sponsors AS-1.1 AS-3.2, guidance unit AS-1.2, instructor AS-1.3, charter AS-1.4, declaration AS-1.6")
            .Permit(Trigger.Withdraw, State.Withdrawn);

        m.Configure(State.AwaitingInstructors)
            .InternalTransition(Trigger.AcceptInstruction, () => { })
            .InternalTransition(Trigger.DeclineInstruction, () => { })
            .PermitIf(Trigger.InstructorsAccepted, State.GuidanceReview,
                () => ctx.App.AllInstructorsResponded && ctx.App.AnyInstructorAccepted, "all answered, one accepted AS-1.3")
            .PermitIf(Trigger.NoInstructorAccepted, State.Draft,
                () => ctx.App.AllInstructorsResponded && !ctx.App.AnyInstructorAccepted, "all declined");

        m.Configure(State.GuidanceReview)
            .Permit(Trigger.GuidanceApprove, State.CommitteeReview)
            .Permit(Trigger.GuidanceReturn, State.Draft)
            .Permit(Trigger.GuidanceReject, State.Rejected);

        m.Configure(State.CommitteeReview)
            .InternalTransition(Trigger.RecordOpinion, () => { })
            .PermitIf(Trigger.CommitteeApprove, State.Registered, () => Check(Trigger.CommitteeApprove, ctx).Count == 0,
                "member opinion AS-1.8, sponsors enrolled AS-3.1 and in at most 2 associations AS-3.2")
            .Permit(Trigger.CommitteeReturn, State.Draft)
            .Permit(Trigger.CommitteeReject, State.Rejected);
    }

    public override Task<FoundingContext> LoadAsync(ReformFlowDb db, WorkflowInstance instance, Actor actor, CancellationToken ct) =>
        FoundingContext.LoadAsync(db, instance, actor, clock.GetUtcNow(), ct);

    public override bool IsDecision(Trigger t) => t is Trigger.Submit or Trigger.Withdraw
        or Trigger.GuidanceApprove or Trigger.GuidanceReturn or Trigger.GuidanceReject
        or Trigger.CommitteeApprove or Trigger.CommitteeReturn or Trigger.CommitteeReject;

    /// <summary>A draft edit replaces every field: one based on an old view would silently undo the other writer's edit.</summary>
    public override bool ChecksVersion(Trigger t) => IsDecision(t) || t is Trigger.Edit;

    public override Permission Authorize(Trigger trigger, FoundingContext ctx)
    {
        var a = ctx.Actor;
        switch (trigger)
        {
            case Trigger.Edit or Trigger.AttachCharter or Trigger.InviteSponsors or Trigger.RemoveSponsor or Trigger.Submit or Trigger.Withdraw:
                return ctx.ActorIsInitiator ? Permission.As(Role.Student) : Permission.Refuse("access.initiator-only");
            case Trigger.ConfirmSponsorship or Trigger.DeclineSponsorship:
                return a.StudentId is { } sid && ctx.App.Sponsors.Any(s => s.StudentId == sid) && !ctx.ActorIsInitiator
                    ? Permission.As(Role.Student) : Permission.Refuse("access.invited-sponsor-only");
            case Trigger.AcceptInstruction or Trigger.DeclineInstruction:
                return a.TeacherId is { } tid && ctx.App.Instructors.Any(i => i.TeacherId == tid && i.Response == InstructorResponse.Pending)
                    ? Permission.As(Role.Instructor) : Permission.Refuse("access.proposed-instructor-only");
            case Trigger.GuidanceApprove or Trigger.GuidanceReturn or Trigger.GuidanceReject:
                return ctx.App.GuidanceUnitId is { } gid && a.Holds(Role.GuidanceUnitReviewer, gid)
                    ? Permission.As(Role.GuidanceUnitReviewer) : Permission.Refuse("access.guidance-unit-only");
            case Trigger.RecordOpinion:
                return a.HoldsInUniversity(Role.ReviewCommitteeMember, ctx.App.UniversityId)
                    ? Permission.As(Role.ReviewCommitteeMember) : Permission.Refuse("access.committee-member-only");
            case Trigger.CommitteeApprove or Trigger.CommitteeReturn or Trigger.CommitteeReject:
                return a.HoldsInUniversity(Role.ReviewCommitteeChair, ctx.App.UniversityId)
                    ? Permission.As(Role.ReviewCommitteeChair) : Permission.Refuse("access.committee-chair-only");
            default:
                return a.IsSystem ? new Permission(true, null, null) : Permission.Refuse("access.system-only");
        }
    }

    public override IReadOnlyList<Reason> Check(Trigger trigger, FoundingContext ctx) => trigger switch
    {
        Trigger.Submit => FoundingRules.CheckSubmit(ctx.App, ctx.ConfirmedSponsors, ctx.GuidanceUnit),
        Trigger.AcceptInstruction => ctx.ActorAsInstructor is { } f ? FoundingRules.CheckInstructorAccept(ctx.App.Category, f) : [],
        Trigger.GuidanceReturn or Trigger.GuidanceReject or Trigger.CommitteeReturn or Trigger.CommitteeReject => [],
        Trigger.CommitteeApprove => ctx.App.Opinions.Count == 0
            ? [new Reason("AS-1.8", "rule.committee-opinion-required"), .. FoundingRules.CheckRegistration(ctx.ConfirmedSponsorsAtRegistration, ctx.App.AnyInstructorAccepted)]
            : FoundingRules.CheckRegistration(ctx.ConfirmedSponsorsAtRegistration, ctx.App.AnyInstructorAccepted),
        _ => [],
    };

    public override void Apply(Trigger trigger, FoundingContext ctx, ActionRequest request)
    {
        var app = ctx.App;
        switch (trigger)
        {
            case Trigger.Edit:
                var d = (DraftInput)request.Payload!;
                app.Edit(d.Name, d.Category, d.Purpose, d.GuidanceUnitId, d.CharterText, d.DeclaresNoOutsideSponsor, d.DeclaresNoForeignAffairs);
                app.ProposeInstructors(d.InstructorTeacherIds);
                ctx.Instance.Title = app.Name;
                break;
            case Trigger.AttachCharter:
                // The file is stored in this transaction, so a refused upload stores nothing; the file it
                // replaces goes, so re-uploading keeps one attachment per application.
                var file = (Attachment)request.Payload!;
                var replaced = app.CharterAttachmentId;
                app.AttachCharter(file.Id, file.FileName);
                ctx.Db.Attachments.Add(file);
                if (replaced is { } old && old != file.Id)
                    ctx.Db.Entry(new Attachment { Id = old }).State = EntityState.Deleted;
                break;
            case Trigger.InviteSponsors:
                app.InviteSponsors((IReadOnlyList<Guid>)request.Payload!, ctx.InvitationsSentInLastDay);
                break;
            case Trigger.RemoveSponsor:
                app.RemoveSponsor((Guid)request.Payload!);
                break;
            case Trigger.ConfirmSponsorship or Trigger.DeclineSponsorship:
                app.RespondAsSponsor(ctx.Actor.StudentId!.Value, trigger == Trigger.ConfirmSponsorship, ctx.Now);
                break;
            case Trigger.Submit:
                app.MarkSubmitted(ctx.Now);
                break;
            case Trigger.AcceptInstruction or Trigger.DeclineInstruction:
                app.RespondAsInstructor(ctx.Actor.TeacherId!.Value, trigger == Trigger.AcceptInstruction, request.Comment, ctx.Now);
                break;
            case Trigger.GuidanceReturn or Trigger.GuidanceReject or Trigger.CommitteeReturn or Trigger.CommitteeReject:
                if (string.IsNullOrWhiteSpace(request.Comment)) throw new DomainException("workflow.comment-required");
                app.MarkReturned(request.Comment.Trim());
                break;
            case Trigger.NoInstructorAccepted:
                app.MarkReturned(null);
                break;
            case Trigger.RecordOpinion:
                // No default: an opinion the member did not choose is refused, never recorded as "in favour".
                var vote = request.Payload is CommitteeVote v ? v : throw new DomainException("workflow.vote-required");
                app.RecordOpinion(ctx.Actor.UserId, ctx.Actor.DisplayName, vote, request.Comment, ctx.Now);
                break;
        }
    }

    public override Trigger? Automatic(State state, FoundingContext ctx) => state == State.AwaitingInstructors && ctx.App.AllInstructorsResponded
        ? (ctx.App.AnyInstructorAccepted ? Trigger.InstructorsAccepted : Trigger.NoInstructorAccepted)
        : null;

    public override async Task EnteredAsync(State from, State to, FoundingContext ctx, ActionRequest request, CancellationToken ct)
    {
        if (to != State.Registered) return;
        await AssociationRegistrar.RegisterAsync(ctx, ct);
    }

    public override Task BeforeTasksAsync(FoundingContext ctx, CancellationToken ct) => ctx.LoadPeopleAsync(ct);

    public override IEnumerable<TaskSpec> Tasks(State state, FoundingContext ctx)
    {
        var app = ctx.App;
        switch (state)
        {
            case State.Draft:
                if (ctx.UserIdByStudent.TryGetValue(app.InitiatorStudentId, out var initiator))
                    yield return new TaskSpec("initiator", app.LastReturnComment is null && app.SubmittedAt is null
                        ? "task.complete-application" : "task.revise-application", UserId: initiator);
                foreach (var s in app.Sponsors.Where(s => s.Status == SponsorStatus.Invited))
                    if (ctx.UserIdByStudent.TryGetValue(s.StudentId, out var uid))
                        yield return new TaskSpec($"{SponsorTaskPrefix}{s.StudentId}", "task.confirm-sponsorship", UserId: uid, DueIn: TimeSpan.FromDays(7));
                break;
            case State.AwaitingInstructors:
                foreach (var i in app.Instructors.Where(i => i.Response == InstructorResponse.Pending))
                    if (ctx.UserIdByTeacher.TryGetValue(i.TeacherId, out var uid))
                        yield return new TaskSpec($"instructor:{i.TeacherId}", "task.answer-instruction", UserId: uid, DueIn: TimeSpan.FromDays(7));
                break;
            case State.GuidanceReview:
                yield return new TaskSpec("guidance", "task.guidance-review", Role: Role.GuidanceUnitReviewer, OrgUnitId: app.GuidanceUnitId, DueIn: TimeSpan.FromDays(14));
                break;
            case State.CommitteeReview:
                yield return new TaskSpec("committee-decision", "task.committee-decision", Role: Role.ReviewCommitteeChair, OrgUnitId: ctx.CommitteeUnitId, DueIn: TimeSpan.FromDays(14));
                foreach (var member in ctx.CommitteeMemberUserIds.Where(m => app.Opinions.All(o => o.MemberUserId != m)))
                    yield return new TaskSpec($"opinion:{member}", "task.committee-opinion", UserId: member, DueIn: TimeSpan.FromDays(10));
                break;
        }
    }

    public override IEnumerable<NoticeSpec> Notices(State from, State to, FoundingContext ctx)
    {
        if (!ctx.UserIdByStudent.TryGetValue(ctx.App.InitiatorStudentId, out var initiator)) yield break;
        if (to == State.Registered) yield return new NoticeSpec(initiator, "email.registered.subject", "email.registered.body");
        else if (to == State.Rejected) yield return new NoticeSpec(initiator, "email.rejected.subject", "email.rejected.body");
        else if (to == State.Draft && from != State.Draft) yield return new NoticeSpec(initiator, "email.returned.subject", "email.returned.body");
    }
}
