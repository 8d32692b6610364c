using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.AnnualReview;

public sealed record ReportView(
    Guid InstanceId, string State, int Version, bool IsClosed, string Title, Guid AssociationId, string Association, string RegistrationNumber,
    AssociationStatus AssociationStatus, int AcademicYear, DateTimeOffset DueAt, int MemberCount, string Leaders, string Instructors,
    string RosterSnapshot, string Activities, string Finances, string? Violations, DateTimeOffset? SubmittedAt, DateTimeOffset? InstructorConfirmedAt,
    string? GuidanceOpinion, ReviewResult? Result, string? DecisionReason, DateTimeOffset? RectificationDeadline,
    IReadOnlyList<HistoryView> History, IReadOnlyList<ActionView> Actions, string Diagram,
    IReadOnlyList<OpinionView> Opinions, string? RectificationItems, string? RectificationReport, DateTimeOffset? RectificationReportedAt,
    DateTimeOffset? RectifiedAt, bool RectificationOverdue);

/// <summary>A committee member's opinion on the report (AS-1.8).</summary>
public sealed record OpinionView(string Member, CommitteeVote Vote, string? Comment, DateTimeOffset At);

public sealed class AnnualReviewQueries(ReformFlowDb db, AnnualReviewProcess process)
{
    public async Task<ReportView?> GetAsync(Actor actor, Guid instanceId, CancellationToken ct)
    {
        var instance = await db.WorkflowInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId && i.Process == process.Name, ct);
        if (instance is null || instance.UniversityId != actor.UniversityId) return null;
        var ctx = await process.LoadAsync(db, instance, actor, ct);
        if (!await AnnualReportVisibility.Visible(db, actor, ctx.Now).AnyAsync(r => r.Id == instance.SubjectId, ct)) return null;
        var r = ctx.Report;
        var a = ctx.Association;
        return new ReportView(instance.Id, instance.State, instance.Version, instance.IsClosed, instance.Title, a.Id, a.Name, a.RegistrationNumber,
            a.Status, ctx.Cycle.AcademicYear, r.DueAt, r.SubmittedAt is null ? ctx.Members.Count : r.MemberCount,
            r.SubmittedAt is null ? string.Join("、", ctx.Members.Where(m => m.Role == MemberRole.Leader).Select(m => m.Student.Name)) : r.Leaders,
            r.SubmittedAt is null ? string.Join("、", ctx.Instructors.Select(t => t.Name)) : r.Instructors,
            r.RosterSnapshot, r.Activities, r.Finances, r.Violations, r.SubmittedAt, r.InstructorConfirmedAt, r.GuidanceOpinion,
            r.Result, r.DecisionReason, r.RectificationDeadline,
            await HistoryView.LoadAsync(db, instance.Id, ct), process.AvailableActions(instance.State, ctx), process.Diagram(),
            r.Opinions.OrderBy(o => o.At).Select(o => new OpinionView(o.MemberName, o.Vote, o.Comment, o.At)).ToList(),
            r.RectificationItems, r.RectificationReport, r.RectificationReportedAt, r.RectifiedAt,
            instance.State == nameof(AnnualReviewProcess.State.PassedWithRectification) && r.RectificationOverdue(ctx.Now));
    }
}
