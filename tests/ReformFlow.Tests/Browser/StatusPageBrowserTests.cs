using System.Net;
using Microsoft.Playwright;
using ReformFlow.Workflows.Demo;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>
/// Issue 9, errors people can read: a mistyped address, an item outside the reader's scope and /hangfire for a
/// non-administrator give a page in the reader's language with the reason and a way on; the API keeps problem details.
/// </summary>
public sealed class StatusPageBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Status_pages_say_what_happened_in_the_readers_language_with_a_way_on()
    {
        _ = browser.Browser;
        // Anonymous, in English: a mistyped address.
        var page = await browser.NewPageAsync("en");
        var response = await page.GotoAsync("/Associations/Nothing-here");
        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Expect(page.Locator("#status-page h1")).ToHaveTextAsync("Page not found");
        await Expect(page.Locator("header.topbar .brand")).ToBeVisibleAsync(); // the site's own header, not a bare blob
        await browser.ScreenshotAsync(page, "90-status-404.en");
        // The language switch stays on the address asked for.
        await page.Locator("header .lang a").ClickAsync();
        await Expect(page.Locator("#status-page h1")).ToHaveTextAsync("页面不存在");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Associations/Nothing-here$"));
        await page.GotoAsync("/culture?c=en&returnUrl=%2F");

        // Anonymous at the job dashboard: asked to sign in, and brought back afterwards.
        response = await page.GotoAsync("/hangfire");
        Assert.Equal((int)HttpStatusCode.Unauthorized, response!.Status);
        await Expect(page.Locator("#status-sign-in")).ToHaveAttributeAsync("href", "/Account/Login?ReturnUrl=%2Fhangfire");

        // A student, in Chinese: the dashboard is refused with the reason; an item outside their scope is not found.
        var student = await browser.SignInAsync(DemoData.Initiator);
        response = await student.GotoAsync("/hangfire");
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        await Expect(student.Locator("#status-page h1")).ToHaveTextAsync("您无权查看此内容");
        await browser.ScreenshotAsync(student, "91-status-403.zh-CN");
        response = await student.GotoAsync($"/Associations/Applications/Details/{Guid.NewGuid()}");
        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Expect(student.Locator("#status-page h1")).ToHaveTextAsync("页面不存在");
        await student.Locator("#status-tasks").ClickAsync();
        await Expect(student).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Tasks$"));

        // The API is unchanged: problem details, not the page.
        using var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        using var api = await http.GetAsync("/api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }
}
