using Hangfire;
using Microsoft.Extensions.Configuration;

namespace ReformFlow.Workflows.Jobs;

/// <summary>
/// Every recurring job, declared in one place, in the configured time zone (App:TimeZone). Each job reads what is
/// due from the database, so a run missed while the app was down is simply done on the next run.
/// </summary>
public static class RecurringJobs
{
    public static void Declare(IRecurringJobManager jobs, IConfiguration config, TimeZoneInfo zone)
    {
        var options = new RecurringJobOptions { TimeZone = zone };
        jobs.AddOrUpdate<OutboxJob>(OutboxJob.RecurringId, j => j.RunAsync(), config["Jobs:OutboxCron"] ?? Cron.Minutely(), options);
        // Hourly, so a reminder is at most an hour late; the job itself works out what is due.
        jobs.AddOrUpdate<AnnualReview.AnnualReviewJob>(AnnualReview.AnnualReviewJob.RecurringId, j => j.RunAsync(), config["Jobs:AnnualReviewCron"] ?? "15 0 * * *", options);
        jobs.AddOrUpdate<InstructorTermJob>(InstructorTermJob.RecurringId, j => j.RunAsync(), config["Jobs:InstructorTermsCron"] ?? "30 8 * * *", options);
        jobs.AddOrUpdate<Unions.CadreEligibilityJob>(Unions.CadreEligibilityJob.RecurringId, j => j.RunAsync(), config["Jobs:CadreEligibilityCron"] ?? "45 6 * * *", options);
        jobs.AddOrUpdate<Instructors.InstructorEvaluationJob>(Instructors.InstructorEvaluationJob.RecurringId, j => j.RunAsync(), config["Jobs:InstructorEvaluationCron"] ?? "45 0 * * *", options);
        jobs.AddOrUpdate<SanctionReviewJob>(SanctionReviewJob.RecurringId, j => j.RunAsync(), config["Jobs:SanctionReviewCron"] ?? "20 8 * * *", options);
        jobs.AddOrUpdate<AnnualReview.RectificationJob>(AnnualReview.RectificationJob.RecurringId, j => j.RunAsync(), config["Jobs:RectificationCron"] ?? "25 8 * * *", options);
        jobs.AddOrUpdate<DeadlineReminderJob>(DeadlineReminderJob.RecurringId, j => j.RunAsync(), config["Jobs:RemindersCron"] ?? "7 * * * *", options);
    }

    /// <summary>
    /// At start, every recurring job runs once at once, catching up on whatever fell due while the app was down
    /// rather than at its next scheduled run. A job declared above and missing here would wait up to a day.
    /// </summary>
    public static void CatchUp(IBackgroundJobClient jobs)
    {
        // Mail a killed process was sending is resolved and sent now, not at the next minute (ADR 0010).
        jobs.Enqueue<OutboxJob>(j => j.RunAsync());
        // A process killed just before this start is still within its lease now; once the lease has run out, resolve its claim.
        jobs.Schedule<OutboxJob>(j => j.RunAsync(), Email.SenderInstance.Lease + TimeSpan.FromSeconds(5));
        jobs.Enqueue<DeadlineReminderJob>(j => j.RunAsync());
        jobs.Enqueue<InstructorTermJob>(j => j.RunAsync());
        jobs.Enqueue<SanctionReviewJob>(j => j.RunAsync());
        jobs.Enqueue<AnnualReview.AnnualReviewJob>(j => j.RunAsync());
        jobs.Enqueue<AnnualReview.RectificationJob>(j => j.RunAsync());
        jobs.Enqueue<Unions.CadreEligibilityJob>(j => j.RunAsync());
        jobs.Enqueue<Instructors.InstructorEvaluationJob>(j => j.RunAsync());
    }
}
