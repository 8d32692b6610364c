using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>
/// Issue 9, phones: every main page at a phone's 390×844 (and some at 360 px) in Chinese and English fits the
/// screen's width; wide tables scroll inside their own box; the menu folds away behind a button that opens it.
/// </summary>
[Collection(MainPagesCollection.Name)]
public sealed class PhoneLayoutBrowserTests(BrowserFixture browser)
{
    /// <summary>Pages taken as screenshots (the rest are only measured).</summary>
    private static readonly HashSet<string> Pictured = ["tasks", "application", "association", "annual-review", "union", "structure"];

    [Fact]
    public async Task Every_main_page_fits_a_390_px_phone_in_both_languages()
    {
        _ = browser.Browser; // fails with the install hint when Chromium is missing
        var pages = await MainPages.OfAsync(browser.App);
        var failures = new List<string>();
        foreach (var locale in new[] { "zh-CN", "en" })
            foreach (var reader in MainPages.ByReader(pages))
            {
                var page = await OpenAsAsync(reader.Key, locale);
                await page.SetViewportSizeAsync(390, 844);
                foreach (var main in reader)
                {
                    var overflow = await VisitAsync(page, main, locale);
                    if (overflow is not null) failures.Add($"{main.Name} ({main.Path}, {locale}, 390 px): {overflow}");
                    else if (Pictured.Contains(main.Name)) await browser.ScreenshotAsync(page, $"95-phone-{main.Name}.{locale}");
                }
                await page.Context.CloseAsync();
            }
        Assert.True(failures.Count == 0, "Wider than the phone's screen:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task The_narrowest_phones_360_px_fit_too()
    {
        _ = browser.Browser;
        var pages = await MainPages.OfAsync(browser.App);
        var failures = new List<string>();
        foreach (var (name, locale) in new[] { ("application", "zh-CN"), ("association", "en"), ("union", "zh-CN"), ("accounts", "en"), ("tasks", "zh-CN") })
        {
            var main = pages.Single(p => p.Name == name);
            var page = await OpenAsAsync(main.User, locale);
            await page.SetViewportSizeAsync(360, 740);
            var overflow = await VisitAsync(page, main, locale);
            if (overflow is not null) failures.Add($"{main.Name} ({main.Path}, {locale}, 360 px): {overflow}");
            else await browser.ScreenshotAsync(page, $"96-phone-360-{main.Name}.{locale}");
            await page.Context.CloseAsync();
        }
        Assert.True(failures.Count == 0, "Wider than the phone's screen:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task The_menu_folds_behind_a_button_that_opens_it_and_its_links_work()
    {
        _ = browser.Browser;
        foreach (var (locale, label) in new[] { ("zh-CN", "社团名录"), ("en", "Associations") })
        {
            var page = await browser.SignInAsync("admin", locale);
            await page.SetViewportSizeAsync(390, 844);
            var toggle = page.Locator("header .menu-toggle");
            var link = page.Locator("#main-nav a[href='/Associations']");
            await Expect(toggle).ToBeVisibleAsync();
            await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
            await Expect(link).ToBeHiddenAsync();
            var header = await page.Locator("header.topbar").BoundingBoxAsync();
            Assert.True(header!.Height < 844 / 4, $"The folded header is {header.Height} px high in {locale}.");

            await toggle.ClickAsync();
            await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
            await Expect(link).ToBeVisibleAsync();
            await Expect(link).ToHaveTextAsync(label);
            await Expect(page.Locator("#main-nav a[href='/Admin/Accounts']")).ToBeVisibleAsync(); // the administration group too
            Assert.Null(await OverflowAsync(page));
            await browser.ScreenshotAsync(page, $"97-phone-menu-open.{locale}");

            await link.ClickAsync();
            await page.WaitForURLAsync("**/Associations");
            await Expect(page.Locator("h1")).ToBeVisibleAsync();
            await Expect(link).ToBeHiddenAsync(); // a new page starts folded again

            // On a desktop the whole menu shows and the button does not.
            await page.SetViewportSizeAsync(1280, 900);
            await Expect(toggle).ToBeHiddenAsync();
            await Expect(link).ToBeVisibleAsync();
            await browser.ScreenshotAsync(page, $"97-desktop-menu.{locale}");
            await page.Context.CloseAsync();
        }
    }

    private async Task<IPage> OpenAsAsync(string? user, string locale) =>
        user is null ? await browser.NewPageAsync(locale) : await browser.SignInAsync(user, locale);

    /// <summary>Opens the page in the language (checking the answer and &lt;html lang&gt;); returns what overflows, or null.</summary>
    private static async Task<string?> VisitAsync(IPage page, MainPage main, string locale)
    {
        var response = await page.GotoAsync(main.Path);
        Assert.True(response!.Status == main.Status, $"{main.Path} as {main.User ?? "nobody"} answered {response.Status}, not {main.Status}.");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", locale);
        return await OverflowAsync(page);
    }

    /// <summary>
    /// Null when the page is no wider than the window; otherwise its width and the widest elements that stick out
    /// (outside any box that scrolls on its own), deepest first, so the message names the culprit.
    /// </summary>
    public static Task<string?> OverflowAsync(IPage page) => page.EvaluateAsync<string?>("""
        () => {
          const width = window.innerWidth, scroll = document.documentElement.scrollWidth;
          if (scroll <= width) return null;
          const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) { const s = getComputedStyle(p).overflowX; if (s === 'auto' || s === 'scroll' || s === 'hidden') return true; } return false; };
          const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.classList.length ? '.' + [...el.classList].join('.') : '');
          const wide = [...document.body.querySelectorAll('*')].filter(el => el.getBoundingClientRect().right > width + 0.5);
          // Outside any scrolling box; failing that (an absolutely placed child escapes its box's clipping), all of them.
          const inside = wide.filter(el => !scrolls(el)), out = inside.length ? inside : wide;
          const leaves = out.filter(el => !out.some(o => o !== el && el.contains(o)));
          leaves.sort((a, b) => b.getBoundingClientRect().width - a.getBoundingClientRect().width);
          const path = el => { const parts = []; for (let e = el; e && e !== document.body; e = e.parentElement) parts.unshift(name(e)); return parts.slice(-4).join(' > '); };
          return `page ${scroll} px wide in a ${width} px window; widest: ` + leaves.slice(0, 3).map(el => {
            const r = el.getBoundingClientRect();
            return `${path(el)} (${Math.round(r.width)} px, right edge ${Math.round(r.right)}: "${(el.textContent || '').trim().slice(0, 40)}")`;
          }).join('; ');
        }
        """);
}
