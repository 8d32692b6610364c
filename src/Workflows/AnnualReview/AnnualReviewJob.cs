using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.AnnualReview;

/// <summary>
/// Daily: opens each university's annual review on the configured date (AnnualReview:OpensOn, in the
/// configured App:TimeZone) and, once a report's deadline has passed by AnnualReview:GraceDays, moves
/// it to Overdue so the committee must record a decision. Reminders before that come from the
/// deadline reminder job, since the leaders' tasks carry the deadline.
/// </summary>
public sealed class AnnualReviewJob(ReformFlowDb db, AnnualReviewService reviews, WorkflowRunner runner, AnnualReviewProcess process,
    TimeProvider clock, IConfiguration config, IOptions<Email.AppOptions> app)
{
    public const string RecurringId = "annual-review";

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 1800)]
    public async Task RunAsync()
    {
        await OpenDueCyclesAsync();
        await MarkMissedDeadlinesAsync();
    }

    public async Task OpenDueCyclesAsync()
    {
        var now = clock.GetUtcNow();
        var opensOn = config["AnnualReview:OpensOn"] ?? "09-01";
        var deadlineDays = config.GetValue("AnnualReview:DeadlineDays", 45);
        foreach (var uni in await db.Universities.AsNoTracking().ToListAsync())
        {
            var opens = Jobs.YearlyDate.LatestOnOrBefore(opensOn, now, app.Value.Zone);
            // The last minute of the deadline's day (as a deadline picked on the page): "by 10-15 23:59", never "10-16 00:00".
            var deadline = app.Value.EndOfLocalDay(app.Value.ToLocal(opens.AddDays(deadlineDays - 1)).DateTime);
            // Before the opening date nothing happens; a cycle whose deadline has already passed is not
            // opened late (e.g. on a first installation in spring). Otherwise opening is idempotent.
            if (now < opens || now >= deadline) continue;
            await reviews.OpenCycleAsync(uni.Id, opens.Year, deadline, CancellationToken.None);
        }
    }

    public async Task MarkMissedDeadlinesAsync()
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(config.GetValue("AnnualReview:GraceDays", 1));
        var late = await (from i in db.WorkflowInstances.AsNoTracking()
                          join r in db.AnnualReports.AsNoTracking() on i.SubjectId equals r.Id
                          where i.Process == process.Name && i.State == nameof(AnnualReviewProcess.State.Preparing) && r.DueAt <= cutoff
                          select i.Id).ToListAsync();
        foreach (var id in late)
        {
            try
            {
                await runner.FireAsync(process, id, Actor.System, new ActionRequest(nameof(AnnualReviewProcess.Trigger.DeadlineMissed)), CancellationToken.None);
            }
            catch (Domain.Common.DomainException)
            {
                // Submitted between our read and the fire: nothing to do.
            }
            db.ChangeTracker.Clear();
        }
    }

}
