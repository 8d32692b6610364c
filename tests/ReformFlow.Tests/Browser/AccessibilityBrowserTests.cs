using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>
/// Issue 9, must show: axe-core finds no serious or critical violation on any main page, on a desktop and on a
/// phone, in Chinese and English, each page opened by a role that may see it; and &lt;html lang&gt; follows the language.
/// </summary>
[Collection(MainPagesCollection.Name)]
public sealed class AccessibilityBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly HashSet<string> Blocking = ["serious", "critical"];
    private static readonly HashSet<string> English = ["login", "tasks", "applications", "application", "association", "annual-review", "union", "nomination", "accounts", "not-found"];

    [Fact]
    public async Task Axe_finds_no_serious_or_critical_violation_on_any_main_page_in_either_language()
    {
        _ = browser.Browser; // fails with the install hint when Chromium is missing
        var pages = await MainPages.OfAsync(browser.App);
        var failures = new List<string>();
        foreach (var locale in new[] { "zh-CN", "en" })
            // Every page in Chinese; in English those whose texts differ most in length (axe takes seconds a page).
            foreach (var reader in MainPages.ByReader(pages.Where(p => locale == "zh-CN" || English.Contains(p.Name))))
            {
                var page = reader.Key is null ? await browser.NewPageAsync(locale) : await browser.SignInAsync(reader.Key, locale);
                foreach (var main in reader)
                    failures.AddRange(await CheckAsync(page, main, locale, "desktop"));
                await page.Context.CloseAsync();
            }
        Assert.True(failures.Count == 0, "axe-core found serious or critical violations:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task Axe_finds_no_serious_or_critical_violation_on_a_phone_with_the_menu_open()
    {
        _ = browser.Browser;
        var pages = await MainPages.OfAsync(browser.App);
        var failures = new List<string>();
        foreach (var (name, locale) in new[] { ("application", "zh-CN"), ("union", "en"), ("structure", "zh-CN") })
        {
            var main = pages.Single(p => p.Name == name);
            var page = await browser.SignInAsync(main.User!, locale);
            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync(main.Path);
            await page.Locator("header .menu-toggle").ClickAsync();
            await Expect(page.Locator("#main-nav")).ToBeVisibleAsync();
            failures.AddRange(await CheckAsync(page, main with { Path = page.Url }, locale, "390 px, menu open", navigate: false));
            await page.Context.CloseAsync();
        }
        Assert.True(failures.Count == 0, "axe-core found serious or critical violations:\n" + string.Join("\n", failures));
    }

    /// <summary>Runs axe on the page; returns one line per serious or critical violation (id, impact, help, the elements).</summary>
    private async Task<IEnumerable<string>> CheckAsync(IPage page, MainPage main, string locale, string where, bool navigate = true)
    {
        if (navigate)
        {
            var response = await page.GotoAsync(main.Path);
            Assert.True(response!.Status == main.Status, $"{main.Path} as {main.User ?? "nobody"} answered {response.Status}, not {main.Status}.");
        }
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", locale);
        var result = await page.RunAxe();
        foreach (var minor in result.Violations.Where(v => !Blocking.Contains(v.Impact ?? "")))
            output.WriteLine($"{main.Name} ({locale}, {where}): {minor.Impact} {minor.Id}: {minor.Help} — {Targets(minor)}");
        return result.Violations.Where(v => Blocking.Contains(v.Impact ?? "")).Select(v =>
            $"{main.Name} ({main.Path}, {locale}, {where}): {v.Impact} {v.Id}: {v.Help} ({v.HelpUrl}) at {Targets(v)}");
    }

    /// <summary>What axe says is wrong with one element (the messages of its failed checks).</summary>
    private static string Why(AxeResultNode node) =>
        string.Join("; ", (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message).Where(m => !string.IsNullOrEmpty(m)).Distinct());

    private static string Targets(AxeResultItem violation) =>
        string.Join(" | ", violation.Nodes.Take(5).Select(n => $"{n.Target} {Why(n)}"))
        + (violation.Nodes.Length > 5 ? $" … and {violation.Nodes.Length - 5} more" : "");
}
