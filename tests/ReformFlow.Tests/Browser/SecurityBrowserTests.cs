using Microsoft.Playwright;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>Issue 7: the Content-Security-Policy forbids inline script, and the pages still work under it in a real browser.</summary>
public sealed class SecurityBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Security_the_process_diagram_draws_under_the_content_security_policy()
    {
        _ = browser.Browser; // fails with the install hint when Chromium is missing
        var (id, _) = await new Founding(browser.App).CreateDraftAsync("安全策略演示协会");

        foreach (var locale in new[] { "zh-CN", "en" })
        {
            var page = await browser.SignInAsync(DemoData.Initiator, locale, diagrams: true);
            var response = await page.GotoAsync($"/Associations/Applications/Details/{id}");
            Assert.StartsWith("default-src 'self'; script-src 'self';", await response!.HeaderValueAsync("content-security-policy"));
            // Mermaid (vendored, loaded from our own origin) replaces the text with an SVG of the states.
            await page.Locator("#diagram svg").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            await Expect(page.Locator("#diagram svg .node").First).ToBeVisibleAsync();
            await browser.ScreenshotAsync(page, $"30-diagram-under-csp.{locale}"); // also fails on any CSP violation
            await page.Context.CloseAsync();
        }

        // The administrators' job dashboard (Hangfire, with its own inline script) runs under its relaxed policy.
        var admin = await browser.SignInAsync("admin");
        await admin.GotoAsync("/hangfire");
        await admin.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(admin.Locator(".navbar")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(admin, "31-hangfire-under-csp.zh-CN");
        Assert.Empty(browser.CspViolations);
    }
}
