using Microsoft.Playwright;
using ReformFlow.Workflows.Demo;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>
/// Issue 9, errors people can read, in a real browser: the draft form says AS-2.2 as soon as the category or the
/// instructor is chosen, and a button that cannot be undone asks first (Cancel changes nothing, OK acts).
/// </summary>
public sealed class FormsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("zh-CN", "不是中共党员")]
    [InlineData("en", "is not a Communist Party member")]
    public async Task AS_2_2_the_draft_form_warns_at_once_when_a_volunteer_association_names_a_teacher_who_is_not_a_Party_member(string locale, string says)
    {
        var page = await browser.SignInAsync(DemoData.Initiator, locale);
        await page.GotoAsync("/Associations/Applications/New");
        await Expect(page.Locator("#instructor-warnings")).ToBeEmptyAsync();

        // The teacher is picked from the bank; an academic association may have them: nothing is said.
        await page.Locator("#Draft_Instructors").PressSequentiallyAsync(DemoData.NonPartyInstructor);
        await Expect(page.Locator($"#instructor-picker [role=option][data-value='{DemoData.NonPartyInstructor}']")).ToBeVisibleAsync();
        await page.Locator("#Draft_Instructors").PressAsync("ArrowDown");
        await page.Locator("#Draft_Instructors").PressAsync("Enter");
        await page.SelectOptionAsync("#Draft_Category", "Academic");
        await Expect(page.Locator("#instructor-picker .picker-chips input[type=hidden]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#instructor-warnings")).ToBeEmptyAsync();

        // A volunteer association: the warning appears beside the field at once, before anything is saved.
        await page.SelectOptionAsync("#Draft_Category", "VolunteerPublicWelfare");
        await Expect(page.Locator("#instructor-warnings")).ToContainTextAsync(says);
        await browser.ScreenshotAsync(page, $"forms-as22-warning.{locale}");

        // Removing the teacher (or going back to academic) clears it.
        await page.Locator("#instructor-picker .picker-remove").ClickAsync();
        await Expect(page.Locator("#instructor-warnings")).ToBeEmptyAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Ending_a_committee_seat_asks_first_cancel_changes_nothing_and_OK_ends_it()
    {
        var admin = await browser.SignInAsync("admin");
        await admin.GotoAsync("/Associations/Committee");
        var seat = admin.Locator("#seats tr[data-user='member2']");
        await Expect(seat).ToHaveCountAsync(1);

        browser.DismissDialogs(admin);
        await admin.ClickAsync("#end-member2");
        await Expect(seat).ToHaveCountAsync(1);
        var asked = Assert.Single(browser.DialogsOn(admin));
        Assert.Contains("结束任职", asked);
        Assert.Contains("无法撤销", asked);
        await admin.ReloadAsync();
        await Expect(seat).ToHaveCountAsync(1);

        browser.DismissDialogs(admin, false);
        await admin.ClickAsync("#end-member2");
        await Expect(admin.Locator(".alert.ok").First).ToBeVisibleAsync();
        await Expect(seat).ToHaveCountAsync(0);
        Assert.Equal(2, browser.DialogsOn(admin).Count);
        await admin.Context.CloseAsync();
    }
}
