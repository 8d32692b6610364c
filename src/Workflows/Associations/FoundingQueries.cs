using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Associations;

/// <summary>
/// One invited sponsor. Their personal data (formal status, punishment: AS-1.1) is sent only to the bodies that decide on
/// the application and to the student themself; the initiator gets <paramref name="Eligible"/> for sponsors who have
/// confirmed (and so agreed to be checked); everyone else gets nulls (docs/decisions/0009).
/// </summary>
public sealed record SponsorView(string StudentNumber, string Name, string College, string CollegeEn, SponsorStatus Status,
    bool? Eligible, bool? FormalStatus, bool? Punished);
public sealed record InstructorView(string StaffNumber, string Name, bool IsPartyMember, InstructorResponse Response, string? Comment);
public sealed record OpinionView(string Member, CommitteeVote Vote, string? Comment, DateTimeOffset At);

public sealed record ApplicationView(
    Guid InstanceId, Guid ApplicationId, string State, int Version, bool IsClosed,
    string Name, AssociationCategory Category, string Purpose, Guid? GuidanceUnitId, string? GuidanceUnit, string? GuidanceUnitEn,
    string? CharterText, Guid? CharterAttachmentId, string? CharterFileName, bool DeclaresNoOutsideSponsor, bool DeclaresNoForeignAffairs,
    string NameFlags, string? LastReturnComment, string Initiator, string? RegistrationNumber,
    int ConfirmedSponsors, int MinimumSponsors,
    IReadOnlyList<SponsorView> Sponsors, IReadOnlyList<InstructorView> Instructors, IReadOnlyList<OpinionView> Opinions,
    IReadOnlyList<HistoryView> History, IReadOnlyList<ActionView> Actions, string Diagram);

/// <summary>The filters of the applications list besides the text search.</summary>
/// <summary>The filters of the applications list besides the text search: <c>CollegeId</c> is the initiator's college,
/// <c>Year</c> the year the application was started, in the installation's zone.</summary>
public sealed record ApplicationFilter(FoundingProcess.State? State = null, AssociationCategory? Category = null, Guid? CollegeId = null, int? Year = null);

public sealed record ApplicationSummary(Guid InstanceId, string Name, AssociationCategory Category, string State, string Initiator, DateTimeOffset UpdatedAt);

public sealed class FoundingQueries(ReformFlowDb db, FoundingProcess process, Microsoft.Extensions.Options.IOptions<Email.AppOptions> app, TimeProvider clock)
{
    public async Task<ApplicationView?> GetAsync(Actor actor, Guid instanceId, CancellationToken ct)
    {
        var instance = await db.WorkflowInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId && i.Process == process.Name, ct);
        if (instance is null || instance.UniversityId != actor.UniversityId) return null;
        if (!await FoundingVisibility.Visible(db.AssociationApplications, actor).AnyAsync(a => a.Id == instance.SubjectId, ct)) return null;
        var ctx = await process.LoadAsync(db, instance, actor, ct);
        var app = ctx.App;
        var decides = FoundingVisibility.Decides(actor, app);

        var studentIds = app.Sponsors.Select(s => s.StudentId).Append(app.InitiatorStudentId).ToList();
        var students = await (from s in db.Students.AsNoTracking()
                              join c in db.Colleges.AsNoTracking() on s.CollegeId equals c.Id
                              where studentIds.Contains(s.Id)
                              select new { s, College = c }).ToDictionaryAsync(x => x.s.Id, ct);
        var teacherIds = app.Instructors.Select(i => i.TeacherId).ToList();
        var teachers = await db.Teachers.AsNoTracking().Where(t => teacherIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var history = await HistoryView.LoadAsync(db, instanceId, ct);
        var registration = app.AssociationId is { } aid
            ? await db.Associations.Where(a => a.Id == aid).Select(a => a.RegistrationNumber).SingleAsync(ct) : null;

        return new ApplicationView(
            instance.Id, app.Id, instance.State, instance.Version, instance.IsClosed,
            app.Name, app.Category, app.Purpose, app.GuidanceUnitId, ctx.GuidanceUnit?.Name, ctx.GuidanceUnit?.NameEn,
            app.CharterText, app.CharterAttachmentId, app.CharterFileName, app.DeclaresNoOutsideSponsor, app.DeclaresNoForeignAffairs,
            app.NameFlags, app.LastReturnComment, students[app.InitiatorStudentId].s.Name, registration,
            app.ConfirmedSponsorCount, FoundingRules.MinimumSponsors,
            app.Sponsors.OrderBy(s => s.StudentId == app.InitiatorStudentId ? 0 : 1).ThenBy(s => students[s.StudentId].s.StudentNumber)
                .Select(s => Sponsor(actor, ctx, decides, s, students[s.StudentId].s, students[s.StudentId].College)).ToList(),
            app.Instructors.Select(i => new InstructorView(teachers[i.TeacherId].StaffNumber, teachers[i.TeacherId].Name,
                teachers[i.TeacherId].IsPartyMember, i.Response, i.Comment)).ToList(),
            app.Opinions.OrderBy(o => o.At).Select(o => new OpinionView(o.MemberName, o.Vote, o.Comment, o.At)).ToList(),
            history, Actions(instance, ctx), process.Diagram());
    }

    /// <summary>
    /// One page of the applications the actor may read (<see cref="FoundingVisibility"/>), filtered and sorted in SQL.
    /// <c>q</c> searches the name and the initiator's name; sort keys: <c>updated</c> (default, newest first), <c>name</c>, <c>state</c>, <c>category</c>.
    /// </summary>
    public async Task<Paged<ApplicationSummary>> ListAsync(Actor actor, ListQuery list, ApplicationFilter filter, CancellationToken ct)
    {
        var uni = actor.UniversityId;
        var state = filter.State?.ToString();
        var query = from i in db.WorkflowInstances.AsNoTracking()
                    join a in FoundingVisibility.Visible(db.AssociationApplications.AsNoTracking(), actor) on i.SubjectId equals a.Id
                    join s in db.Students.AsNoTracking() on a.InitiatorStudentId equals s.Id
                    where i.Process == process.Name && i.UniversityId == uni
                          && (state == null || i.State == state) && (filter.Category == null || a.Category == filter.Category)
                          && (filter.CollegeId == null || s.CollegeId == filter.CollegeId)
                    select new { InstanceId = i.Id, a.Name, a.Category, i.State, Initiator = s.Name, i.UpdatedAt, a.CreatedAt };
        if (filter.Year is { } y)
        {
            var (from, to) = app.Value.YearRange(y);
            query = query.Where(x => x.CreatedAt >= from && x.CreatedAt < to);
        }
        if (list.Q is { } t) query = query.Where(x => x.Name.Contains(t) || x.Initiator.Contains(t));
        var desc = list.Descending;
        var ordered = list.SortKey switch
        {
            "name" => query.OrderBy(x => x.Name, desc),
            "state" => query.OrderBy(x => x.State, desc),
            "category" => query.OrderBy(x => x.Category, desc),
            "updated" => query.OrderBy(x => x.UpdatedAt, desc),
            _ => query.OrderByDescending(x => x.UpdatedAt),
        };
        return (await ordered.ThenBy(x => x.InstanceId).ToPagedAsync(list, ct))
            .Map(x => new ApplicationSummary(x.InstanceId, x.Name, x.Category, x.State, x.Initiator, x.UpdatedAt));
    }

    /// <summary>The years the year filter offers: from the year the university's first application was started to this year, newest first.</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(Actor actor, CancellationToken ct)
    {
        var first = await db.AssociationApplications.AsNoTracking().Where(a => a.UniversityId == actor.UniversityId)
            .OrderBy(a => a.CreatedAt).Select(a => (DateTimeOffset?)a.CreatedAt).FirstOrDefaultAsync(ct);
        return first is null ? [] : app.Value.YearsBetween(first, clock.GetUtcNow());
    }

    private static SponsorView Sponsor(Actor actor, FoundingContext ctx, bool decides, Sponsor sponsor, Domain.Organisation.Student s, Domain.Organisation.College college)
    {
        var eligible = s.HasFormalStatus && !s.HasActivePunishment;
        if (decides || s.Id == actor.StudentId)
            return new(s.StudentNumber, s.Name, college.Name, college.NameEn, sponsor.Status, eligible, s.HasFormalStatus, s.HasActivePunishment);
        // The initiator must know whom to replace before submitting, but learns no more than "eligible or not", and only
        // about students who confirmed: inviting a student number must not reveal anything about that student.
        var forInitiator = ctx.ActorIsInitiator && sponsor.Status == SponsorStatus.Confirmed ? eligible : (bool?)null;
        return new(s.StudentNumber, s.Name, college.Name, college.NameEn, sponsor.Status, forInitiator, null, null);
    }

    private List<ActionView> Actions(WorkflowInstance instance, FoundingContext ctx) =>
        process.AvailableActions(instance.State, ctx)
            // A sponsor is offered only the answer they have not given yet.
            .Where(a => a.Trigger != nameof(FoundingProcess.Trigger.ConfirmSponsorship) || ctx.App.Sponsors.Any(s => s.StudentId == ctx.Actor.StudentId && s.Status != SponsorStatus.Confirmed))
            .Where(a => a.Trigger != nameof(FoundingProcess.Trigger.DeclineSponsorship) || ctx.App.Sponsors.Any(s => s.StudentId == ctx.Actor.StudentId && s.Status != SponsorStatus.Declined))
            .ToList();
}
