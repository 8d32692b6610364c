using Hangfire;
using Microsoft.Extensions.Configuration;

namespace ReformFlow.Workflows.Jobs;

/// <summary>
/// Every recurring job, declared in one place, in the university's time zone. Each job reads what is
/// due from the database, so a run missed while the app was down is simply done on the next run.
/// </summary>
public static class RecurringJobs
{
    public static void Declare(IRecurringJobManager jobs, IConfiguration config)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(config["Jobs:TimeZone"] ?? "Asia/Shanghai");
        var options = new RecurringJobOptions { TimeZone = zone };
        jobs.AddOrUpdate<OutboxJob>(OutboxJob.RecurringId, j => j.RunAsync(), config["Jobs:OutboxCron"] ?? Cron.Minutely(), options);
        // Hourly, so a reminder is at most an hour late; the job itself works out what is due.
        jobs.AddOrUpdate<AnnualReview.AnnualReviewJob>(AnnualReview.AnnualReviewJob.RecurringId, j => j.RunAsync(), config["Jobs:AnnualReviewCron"] ?? "15 0 * * *", options);
        jobs.AddOrUpdate<InstructorTermJob>(InstructorTermJob.RecurringId, j => j.RunAsync(), config["Jobs:InstructorTermsCron"] ?? "30 8 * * *", options);
        jobs.AddOrUpdate<Unions.CadreEligibilityJob>(Unions.CadreEligibilityJob.RecurringId, j => j.RunAsync(), config["Jobs:CadreEligibilityCron"] ?? "45 6 * * *", options);
        jobs.AddOrUpdate<Instructors.InstructorEvaluationJob>(Instructors.InstructorEvaluationJob.RecurringId, j => j.RunAsync(), config["Jobs:InstructorEvaluationCron"] ?? "45 0 * * *", options);
        jobs.AddOrUpdate<SanctionReviewJob>(SanctionReviewJob.RecurringId, j => j.RunAsync(), config["Jobs:SanctionReviewCron"] ?? "20 8 * * *", options);
        jobs.AddOrUpdate<DeadlineReminderJob>(DeadlineReminderJob.RecurringId, j => j.RunAsync(), config["Jobs:RemindersCron"] ?? "7 * * * *", options);
    }
}
