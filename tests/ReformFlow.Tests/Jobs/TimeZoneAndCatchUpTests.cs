using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.AnnualReview;
using ReformFlow.Workflows.Jobs;

namespace ReformFlow.Tests.Jobs;

public sealed class TimeZoneAndCatchUpTests
{
    private sealed class NewYorkApp : AppFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["App:TimeZone"] = "America/New_York" };
    }

    private static async Task<int> OpenAsync(AppFactory app, DateTimeOffset at)
    {
        app.Clock.SetUtcNow(at);
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<AnnualReviewJob>().OpenDueCyclesAsync();
        return await app.WithDbAsync(db => db.ReviewCycles.CountAsync());
    }

    [Fact]
    public async Task Platform_the_configured_time_zone_decides_the_day_a_yearly_job_opens()
    {
        var year = DateTimeOffset.UtcNow.Year + 1;
        // 1 September 02:00 UTC is 10:00 in Beijing but still 31 August (22:00) in New York.
        var at = new DateTimeOffset(year, 9, 1, 2, 0, 0, TimeSpan.Zero);
        using (var beijing = new AppFactory()) Assert.Equal(1, await OpenAsync(beijing, at));
        using var newYork = new NewYorkApp();
        Assert.Equal(0, await OpenAsync(newYork, at));
        Assert.Equal(1, await OpenAsync(newYork, at.AddHours(3))); // 01:00 on 1 September in New York
    }

    [Fact]
    public void Platform_a_day_picked_on_a_page_ends_in_the_configured_zone()
    {
        // The annual-review page's deadline ("extend to 31 December") was fixed at UTC+8 whatever App:TimeZone said.
        var day = new DateTime(2026, 12, 31);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 23, 59, 0, TimeSpan.FromHours(8)),
            new ReformFlow.Workflows.Email.AppOptions { TimeZone = "Asia/Shanghai" }.EndOfLocalDay(day));
        var summer = new ReformFlow.Workflows.Email.AppOptions { TimeZone = "America/New_York" }.EndOfLocalDay(new DateTime(2026, 7, 1));
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 23, 59, 0, TimeSpan.FromHours(-4)), summer);
        Assert.Equal(TimeSpan.FromHours(-4), summer.Offset);
    }

    private sealed class Recorder : IBackgroundJobClient, IRecurringJobManager
    {
        public List<Type> Enqueued { get; } = [];
        public List<Type> Declared { get; } = [];
        public string Create(Job job, IState state) { if (state is EnqueuedState) Enqueued.Add(job.Type); return Guid.NewGuid().ToString(); }
        public bool ChangeState(string jobId, IState state, string expectedState) => true;
        public void AddOrUpdate(string recurringJobId, Job job, string cronExpression, RecurringJobOptions options) => Declared.Add(job.Type);
        public void Trigger(string recurringJobId) { }
        public void RemoveIfExists(string recurringJobId) { }
    }

    [Fact]
    public void Jobs_every_recurring_job_catches_up_at_start_the_instructor_evaluation_job_included()
    {
        var recorder = new Recorder();
        RecurringJobs.Declare(recorder, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), TimeZoneInfo.Utc);
        RecurringJobs.CatchUp(recorder);
        Assert.Contains(typeof(Workflows.Instructors.InstructorEvaluationJob), recorder.Declared);
        Assert.Empty(recorder.Declared.Except(recorder.Enqueued));
    }
}
