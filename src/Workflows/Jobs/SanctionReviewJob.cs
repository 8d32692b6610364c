using Hangfire;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;

namespace ReformFlow.Workflows.Jobs;

/// <summary>
/// AS-1.10: a suspension with a review date reminds the review committee's chair on that date (in the university's
/// time zone) — once: the decision row records the reminder, so a second run or a catch-up after downtime sends nothing twice.
/// A suspension already lifted or superseded (the association's status changed since) is not reminded.
/// </summary>
public sealed class SanctionReviewJob(ReformFlowDb db, Notifier notifier, TimeProvider clock, IOutboxKicker kicker, Microsoft.Extensions.Options.IOptions<AppOptions> options)
{
    public const string RecurringId = "sanction-reviews";

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public Task<int> RunAsync() => RunAsync(clock.GetUtcNow(), CancellationToken.None);

    /// <summary>Reminds of every review date that has come by <paramref name="now"/>; returns how many emails were queued.</summary>
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var due = await (from s in db.AssociationSanctions
                         join a in db.Associations on s.AssociationId equals a.Id
                         where s.ReviewOn != null && s.ReviewRemindedAt == null && s.Action == SanctionAction.Suspend
                               && a.Status == AssociationStatus.Suspended && a.StatusChangedAt == s.DecidedAt
                         select new { Sanction = s, a.Name, a.UniversityId }).ToListAsync(ct);
        var queued = 0;
        foreach (var d in due)
        {
            var today = DateOnly.FromDateTime(options.Value.ToLocal(now).DateTime);
            if (d.Sanction.ReviewOn > today) continue;
            queued += await notifier.QueueNoticeAsync(null, Role.ReviewCommitteeChair, null, d.UniversityId, "email.sanction-review.subject", "email.sanction-review.body",
                [d.Name, d.Sanction.Reason, d.Sanction.ReviewOn!.Value.ToString("yyyy-MM-dd"), notifier.LinkTo($"/Associations/Details/{d.Sanction.AssociationId}")], ct);
            d.Sanction.MarkReviewReminded(now);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (queued > 0) kicker.Kick();
        return queued;
    }
}
