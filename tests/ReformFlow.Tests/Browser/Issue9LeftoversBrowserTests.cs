using Microsoft.Playwright;
using ReformFlow.Tests.Memberships;
using ReformFlow.Tests.Platform;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>
/// Issue 9's leftovers in a real browser, in zh-CN and English: the unions list's export downloaded and opened; a leader's
/// removal asks first and, refused, keeps the typed reason; the removed member's page says so; a refused committee seat keeps
/// its date. Screenshots of each.
/// </summary>
public sealed class Issue9LeftoversBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Unions_list_downloads_its_xlsx_with_the_rows_the_page_shows()
    {
        _ = browser.Browser;
        foreach (var locale in new[] { "zh-CN", "en" })
        {
            var page = await browser.SignInAsync("league", locale);
            await page.GotoAsync("/Unions?level=College");
            await Expect(page.Locator("#unions-filters #export-xlsx")).ToBeVisibleAsync();
            await browser.ScreenshotAsync(page, $"95-unions-export.{locale}");
            var shown = await page.Locator("#unions tbody tr td:first-child").AllInnerTextsAsync();
            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-xlsx"));
            Assert.EndsWith(".xlsx", download.SuggestedFilename);
            var path = Path.Combine(browser.ScreenshotFolder, $"unions-export.{locale}.xlsx");
            await download.SaveAsAsync(path);
            var rows = ListExportTests.Rows(await File.ReadAllBytesAsync(path));
            Assert.Equal(shown, rows.Select(r => (string?)r[locale == "en" ? "Union" : "学生会"]));
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_leaders_removal_asks_first_keeps_a_refused_reason_and_the_removed_member_reads_why()
    {
        _ = browser.Browser;
        var kit = new MembershipKit(browser.App);
        var a = await kit.AssociationAsync(name: "剪纸社");
        var member = await kit.FreshStudentAsync();
        await kit.JoinAsync(member, a);

        var leader = await browser.SignInAsync(a.Leader);
        await leader.GotoAsync($"/Associations/Details/{a.Id}");
        // Longer than a reason may be (as a client without the field's limit would send): refused, the text stays in its field.
        var tooLong = "多次无故缺席" + new string('长', 500);
        await leader.EvaluateAsync("([id, v]) => { const f = document.getElementById(id); f.removeAttribute('maxlength'); f.value = v; }",
            new object[] { $"remove-reason-{member}", tooLong });
        await leader.ClickAsync($"#remove-{member}");
        await Expect(leader.Locator("#errors")).ToBeVisibleAsync();
        Assert.Equal(tooLong, await leader.InputValueAsync($"#remove-reason-{member}"));
        Assert.Single(browser.DialogsOn(leader));
        await browser.ScreenshotAsync(leader, "96-removal-refused-kept.zh-CN");

        // Declining the confirmation sends nothing; accepting it removes the member.
        await leader.FillAsync($"#remove-reason-{member}", "多次无故缺席排练");
        browser.DismissDialogs(leader);
        await leader.ClickAsync($"#remove-{member}");
        Assert.Equal(1, await kit.ActiveMembershipsAsync(member));
        browser.DismissDialogs(leader, false);
        await leader.ClickAsync($"#remove-{member}");
        await Expect(leader.Locator($"#remove-{member}")).ToHaveCountAsync(0);
        Assert.Equal(0, await kit.ActiveMembershipsAsync(member));

        // The leader's done list, filtered by this year, lists the removal; the roster offers the year joined.
        var year = TimeZoneInfo.ConvertTime(browser.App.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Year.ToString();
        foreach (var locale in new[] { "zh-CN", "en" })
        {
            var page = locale == "zh-CN" ? leader : await browser.SignInAsync(a.Leader, locale);
            await page.GotoAsync("/Tasks/Done");
            await page.SelectOptionAsync("#done-filters select[name=year]", year);
            await page.ClickAsync("#done-filters button[type=submit]");
            await Expect(page.Locator("#done")).ToContainTextAsync("多次无故缺席排练");
            await browser.ScreenshotAsync(page, $"99-done-year.{locale}");
            await page.GotoAsync($"/Associations/Details/{a.Id}?year={year}");
            await Expect(page.Locator("#roster-filters select[name=year]")).ToHaveValueAsync(year);
            await browser.ScreenshotAsync(page, $"99-roster-year.{locale}");
        }

        foreach (var locale in new[] { "zh-CN", "en" })
        {
            var page = await browser.SignInAsync(member, locale);
            await page.GotoAsync($"/Associations/Details/{a.Id}");
            await Expect(page.Locator("#you-were-removed")).ToContainTextAsync("多次无故缺席排练");
            await Expect(page.Locator("#you-were-removed")).ToContainTextAsync(locale == "en" ? "You were removed" : "移出本社团");
            await browser.ScreenshotAsync(page, $"97-removed-member.{locale}");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_refused_committee_seat_keeps_the_typed_date()
    {
        _ = browser.Browser;
        foreach (var locale in new[] { "zh-CN", "en" })
        {
            var admin = await browser.SignInAsync("admin", locale);
            await admin.GotoAsync("/Associations/Committee");
            await admin.FillAsync("#UserName", "T01004");
            await admin.SelectOptionAsync("#Constituency", "RelevantDepartment");
            await admin.FillAsync("#Since", "2026-09-01");
            await admin.ClickAsync("#do-add-seat");
            await Expect(admin.Locator("#errors")).ToBeVisibleAsync();
            Assert.Equal("2026-09-01", await admin.InputValueAsync("#Since"));
            Assert.Equal("T01004", await admin.InputValueAsync("#UserName"));
            Assert.Equal("RelevantDepartment", await admin.InputValueAsync("#Constituency"));
            await browser.ScreenshotAsync(admin, $"98-committee-refused-kept.{locale}");
            await admin.Context.CloseAsync();
        }
    }
}
