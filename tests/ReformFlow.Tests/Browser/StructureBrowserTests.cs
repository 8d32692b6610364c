using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>The administrator's structure page in a real browser: reached from the menu, a college added and searched, screenshots in both languages.</summary>
public sealed class StructureBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Structure_page_adds_a_college_and_finds_it_by_search_in_both_languages()
    {
        _ = browser.Browser; // fails with the install hint when Chromium is missing
        var admin = await browser.SignInAsync("admin");
        await admin.Locator("nav a[href='/Admin/Structure']").ClickAsync();
        await Expect(admin.Locator("#structure-list tbody tr").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(admin, "70-structure-colleges.zh-CN");

        await admin.FillAsync("#code", "ZZ99");
        await admin.FillAsync("#name", "浏览器测试学院");
        await admin.FillAsync("#name-en", "College of Browser Tests");
        await admin.Locator("#structure-form button[type=submit]").First.ClickAsync();
        await Expect(admin.Locator("#structure-list")).ToContainTextAsync("浏览器测试学院");

        await admin.GotoAsync("/culture?c=en&returnUrl=" + Uri.EscapeDataString("/Admin/Structure?Kind=College&Q=ZZ99"));
        await Expect(admin.Locator("#structure-list tbody tr")).ToHaveCountAsync(1);
        await Expect(admin.Locator("#structure-list")).ToContainTextAsync("College of Browser Tests");
        await browser.ScreenshotAsync(admin, "71-structure-search.en");

        await admin.GotoAsync("/Admin/Structure?Kind=Unit");
        await Expect(admin.Locator("#structure-list tbody tr").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(admin, "72-structure-units.en");
    }
}
