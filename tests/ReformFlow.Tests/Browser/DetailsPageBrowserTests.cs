using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>
/// Issue 9: a details page prints as the record alone (no menu, forms, buttons or diagram), and the process diagram
/// of every kind of item is laid out so that each label reads, in both languages.
/// </summary>
[Collection(MainPagesCollection.Name)]
public sealed class DetailsPageBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_details_page_prints_the_record_without_the_sites_frame_forms_or_diagram()
    {
        _ = browser.Browser; // fails with the install hint when Chromium is missing
        var pages = await MainPages.OfAsync(browser.App);
        foreach (var (name, locale) in new[] { ("application", "zh-CN"), ("annual-review", "en") })
        {
            var main = pages.Single(p => p.Name == name);
            var page = await browser.SignInAsync(main.User!, locale);
            await page.GotoAsync(main.Path);
            await Expect(page.Locator("main form").First).ToBeVisibleAsync(); // the chair has forms on screen …
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            foreach (var hidden in new[] { "header.topbar", "footer", "#diagram-box", "main form", "main button", "main .btn" })
                foreach (var element in await page.Locator(hidden).AllAsync())
                    await Expect(element).ToBeHiddenAsync(); // … but none on paper
            await Expect(page.Locator("h1")).ToBeVisibleAsync();
            await Expect(page.Locator("#history")).ToBeVisibleAsync();
            // Full width: the history table uses the page's width and nothing sticks out of it.
            var width = await page.EvaluateAsync<double>("() => document.documentElement.clientWidth");
            var history = await page.Locator("#history").BoundingBoxAsync();
            Assert.True(history!.Width > width * 0.9, $"The history is {history.Width} px wide on a {width} px page.");
            Assert.Null(await PhoneLayoutBrowserTests.OverflowAsync(page));
            await browser.ScreenshotAsync(page, $"98-print-{name}.{locale}");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Every_process_diagram_is_laid_out_so_that_no_two_labels_overlap()
    {
        _ = browser.Browser;
        var pages = await MainPages.OfAsync(browser.App);
        var failures = new List<string>();
        foreach (var locale in new[] { "zh-CN", "en" })
            foreach (var main in pages.Where(p => p.Name is "application" or "annual-review" or "evaluation" or "renewal" or "nomination"))
            {
                var page = await browser.SignInAsync(main.User!, locale, diagrams: true);
                await page.GotoAsync(main.Path);
                await page.Locator("#diagram-box summary").ClickAsync();
                await page.Locator("#diagram-box[data-drawn] #diagram svg").WaitForAsync();
                var labels = await page.Locator("#diagram svg g.edgeLabel").CountAsync();
                Assert.True(labels > 0, $"No transition labels in the diagram of {main.Path}.");
                var overlaps = await page.EvaluateAsync<string[]>(Overlaps);
                if (overlaps.Length > 0) failures.Add($"{main.Name} ({locale}): " + string.Join("; ", overlaps));
                await page.Locator("#diagram-box").ScreenshotAsync(new() { Path = Path.Combine(browser.ScreenshotFolder, $"99-diagram-{main.Name}.{locale}.png") });
                await page.Context.CloseAsync();
            }
        Assert.True(failures.Count == 0, "Diagram labels overlap:\n" + string.Join("\n", failures));
    }

    /// <summary>Pairs of transition labels, or a label and a state box, whose boxes on screen intersect.</summary>
    private const string Overlaps = """
        () => {
          const box = el => { const r = el.getBoundingClientRect(); return { l: r.left, t: r.top, r: r.right, b: r.bottom, text: el.textContent.trim() }; };
          const labels = [...document.querySelectorAll('#diagram svg g.edgeLabel')].map(el => el.querySelector('.label') || el)
            .map(box).filter(b => b.text && b.r - b.l > 0);
          const states = [...document.querySelectorAll('#diagram svg g.node')].map(box).filter(b => b.r - b.l > 0);
          const cross = (a, b) => a.l < b.r - 1 && b.l < a.r - 1 && a.t < b.b - 1 && b.t < a.b - 1;
          const found = [];
          labels.forEach((a, i) => labels.slice(i + 1).forEach(b => { if (cross(a, b)) found.push(`"${a.text}" and "${b.text}"`); }));
          labels.forEach(a => states.forEach(s => { if (cross(a, s)) found.push(`"${a.text}" over the state "${s.text}"`); }));
          return found;
        }
        """;
}
