using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ReformFlow.Tests.Memberships;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>
/// The daily work of an association's leader in a real browser: requests to join wait in My tasks with a count in the menu,
/// are accepted from there, a member is removed with a reason on the association's page, and the done list (已办) shows
/// it all, newest first; screenshots in zh-CN and English.
/// </summary>
public sealed class DailyWorkBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private Task<string> NameOfAsync(string number) =>
        browser.App.WithDbAsync(db => db.Students.Where(s => s.StudentNumber == number).Select(s => s.Name).SingleAsync());

    [Fact]
    public async Task AS_3_1_a_request_reaches_the_leaders_tasks_is_accepted_there_and_shows_in_the_done_list()
    {
        _ = browser.Browser;
        var kit = new MembershipKit(browser.App);
        var a = await kit.AssociationAsync(name: "摄影协会");
        var member = await kit.FreshStudentAsync();
        await kit.JoinAsync(member, a);
        browser.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var (x, y) = (await kit.FreshStudentAsync(), await kit.FreshStudentAsync());
        var (xName, memberName) = (await NameOfAsync(x), await NameOfAsync(member));
        await kit.AppliedAsync(x, a.Id);
        await kit.AppliedAsync(y, a.Id);

        // My tasks: both requests, and the menu counts them (with words for screen readers).
        var page = await browser.SignInAsync(a.Leader);
        await Expect(page.Locator("#nav-tasks .nav-count")).ToHaveTextAsync("2");
        await Expect(page.Locator("#nav-tasks .visually-hidden")).ToHaveTextAsync("2 项待办");
        var rows = page.Locator("#tasks tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync("审批入会申请");
        await browser.ScreenshotAsync(page, "90-tasks-membership.zh-CN");
        var en = await browser.SignInAsync(a.Leader, "en");
        await Expect(en.Locator("#nav-tasks .visually-hidden")).ToHaveTextAsync("2 items waiting");
        await Expect(en.Locator("#tasks tbody tr").First).ToContainTextAsync("Decide on a request to join");
        await browser.ScreenshotAsync(en, "90-tasks-membership.en");

        // From the task to the association's requests, accepted there: it leaves the list and the count.
        browser.App.Clock.Advance(TimeSpan.FromMinutes(5));
        await page.Locator("#tasks tbody tr", new() { HasText = xName }).Locator("a").First.ClickAsync();
        await page.WaitForURLAsync($"**/Associations/Details/{a.Id}#requests");
        await page.ClickAsync($"#accept-{x}");
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync(xName);
        await Expect(page.Locator("#nav-tasks .nav-count")).ToHaveTextAsync("1");
        await page.ClickAsync("#nav-tasks");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).Not.ToContainTextAsync(xName);

        // A member removed with a reason, from the roster on the same page.
        browser.App.Clock.Advance(TimeSpan.FromMinutes(5));
        await page.GotoAsync($"/Associations/Details/{a.Id}");
        await Expect(page.Locator($"#remove-{a.Leader}")).ToHaveCountAsync(0); // leaders are not removed (AS-3.3)
        await page.FillAsync($"#remove-reason-{member}", "长期不参加社团活动");
        await browser.ScreenshotAsync(page, "92-roster-remove.zh-CN");
        await page.ClickAsync($"#remove-{member}");
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync(member);
        await Expect(page.Locator("#roster")).Not.ToContainTextAsync(member);

        // The done list: newest first, linked to the association, searchable.
        await page.ClickAsync("#nav-done");
        await page.WaitForURLAsync("**/Tasks/Done");
        var done = page.Locator("#done tbody tr");
        await Expect(done).ToHaveCountAsync(3);
        await Expect(done.Nth(0)).ToHaveAttributeAsync("data-action", "RemoveMember");
        await Expect(done.Nth(0)).ToContainTextAsync("长期不参加社团活动");
        await Expect(done.Nth(1)).ToHaveAttributeAsync("data-action", "AcceptMembership");
        await Expect(done.Nth(1)).ToContainTextAsync(xName);
        await Expect(done.Nth(2)).ToContainTextAsync(memberName);
        await Expect(done.Nth(1).Locator("a")).ToHaveAttributeAsync("href", $"/Associations/Details/{a.Id}#requests");
        await browser.ScreenshotAsync(page, "91-done.zh-CN");
        await page.FillAsync("#done-filters input[name=q]", xName);
        await page.ClickAsync("#done-filters button[type=submit]");
        await Expect(done).ToHaveCountAsync(1);
        await Expect(done.First).ToContainTextAsync(xName);

        await en.GotoAsync($"/Associations/Details/{a.Id}");
        await Expect(en.Locator("#roster")).ToContainTextAsync("Remove");
        await browser.ScreenshotAsync(en, "92-roster-remove.en");
        await en.GotoAsync("/Tasks/Done");
        await Expect(en.Locator("#done tbody tr").First).ToContainTextAsync("Removed a member");
        await browser.ScreenshotAsync(en, "91-done.en");
    }

    [Fact]
    public async Task The_done_list_shows_workflow_steps_linked_to_their_page()
    {
        _ = browser.Browser;
        var founding = new Associations.FoundingKit(browser.App);
        var d = await founding.DraftAsync("天文观测协会", sponsors: 1);

        var page = await browser.SignInAsync(d.Sponsors[0]);
        await page.ClickAsync("#done-link");
        var done = page.Locator("#done tbody tr");
        await Expect(done).ToHaveCountAsync(1);
        await Expect(done.First).ToHaveAttributeAsync("data-action", "ConfirmSponsorship");
        await Expect(done.First).ToContainTextAsync("天文观测协会");
        await done.First.Locator("a").ClickAsync();
        await page.WaitForURLAsync($"**/Associations/Applications/Details/{d.Id}");

        // Filtered by another process: nothing, said so.
        await page.GotoAsync("/Tasks/Done?process=association-membership");
        await Expect(page.Locator("#nothing-done")).ToBeVisibleAsync();
    }
}
