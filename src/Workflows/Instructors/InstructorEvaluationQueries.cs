using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Organisation;
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

/// <summary>One row of the evaluation list: whose evaluation, for which association and year, where it stands.</summary>
public sealed record EvaluationRow(
    Guid InstanceId, int AcademicYear, string Teacher, string StaffNumber, Guid AssociationId, string Association, string RegistrationNumber,
    string State, DateTimeOffset RatingEndsAt, int Ratings, EvaluationResult? Result);

/// <summary>The evaluation list's filters: academic year, state, and the college of the association's guidance unit.</summary>
public sealed record EvaluationFilter(int? Year = null, InstructorEvaluationProcess.State? State = null, Guid? CollegeId = null);

public sealed class InstructorEvaluationQueries(ReformFlowDb db, InstructorEvaluationProcess process)
{
    /// <summary>
    /// The evaluations the actor may see, one page, newest year first: all of the university for the student work
    /// department and the administrator; the guidance unit's associations for its reviewers; their own for teachers;
    /// their associations' for current members. Searched by instructor (name, staff number) or association (name,
    /// registration number); sort keys year, teacher, association, state, ends.
    /// </summary>
    public async Task<Paged<EvaluationRow>> ListAsync(Actor actor, ListQuery list, EvaluationFilter filter, CancellationToken ct)
    {
        if (actor.UniversityId is not { } uni) return new([], list.Page, list.PageSize, 0);
        var rows = Visible(actor, uni);
        if (filter.Year is { } year) rows = rows.Where(x => x.Evaluation.AcademicYear == year);
        if (filter.State?.ToString() is { } state) rows = rows.Where(x => x.Instance.State == state);
        if (filter.CollegeId is { } college) rows = rows.Where(x => x.Unit.CollegeId == college);
        if (list.Q is { } t)
            rows = rows.Where(x => x.Teacher.Name.Contains(t) || x.Teacher.StaffNumber.Contains(t) || x.Association.Name.Contains(t) || x.Association.RegistrationNumber.Contains(t));
        var desc = list.Descending;
        var ordered = list.SortKey switch
        {
            "teacher" => rows.OrderBy(x => x.Teacher.Name, desc).ThenBy(x => x.Teacher.StaffNumber, desc),
            "association" => rows.OrderBy(x => x.Association.RegistrationNumber, desc),
            "state" => rows.OrderBy(x => x.Instance.State, desc),
            "ends" => rows.OrderBy(x => x.Evaluation.RatingEndsAt, desc),
            // Newest year first by default; "year" sorts oldest first, "-year" newest first.
            "year" => rows.OrderBy(x => x.Evaluation.AcademicYear, desc),
            _ => rows.OrderByDescending(x => x.Evaluation.AcademicYear).ThenBy(x => x.Association.RegistrationNumber).ThenBy(x => x.Teacher.StaffNumber),
        };
        return await ordered.ThenBy(x => x.Instance.Id)
            .Select(x => new EvaluationRow(x.Instance.Id, x.Evaluation.AcademicYear, x.Teacher.Name, x.Teacher.StaffNumber, x.Association.Id, x.Association.Name, x.Association.RegistrationNumber, x.Instance.State,
                x.Evaluation.RatingEndsAt, x.Evaluation.Ratings.Count, x.Evaluation.Result))
            .ToPagedAsync(list, ct);
    }

    /// <summary>The academic years of the evaluations the actor may see, newest first (the year filter).</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(Actor actor, CancellationToken ct) =>
        actor.UniversityId is { } uni
            ? await Visible(actor, uni).Select(x => x.Evaluation.AcademicYear).Distinct().OrderByDescending(y => y).ToListAsync(ct)
            : [];

    // Member-initialised (not a constructor) so that EF Core can still filter and sort on it in SQL.
    private sealed class Joined
    {
        public required InstructorEvaluation Evaluation { get; init; }
        public required WorkflowInstance Instance { get; init; }
        public required Association Association { get; init; }
        public required Teacher Teacher { get; init; }
        public required OrgUnit Unit { get; init; }
    }

    /// <summary>The actor's scope, in SQL (the same for the page, the API and the export).</summary>
    private IQueryable<Joined> Visible(Actor actor, Guid uni)
    {
        var seesAll = InstructorEvaluationService.SeesAll(actor, uni);
        var units = actor.Assignments.Where(x => x.Role == Role.GuidanceUnitReviewer && x.OrgUnitId != null).Select(x => x.OrgUnitId!.Value).ToList();
        var mine = db.Memberships.Where(m => m.StudentId == actor.StudentId && m.LeftAt == null).Select(m => m.AssociationId);
        return from e in db.InstructorEvaluations.AsNoTracking()
               join i in db.WorkflowInstances.AsNoTracking() on e.Id equals i.SubjectId
               join s in db.Associations.AsNoTracking() on e.AssociationId equals s.Id
               join t in db.Teachers.AsNoTracking() on e.TeacherId equals t.Id
               join u in db.OrgUnits.AsNoTracking() on s.GuidanceUnitId equals u.Id
               where e.UniversityId == uni && i.Process == process.Name
                     && (seesAll || units.Contains(s.GuidanceUnitId) || e.TeacherId == actor.TeacherId || mine.Contains(e.AssociationId))
               select new Joined { Evaluation = e, Instance = i, Association = s, Teacher = t, Unit = u };
    }

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
