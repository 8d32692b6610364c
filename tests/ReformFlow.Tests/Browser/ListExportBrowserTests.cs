using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ReformFlow.Tests.Platform;
using ReformFlow.Workflows.Email;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>
/// A list searched in its filter bar, paged by its links, and exported: the downloaded .xlsx, opened with MiniExcel,
/// holds exactly the rows the pages show, in the same order. Screenshots of two lists with their filter bar in both languages.
/// </summary>
public sealed class ListExportBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Outbox_search_pages_and_the_downloaded_xlsx_holds_the_rows_the_pages_show()
    {
        _ = browser.Browser; // fails with the install hint when Chromium is missing
        var marker = "导出浏览器" + Guid.NewGuid().ToString("N")[..4];
        await browser.App.WithDbAsync(async db =>
        {
            var uni = await db.Universities.Select(u => u.Id).FirstAsync();
            var start = browser.App.Clock.GetUtcNow().AddHours(-2);
            for (var i = 0; i < 60; i++)
                db.Outbox.Add(new OutboxMessage
                {
                    UniversityId = uni, ToAddress = $"x{i}@example.edu.cn", ToName = $"读者{i}", Subject = $"{marker} 第{i:D2}封",
                    Body = "-", Status = i % 10 == 0 ? OutboxStatus.Failed : OutboxStatus.Sent, Attempts = 1, LastError = i % 10 == 0 ? "550 mailbox unavailable" : null,
                    CreatedAt = start.AddMinutes(i), NextAttemptAt = start.AddMinutes(i),
                });
            return await db.SaveChangesAsync();
        });

        foreach (var locale in new[] { "zh-CN", "en" })
        {
            var page = await browser.SignInAsync("admin", locale);
            await page.GotoAsync("/Admin/Outbox");
            await page.FillAsync("#outbox-filters input[name=q]", marker);
            await page.ClickAsync("#outbox-filters button[type=submit]");
            await page.WaitForURLAsync("**/Admin/Outbox?*");
            await Expect(page.Locator("#outbox tbody tr")).ToHaveCountAsync(50);
            await Expect(page.Locator(".pager")).ToContainTextAsync(locale == "en" ? "Page 1 of 2 · 60 in all" : "第 1 / 2 页，共 60 条");
            await browser.ScreenshotAsync(page, $"90-outbox-filters.{locale}");
            var shown = await page.Locator("#outbox tbody tr td:nth-child(3)").AllInnerTextsAsync();
            await page.ClickAsync(".pager-next");
            await Expect(page.Locator("#outbox tbody tr")).ToHaveCountAsync(10);
            shown = [.. shown, .. await page.Locator("#outbox tbody tr td:nth-child(3)").AllInnerTextsAsync()];
            Assert.Equal($"{marker} 第59封", shown[0]);

            // Export from page 2: every row of the search, not only this page, in the list's order.
            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-xlsx"));
            Assert.EndsWith(".xlsx", download.SuggestedFilename);
            var path = Path.Combine(browser.ScreenshotFolder, $"outbox-export.{locale}.xlsx");
            await download.SaveAsAsync(path);
            var rows = ListExportTests.Rows(await File.ReadAllBytesAsync(path));
            var subject = locale == "en" ? "Subject" : "主题";
            Assert.Equal(shown, rows.Select(r => (string?)r[subject]));
            Assert.Equal(6, rows.Count(r => (string?)r[locale == "en" ? "Status" : "状态"] == (locale == "en" ? "Failed" : "发送失败")));

            // A filter narrows both the page and the export.
            await page.SelectOptionAsync("#outbox-filters select[name=status]", "Failed");
            await page.ClickAsync("#outbox-filters button[type=submit]");
            await Expect(page.Locator("#outbox tbody tr")).ToHaveCountAsync(6);
            download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-xlsx"));
            await download.SaveAsAsync(path);
            Assert.Equal(6, ListExportTests.Rows(await File.ReadAllBytesAsync(path)).Count);

            await page.GotoAsync("/Associations");
            await Expect(page.Locator("#associations-filters #export-xlsx")).ToBeVisibleAsync();
            await browser.ScreenshotAsync(page, $"91-associations-filters.{locale}");
            await page.Context.CloseAsync();
        }
    }
}
