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
            Assert.Null(await response.HeaderValueAsync("server")); // real Kestrel here, not the test server
            // Mermaid (vendored, loaded from our own origin, only when the diagram is opened) replaces the text with an SVG of the states.
            await page.Locator("#diagram-box summary").ClickAsync();
            await page.Locator("#diagram svg").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            await Expect(page.Locator("#diagram svg .node").First).ToBeVisibleAsync();
            await browser.ScreenshotAsync(page, $"30-diagram-under-csp.{locale}"); // also fails on any CSP violation
            await page.Context.CloseAsync();
        }

        // The administrators' job dashboard (Hangfire's own pages and scripts) works under the same policy.
        var admin = await browser.SignInAsync("admin");
        foreach (var (path, n) in new[] { ("/hangfire", 31), ("/hangfire/jobs/enqueued", 32), ("/hangfire/recurring", 33), ("/hangfire/servers", 34) })
        {
            await admin.GotoAsync(path);
            await admin.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Expect(admin.Locator(".navbar")).ToBeVisibleAsync();
            await browser.ScreenshotAsync(admin, $"{n}-hangfire-under-csp.zh-CN");
        }
        Assert.Empty(browser.CspViolations);
    }
}
