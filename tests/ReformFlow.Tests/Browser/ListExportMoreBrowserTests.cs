using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>The nominations and instructor evaluations lists with their filter bar and export link, in both languages (screenshots).</summary>
public sealed class ListExportMoreBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Nominations_and_evaluations_lists_filter_from_their_bar_in_both_languages()
    {
        _ = browser.Browser; // fails with the install hint when Chromium is missing
        var kit = new Unions.UnionKit(browser.App);
        var nominee = await kit.NomineeAsync();
        await kit.NominatedAsync("phy.league", "SchoolPresidium", await kit.SchoolUnionIdAsync(), nominee, "PresidiumMember");

        foreach (var locale in new[] { "zh-CN", "en" })
        {
            var page = await browser.SignInAsync("swd", locale);
            await page.GotoAsync("/Unions");
            await page.ClickAsync("#nominations-link");
            await page.FillAsync("#nominations-filters input[name=q]", nominee);
            await page.ClickAsync("#nominations-filters button[type=submit]");
            await page.WaitForURLAsync("**/Unions/Nominations?*");
            await Expect(page.Locator("#nominations tbody tr")).ToHaveCountAsync(1);
            await Expect(page.Locator("#nominations")).ToContainTextAsync(nominee);
            await Expect(page.Locator("#export-xlsx")).ToBeVisibleAsync();
            await browser.ScreenshotAsync(page, $"91-nominations-list.{locale}");

            await page.GotoAsync("/Instructors/Evaluations");
            await Expect(page.Locator("#evaluations-filters")).ToBeVisibleAsync();
            await Expect(page.Locator("#export-xlsx")).ToBeVisibleAsync();
            await browser.ScreenshotAsync(page, $"92-evaluations-list.{locale}");
            await page.Context.CloseAsync();
        }
    }
}
