using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Runtime;
using Stateless;

namespace ReformFlow.Workflows.Instructors;

/// <summary>
/// The yearly evaluation of one instructor appointment (AS-2.3, AS-2.4): the association's current members
/// rate during the rating window; the leaders (once everyone has rated) or the system (when the window
/// ends) close it; the guidance unit gives its opinion; the student work department decides excellent,
/// competent or failed. Failed dismisses the teacher as instructor: every running appointment of the
/// teacher at the university ends, not only this association's (docs/decisions/0007).
/// </summary>
public sealed class InstructorEvaluationProcess(TimeProvider clock, IOptions<AppOptions> options)
    : WorkflowProcess<InstructorEvaluationProcess.State, InstructorEvaluationProcess.Trigger, InstructorEvaluationContext>
{
    public const string ProcessName = "instructor-evaluation";

    // "Dismissed" rather than "Failed": state names are shared texts, and the annual review's Failed means a cancelled association.
    public enum State { MemberRating, GuidanceOpinion, Decision, Excellent, Competent, Dismissed, AppointmentEnded }

    public enum Trigger { Rate, CloseRating, GuidanceSubmitOpinion, DecideExcellent, DecideCompetent, DecideFailed, CloseForEndedAppointment }

    public override string Name => ProcessName;
    public override State Initial => State.MemberRating;
    public override IReadOnlySet<State> Final { get; } = new HashSet<State> { State.Excellent, State.Competent, State.Dismissed, State.AppointmentEnded };

    protected override void Configure(StateMachine<State, Trigger> m, InstructorEvaluationContext ctx)
    {
        // An evaluation of an appointment that has ended (its teacher dismissed in another association) has
        // nothing left to decide: the system closes it, with the reason in its history.
        foreach (var open in new[] { State.MemberRating, State.GuidanceOpinion, State.Decision })
            m.Configure(open).PermitIf(Trigger.CloseForEndedAppointment, State.AppointmentEnded, () => ctx.AppointmentEnded, "appointment ended AS-2.4");
        m.Configure(State.MemberRating)
            .InternalTransition(Trigger.Rate, () => { })
            .PermitIf(Trigger.CloseRating, State.GuidanceOpinion, () => Check(Trigger.CloseRating, ctx).Count == 0, "window ended, or every member rated AS-2.3");
        m.Configure(State.GuidanceOpinion)
            .Permit(Trigger.GuidanceSubmitOpinion, State.Decision);
        m.Configure(State.Decision)
            .Permit(Trigger.DecideExcellent, State.Excellent)
            .Permit(Trigger.DecideCompetent, State.Competent)
            .Permit(Trigger.DecideFailed, State.Dismissed);
    }

    public override Task<InstructorEvaluationContext> LoadAsync(ReformFlowDb db, WorkflowInstance instance, Actor actor, CancellationToken ct) =>
        InstructorEvaluationContext.LoadAsync(db, instance, actor, clock.GetUtcNow(), ct);

    // Members rate independently and the system closes without a view; only the opinion and the result are decisions.
    public override bool IsDecision(Trigger t) => t is not (Trigger.Rate or Trigger.CloseRating or Trigger.CloseForEndedAppointment);

    public override Permission Authorize(Trigger trigger, InstructorEvaluationContext ctx)
    {
        var a = ctx.Actor;
        return trigger switch
        {
            Trigger.Rate => ctx.ActorIsMember ? Permission.As(Role.Student) : Permission.Refuse("access.association-member-only"),
            Trigger.CloseRating or Trigger.CloseForEndedAppointment when a.IsSystem => new Permission(true, null, null),
            Trigger.CloseForEndedAppointment => Permission.Refuse("access.system-only"),
            Trigger.CloseRating => ctx.ActorIsLeader ? Permission.As(Role.Student) : Permission.Refuse("access.association-leader-only"),
            Trigger.GuidanceSubmitOpinion =>
                a.Holds(Role.GuidanceUnitReviewer, ctx.Association.GuidanceUnitId) ? Permission.As(Role.GuidanceUnitReviewer) : Permission.Refuse("access.guidance-unit-only"),
            _ => a.HoldsInUniversity(Role.StudentWorkDepartment, ctx.Association.UniversityId)
                ? Permission.As(Role.StudentWorkDepartment) : Permission.Refuse("access.evaluation-decider-only"),
        };
    }

    public override IReadOnlyList<Reason> Check(Trigger trigger, InstructorEvaluationContext ctx)
    {
        var reasons = new List<Reason>();
        if (ctx.AppointmentEnded && trigger != Trigger.CloseForEndedAppointment)
            reasons.Add(new Reason("AS-2.4", "evaluation.appointment-ended", ctx.Teacher.Name, ctx.Association.Name));
        switch (trigger)
        {
            case Trigger.Rate:
                // AS-1.7: an association that is not active carries out nothing, rating included.
                if (ctx.Association.Status != AssociationStatus.Active)
                    reasons.Add(new Reason("AS-1.7", "association.not-active", ctx.Association.Name));
                if (!ctx.Evaluation.WindowOpen(ctx.Now))
                    reasons.Add(new Reason("AS-2.3", "evaluation.window-closed"));
                break;
            // Leaders may not cut the members' window short: before it ends, only once every member has rated.
            case Trigger.CloseRating when ctx.Now < ctx.Evaluation.RatingEndsAt && (ctx.Actor.IsSystem || !ctx.EveryMemberRated):
                reasons.Add(new Reason("AS-2.3", "evaluation.window-still-open", ctx.Evaluation.Ratings.Count, ctx.Members.Count));
                break;
        }
        return reasons;
    }

    public override void Apply(Trigger trigger, InstructorEvaluationContext ctx, ActionRequest request)
    {
        var e = ctx.Evaluation;
        switch (trigger)
        {
            case Trigger.Rate:
                var input = request.Payload as RatingInput ?? throw new DomainException("evaluation.rating-invalid");
                e.Rate(ctx.Actor.StudentId!.Value, input.Rating, request.Comment, ctx.Now);
                break;
            case Trigger.CloseRating:
                e.CloseRating(ctx.Now);
                break;
            case Trigger.GuidanceSubmitOpinion:
                e.RecordGuidanceOpinion(request.Comment);
                break;
            case Trigger.DecideExcellent:
                e.Decide(EvaluationResult.Excellent, request.Comment, ctx.Now);
                break;
            case Trigger.DecideCompetent:
                e.Decide(EvaluationResult.Competent, request.Comment, ctx.Now);
                break;
            case Trigger.DecideFailed:
                e.Decide(EvaluationResult.Failed, request.Comment, ctx.Now);
                break;
        }
    }

    /// <summary>
    /// AS-2.4: a failed instructor is dismissed. Every running appointment of the teacher at the university
    /// ends now; the associations left without an instructor are flagged by the instructor term job (AS-1.3).
    /// The teacher and the leaders of each association concerned are told, each with their association's link.
    /// </summary>
    public override async Task EnteredAsync(State from, State to, InstructorEvaluationContext ctx, ActionRequest request, CancellationToken ct)
    {
        if (to != State.Dismissed) return;
        var db = ctx.Db;
        var running = await db.RunningAppointments(ctx.Now)
            .Where(a => a.TeacherId == ctx.Evaluation.TeacherId && a.UniversityId == ctx.Evaluation.UniversityId)
            .ToListAsync(ct);
        foreach (var appointment in running) appointment.End(ctx.Evaluation.DecisionReason!, ctx.Now);

        var ids = running.Select(a => a.AssociationId).Append(ctx.Association.Id).Distinct().ToList();
        var associations = await db.Associations.AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.RegistrationNumber)
            .Select(a => new { a.Id, a.Name }).ToListAsync(ct);
        var notifier = new Notifier(db, clock, options);
        var reason = ctx.Evaluation.DecisionReason!;
        var names = string.Join("、", associations.Select(a => a.Name));
        if (ctx.TeacherUserId is { } teacherUser)
            await notifier.QueueNoticeAsync(teacherUser, null, null, ctx.Evaluation.UniversityId, "email.evaluation-failed-teacher.subject", "email.evaluation-failed-teacher.body",
                [ctx.Teacher.Name, names, reason, notifier.LinkTo($"/Workflows/{ctx.Instance.Id}")], ct);
        foreach (var association in associations)
        {
            var leaders = await db.CurrentLeaders().Where(m => m.AssociationId == association.Id)
                .Join(db.Users, m => m.StudentId, u => u.StudentId, (m, u) => u.Id).ToListAsync(ct);
            foreach (var leader in leaders)
                await notifier.QueueNoticeAsync(leader, null, null, ctx.Evaluation.UniversityId, "email.evaluation-failed-leader.subject", "email.evaluation-failed-leader.body",
                    [ctx.Teacher.Name, association.Name, reason, notifier.LinkTo($"/Associations/Details/{association.Id}")], ct);
        }
    }

    public override IEnumerable<TaskSpec> Tasks(State state, InstructorEvaluationContext ctx)
    {
        switch (state)
        {
            case State.MemberRating:
                var left = ctx.Evaluation.RatingEndsAt - ctx.Now;
                foreach (var m in ctx.Members.Where(m => m.UserId is not null && ctx.Evaluation.Ratings.All(r => r.StudentId != m.Student.Id)))
                    yield return new TaskSpec($"rate:{m.UserId}", "task.evaluation-rate", UserId: m.UserId, DueIn: left > TimeSpan.Zero ? left : TimeSpan.Zero);
                break;
            case State.GuidanceOpinion:
                yield return new TaskSpec("guidance", "task.evaluation-guidance", Role: Role.GuidanceUnitReviewer, OrgUnitId: ctx.Association.GuidanceUnitId, DueIn: TimeSpan.FromDays(14));
                break;
            case State.Decision:
                yield return new TaskSpec("decision", "task.evaluation-decision", Role: Role.StudentWorkDepartment, OrgUnitId: ctx.StudentWorkDepartmentUnitId, DueIn: TimeSpan.FromDays(14));
                break;
        }
    }

    /// <summary>Excellent and competent are told to the teacher and the leaders; a dismissal is told in <see cref="EnteredAsync"/>.</summary>
    public override IEnumerable<NoticeSpec> Notices(State from, State to, InstructorEvaluationContext ctx)
    {
        (string Subject, string Body)? keys = to switch
        {
            State.Excellent => ("email.evaluation-excellent.subject", "email.evaluation-excellent.body"),
            State.Competent => ("email.evaluation-competent.subject", "email.evaluation-competent.body"),
            _ => null,
        };
        if (keys is not { } k) yield break;
        foreach (var user in ctx.LeaderUserIds.Prepend(ctx.TeacherUserId).OfType<string>().Distinct())
            yield return new NoticeSpec(user, k.Subject, k.Body);
    }
}
