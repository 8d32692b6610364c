using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Instructors;

/// <summary>A member's rating with their name; only those who weigh the ratings (guidance unit, student work department) see these.</summary>
public sealed record RatingView(string StudentNumber, string Student, EvaluationResult Rating, string? Comment, DateTimeOffset RatedAt);

public sealed record EvaluationView(
    Guid InstanceId, string State, int Version, bool IsClosed, string Title, int AcademicYear,
    string Teacher, string StaffNumber, Guid AssociationId, string Association, string RegistrationNumber, AssociationStatus AssociationStatus,
    DateTimeOffset OpenedAt, DateTimeOffset RatingEndsAt, DateTimeOffset? RatingClosedAt, int MemberCount,
    IReadOnlyDictionary<EvaluationResult, int> RatingCounts, EvaluationResult? MyRating, string? MyComment, IReadOnlyList<RatingView>? Ratings,
    string? GuidanceOpinion, EvaluationResult? Result, string? DecisionReason, DateTimeOffset? DecidedAt,
    IReadOnlyList<HistoryView> History, IReadOnlyList<ActionView> Actions, string Diagram);

public sealed class InstructorEvaluationQueries(ReformFlowDb db, InstructorEvaluationProcess process)
{
    /// <summary>One evaluation, or null when it is not the actor's to see (another university, another unit, not a member).</summary>
    public async Task<EvaluationView?> GetAsync(Actor actor, Guid instanceId, CancellationToken ct)
    {
        var instance = await db.WorkflowInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId && i.Process == process.Name, ct);
        if (instance is null || instance.UniversityId != actor.UniversityId) return null;
        var ctx = await process.LoadAsync(db, instance, actor, ct);
        var weighs = InstructorEvaluationService.SeesAll(actor, instance.UniversityId) || actor.Holds(Role.GuidanceUnitReviewer, ctx.Association.GuidanceUnitId);
        if (!weighs && !ctx.ActorIsMember && !ctx.ActorIsTeacher) return null;

        var e = ctx.Evaluation;
        var a = ctx.Association;
        var mine = e.Ratings.FirstOrDefault(r => r.StudentId == actor.StudentId);
        IReadOnlyList<RatingView>? ratings = null;
        if (weighs)
        {
            var ids = e.Ratings.Select(r => r.StudentId).ToList();
            var students = await db.Students.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
            ratings = e.Ratings.OrderBy(r => students[r.StudentId].StudentNumber)
                .Select(r => new RatingView(students[r.StudentId].StudentNumber, students[r.StudentId].Name, r.Rating, r.Comment, r.RatedAt)).ToList();
        }
        // Members and the teacher see how the ratings fall, not who gave which: members rate their instructor freely.
        return new EvaluationView(instance.Id, instance.State, instance.Version, instance.IsClosed, instance.Title, e.AcademicYear,
            ctx.Teacher.Name, ctx.Teacher.StaffNumber, a.Id, a.Name, a.RegistrationNumber, a.Status,
            e.OpenedAt, e.RatingEndsAt, e.RatingClosedAt, ctx.Members.Count,
            Enum.GetValues<EvaluationResult>().ToDictionary(r => r, e.Count), mine?.Rating, mine?.Comment, ratings,
            e.GuidanceOpinion, e.Result, e.DecisionReason, e.DecidedAt,
            await HistoryAsync(instance.Id, weighs, ct), process.AvailableActions(instance.State, ctx), process.Diagram());
    }

    /// <summary>The history; for members and the teacher, who rated (and their comment) is left out of the rating rows.</summary>
    private async Task<IReadOnlyList<HistoryView>> HistoryAsync(Guid instanceId, bool weighs, CancellationToken ct)
    {
        var history = await HistoryView.LoadAsync(db, instanceId, ct);
        return weighs ? history : history.Select(h => h.Trigger == nameof(InstructorEvaluationProcess.Trigger.Rate) ? h with { Actor = "", Comment = null } : h).ToList();
    }
}
