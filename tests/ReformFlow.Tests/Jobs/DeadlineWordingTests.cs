using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.AnnualReview;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Jobs;

namespace ReformFlow.Tests.Jobs;

/// <summary>Issue 9, one date format per meaning: a deadline reads the same on the page and in the email, and never as 00:00 of the next day.</summary>
public sealed class DeadlineWordingTests
{
    [Fact]
    public async Task Platform_a_deadline_reads_identically_on_the_page_and_in_the_reminder_email()
    {
        using var app = new AppFactory();
        var id = await new Founding(app).UpToCommitteeAsync("期限一致协会");
        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromHours(1));
        await using (var scope = app.Scope()) await scope.ServiceProvider.GetRequiredService<DeadlineReminderJob>().RunAsync();

        // Each of the chair's reminders about the item and the chair's task list name the same moment in the same words.
        var bodies = await app.WithDbAsync(db => db.Outbox.Where(m => m.ToAddress.StartsWith("chair@") && m.Subject.Contains("待办提醒") && m.Body.Contains(id.ToString()))
            .Select(m => m.Body).ToListAsync());
        Assert.NotEmpty(bodies);
        var chair = await PageClient.SignInAsync(app, "chair");
        var tasks = await chair.GetStringAsync("/Tasks");
        var shown = Regex.Matches(tasks, $"<tr>\\s*<td><a href=\"/Workflows/{id}\">.*?</tr>", RegexOptions.Singleline)
            .Select(row => Regex.Matches(row.Value, "<time datetime=\"[^\"]+\">([^<]+)</time>").Last().Groups[1].Value).ToList(); // created, then due
        Assert.NotEmpty(shown);
        foreach (var body in bodies)
        {
            var due = Regex.Match(body, "办理期限：([^\\r\\n]+)").Groups[1].Value;
            Assert.Matches("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$", due);
            Assert.Contains(due, shown);
        }
    }

    [Fact]
    public async Task AS_1_5_the_yearly_job_sets_the_report_deadline_to_the_last_minute_of_its_day_as_the_page_does()
    {
        using var app = new AppFactory();
        var year = DateTimeOffset.UtcNow.Year + 1;
        app.Clock.SetUtcNow(new DateTimeOffset(year, 9, 1, 2, 0, 0, TimeSpan.Zero)); // 10:00 in Beijing on the opening day
        await using (var scope = app.Scope()) await scope.ServiceProvider.GetRequiredService<AnnualReviewJob>().OpenDueCyclesAsync();
        var deadline = await app.WithDbAsync(db => db.ReviewCycles.Select(c => c.Deadline).SingleAsync());
        var options = app.Services.GetRequiredService<IOptions<AppOptions>>().Value;
        // 45 days from 1 September: by 15 October, 23:59, exactly what a deadline picked on the page (EndOfLocalDay) says.
        Assert.Equal($"{year}-10-15 23:59", options.FormatTime(deadline));
        Assert.Equal(options.EndOfLocalDay(new DateTime(year, 10, 15)), deadline);
    }
}
