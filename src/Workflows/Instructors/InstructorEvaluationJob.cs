using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Instructors;

/// <summary>
/// Daily: on InstructorEvaluation:OpensOn ("MM-dd", in the configured App:TimeZone) opens the year's evaluation
/// of every running instructor appointment, with a rating window of InstructorEvaluation:RatingDays; and moves
/// every evaluation whose window has ended on to its guidance unit. Both read what is due from the database,
/// so a run missed while the app was down is done on the next one, and running twice does nothing twice.
/// </summary>
public sealed class InstructorEvaluationJob(ReformFlowDb db, InstructorEvaluationService evaluations, WorkflowRunner runner,
    InstructorEvaluationProcess process, TimeProvider clock, IConfiguration config, IOptions<Email.AppOptions> app)
{
    public const string RecurringId = "instructor-evaluation";

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 1800)]
    public async Task RunAsync()
    {
        await OpenDueYearsAsync();
        await CloseEndedWindowsAsync();
        await evaluations.CloseForEndedAppointmentsAsync(CancellationToken.None);
    }

    public async Task<int> OpenDueYearsAsync()
    {
        var now = clock.GetUtcNow();
        var opensOn = config["InstructorEvaluation:OpensOn"] ?? "05-15";
        var ratingDays = config.GetValue("InstructorEvaluation:RatingDays", 14);
        var opened = 0;
        foreach (var uni in await db.Universities.AsNoTracking().ToListAsync())
        {
            var opens = Jobs.YearlyDate.LatestOnOrBefore(opensOn, now, app.Value.Zone);
            var ratingEnds = opens.AddDays(ratingDays);
            // Catch-up is bounded by the window: once it has ended, that year is not opened late with no time to rate.
            if (now < opens || now >= ratingEnds) continue;
            opened += await evaluations.OpenYearAsync(uni.Id, AcademicYearOf(opens), opens, ratingEnds, CancellationToken.None);
        }
        return opened;
    }

    public async Task<int> CloseEndedWindowsAsync()
    {
        var now = clock.GetUtcNow();
        var due = await (from i in db.WorkflowInstances.AsNoTracking()
                         join e in db.InstructorEvaluations.AsNoTracking() on i.SubjectId equals e.Id
                         where i.Process == process.Name && i.State == nameof(InstructorEvaluationProcess.State.MemberRating) && e.RatingEndsAt <= now
                         select i.Id).ToListAsync();
        var closed = 0;
        foreach (var id in due)
        {
            try
            {
                await runner.FireAsync(process, id, Actor.System, new ActionRequest(nameof(InstructorEvaluationProcess.Trigger.CloseRating)), CancellationToken.None);
                closed++;
            }
            catch (Domain.Common.DomainException)
            {
                // Closed by the leaders between our read and the fire: nothing to do.
            }
            db.ChangeTracker.Clear();
        }
        return closed;
    }

    /// <summary>The academic year the date falls in, named by the year it starts (September): May 2027 is in 2026–2027.</summary>
    public static int AcademicYearOf(DateTimeOffset date) => date.Month >= 9 ? date.Year : date.Year - 1;

}
