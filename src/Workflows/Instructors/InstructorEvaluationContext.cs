using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Instructors;

/// <summary>What one operation on an instructor evaluation knows: the evaluation and its ratings, the association, its members now.</summary>
public sealed class InstructorEvaluationContext
{
    public required ReformFlowDb Db { get; init; }
    public required WorkflowInstance Instance { get; init; }
    public required InstructorEvaluation Evaluation { get; init; }
    public required Association Association { get; init; }
    public required Teacher Teacher { get; init; }
    public required Actor Actor { get; init; }
    public required DateTimeOffset Now { get; init; }
    /// <summary>Current members (any role) with their user accounts, if they have one.</summary>
    public required IReadOnlyList<(Student Student, MemberRole Role, string? UserId)> Members { get; init; }
    public required string? TeacherUserId { get; init; }
    public required Guid? StudentWorkDepartmentUnitId { get; init; }
    /// <summary>The appointment under evaluation has ended (the teacher was dismissed elsewhere, or it was not renewed).</summary>
    public required bool AppointmentEnded { get; init; }

    public IEnumerable<string> LeaderUserIds => Members.Where(m => m.Role == MemberRole.Leader && m.UserId is not null).Select(m => m.UserId!);
    public bool ActorIsMember => Actor.StudentId is { } s && Members.Any(m => m.Student.Id == s);
    public bool ActorIsLeader => Actor.StudentId is { } s && Members.Any(m => m.Student.Id == s && m.Role == MemberRole.Leader);
    public bool ActorIsTeacher => Actor.TeacherId == Evaluation.TeacherId;
    public bool EveryMemberRated => Members.All(m => Evaluation.Ratings.Any(r => r.StudentId == m.Student.Id));

    public static async Task<InstructorEvaluationContext> LoadAsync(ReformFlowDb db, WorkflowInstance instance, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var evaluation = await db.InstructorEvaluations.Include(e => e.Ratings).SingleAsync(e => e.Id == instance.SubjectId, ct);
        var association = await db.Associations.AsNoTracking().SingleAsync(a => a.Id == evaluation.AssociationId, ct);
        var members = await (from m in db.Memberships.AsNoTracking()
                             join s in db.Students.AsNoTracking() on m.StudentId equals s.Id
                             where m.AssociationId == association.Id && m.LeftAt == null
                             orderby s.StudentNumber
                             select new { s, m.Role, UserId = db.Users.Where(u => u.StudentId == s.Id).Select(u => u.Id).FirstOrDefault() })
            .ToListAsync(ct);
        return new InstructorEvaluationContext
        {
            Db = db, Instance = instance, Evaluation = evaluation, Association = association, Actor = actor, Now = now,
            Teacher = await db.Teachers.AsNoTracking().SingleAsync(t => t.Id == evaluation.TeacherId, ct),
            Members = members.Select(m => (m.s, m.Role, (string?)m.UserId)).ToList(),
            TeacherUserId = await db.Users.Where(u => u.TeacherId == evaluation.TeacherId).Select(u => u.Id).FirstOrDefaultAsync(ct),
            AppointmentEnded = await db.InstructorAppointments.AnyAsync(a => a.Id == evaluation.AppointmentId && a.EndedAt != null, ct),
            StudentWorkDepartmentUnitId = await db.OrgUnits
                .Where(o => o.UniversityId == association.UniversityId && o.Kind == OrgUnitKind.StudentWorkDepartment)
                .Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct),
        };
    }
}

/// <summary>A member's rating as the API and the page send it.</summary>
public sealed record RatingInput(EvaluationResult Rating);
