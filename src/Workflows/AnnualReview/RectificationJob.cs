using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformFlow.Domain.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Jobs;

namespace ReformFlow.Workflows.AnnualReview;

/// <summary>
/// AS-1.5, daily: a rectification still unreported when its deadline has passed is escalated to the review committee's
/// chair, who may then fail the association (docs/decisions/0011). Before the deadline the leaders are reminded by the
/// deadline reminder job, since their task carries the deadline. Once per rectification deadline: the key records it in
/// the same transaction as the email, so a second run or a catch-up after downtime sends nothing twice, and a deadline
/// set again (after the chair returned a report) is escalated again.
/// </summary>
public sealed class RectificationJob(ReformFlowDb db, Notifier notifier, TimeProvider clock, IOutboxKicker kicker, IOptions<AppOptions> app)
{
    public const string RecurringId = "rectification-escalations";

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<int> RunAsync()
    {
        var now = clock.GetUtcNow();
        var overdue = await (from i in db.WorkflowInstances.AsNoTracking()
                             join r in db.AnnualReports.AsNoTracking() on i.SubjectId equals r.Id
                             join a in db.Associations.AsNoTracking() on r.AssociationId equals a.Id
                             where i.Process == AnnualReviewProcess.ProcessName && i.State == nameof(AnnualReviewProcess.State.PassedWithRectification)
                                   && r.RectificationDeadline != null && r.RectificationDeadline < now
                             select new { InstanceId = i.Id, r.RectificationDeadline, a.Name, a.UniversityId }).ToListAsync();
        var queued = 0;
        foreach (var x in overdue)
        {
            var key = $"rectification:{x.InstanceId}:{x.RectificationDeadline!.Value.UtcTicks}:escalated";
            await using var tx = await db.BeginWriteAsync();
            if (await db.SentReminders.AnyAsync(s => s.Key == key)) continue;
            queued += await notifier.QueueNoticeAsync(null, Role.ReviewCommitteeChair, null, x.UniversityId,
                "email.rectification-overdue.subject", "email.rectification-overdue.body",
                [x.Name, app.Value.FormatTime(x.RectificationDeadline.Value), notifier.LinkTo($"/Associations/Review/Details/{x.InstanceId}")],
                CancellationToken.None);
            db.SentReminders.Add(new SentReminder { Key = key, SentAt = now });
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        if (queued > 0) kicker.Kick();
        return queued;
    }
}
