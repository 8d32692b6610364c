using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;
using ReformFlow.Workflows.Jobs;

namespace ReformFlow.Tests.Jobs;

public sealed class InstructorTermTests
{
    private static async Task<int> RunAsync(AppFactory app)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<InstructorTermJob>().RunAsync();
    }

    private static Task<List<string>> MailAsync(AppFactory app, string subjectPart) =>
        app.WithDbAsync(db => db.Outbox.Where(m => m.Subject.Contains(subjectPart)).Select(m => m.ToAddress).ToListAsync());

    [Fact]
    public async Task AS_2_2_term_end_is_reminded_30_and_7_days_before_and_a_gap_is_flagged_to_reviewers()
    {
        using var app = new AppFactory();
        var founding = new Founding(app);
        var id = await founding.UpToCommitteeAsync("聘期提醒协会");
        var view = await (await Api.SignInAsync(app, "member1")).ActAsync(id, "RecordOpinion", new { vote = "Support" });
        await (await Api.SignInAsync(app, "chair")).ActAsync(id, "CommitteeApprove", new { expectedVersion = Founding.Version(view) });
        Assert.Equal(0, await RunAsync(app)); // a fresh one-year term: nothing to say

        app.Clock.Advance(TimeSpan.FromDays(336)); // 29 days before the term ends
        Assert.True(await RunAsync(app) >= 2);
        Assert.Equal(0, await RunAsync(app));
        var first = await MailAsync(app, "聘期将于");
        Assert.Contains($"{DemoData.PartyInstructor}@demo.reformflow.local", first);
        Assert.Contains($"{DemoData.Initiator}@demo.reformflow.local", first); // the association's leader

        app.Clock.Advance(TimeSpan.FromDays(24)); // 5 days before
        Assert.True(await RunAsync(app) >= 2);
        Assert.Equal(2 * first.Count, (await MailAsync(app, "聘期将于")).Count);

        app.Clock.Advance(TimeSpan.FromDays(6)); // the term has ended with no renewal
        Assert.True(await RunAsync(app) >= 2);
        Assert.Equal(0, await RunAsync(app));
        var flagged = await MailAsync(app, "社团无指导教师");
        Assert.Contains("phy.party@demo.reformflow.local", flagged); // the association's guidance unit
        Assert.Contains("swd@demo.reformflow.local", flagged);
    }
}
