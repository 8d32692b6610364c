using Microsoft.Playwright;
using ReformFlow.Tests.Setup;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>
/// Issue 8 in a real browser: the administrator issues first-sign-in links (a CSV download), the student opens theirs,
/// sets a password and signs in by number; the roles and audit pages; screenshots in zh-CN and English.
/// </summary>
public sealed class AccountsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Student_opens_the_first_sign_in_link_sets_a_password_and_signs_in_by_number()
    {
        _ = browser.Browser;
        var student = await new AccountKit(browser.App).AddStudentAsync(grade: 2032, name: "浏览器新生");
        var admin = await browser.SignInAsync("admin");
        await admin.Locator("nav a[href='/Admin/Accounts']").ClickAsync();
        await Expect(admin.Locator("#issue-form")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(admin, "80-accounts.zh-CN");

        await admin.FillAsync("#grade", "2032");
        var download = await admin.RunAndWaitForDownloadAsync(() => admin.ClickAsync("#issue-submit"));
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains(student.StudentNumber, csv);
        var url = csv.Split('"').First(c => c.Contains("/Account/SetPassword?token="));
        var path = new Uri(url).PathAndQuery;

        var page = await browser.NewPageAsync();
        await page.GotoAsync(path);
        await Expect(page.Locator("#set-password")).ToContainTextAsync(student.StudentNumber);
        await browser.ScreenshotAsync(page, "81-set-password.zh-CN");
        await page.GotoAsync("/culture?c=en&returnUrl=" + Uri.EscapeDataString(path));
        await Expect(page.Locator("#set-password h1")).ToContainTextAsync("set your password");
        await page.FillAsync("#Password", "short");
        await page.FillAsync("#Confirm", "short");
        await page.ClickAsync("#set-password-submit");
        await Expect(page.Locator("#errors")).ToContainTextAsync("at least 8 characters");
        await browser.ScreenshotAsync(page, "82-set-password-refused.en");
        await page.FillAsync("#Password", AccountKit.NewPassword);
        await page.FillAsync("#Confirm", AccountKit.NewPassword);
        await page.ClickAsync("#set-password-submit");
        await page.WaitForURLAsync("**/Account/Login");
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync(student.StudentNumber);
        await page.FillAsync("#UserName", student.StudentNumber);
        await page.FillAsync("#Password", AccountKit.NewPassword);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync("**/Tasks");
        await Expect(page.Locator(".who")).ToContainTextAsync("浏览器新生");

        // The link works once.
        await page.GotoAsync(path);
        await Expect(page.Locator("#link-invalid")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "83-set-password-used.en");

        // The administrator's other pages, in both languages.
        await admin.GotoAsync("/Admin/Roles?NewRole=ReviewCommitteeMember&PersonQ=T0100&UnitQ=" + Uri.EscapeDataString("评审"));
        await Expect(admin.Locator("#person-picks label").First).ToBeVisibleAsync();
        await Expect(admin.Locator("#unit-picks label")).ToHaveCountAsync(1);
        await browser.ScreenshotAsync(admin, "84-roles-assign.zh-CN");
        await admin.Locator("#person-picks input[value='T01005']").CheckAsync();
        await admin.Locator("#unit-picks input").First.CheckAsync();
        await admin.ClickAsync("#assign-submit");
        await Expect(admin.Locator(".alert.ok")).ToBeVisibleAsync();
        await admin.GotoAsync("/culture?c=en&returnUrl=" + Uri.EscapeDataString("/Admin/Roles?Person=T01005"));
        await Expect(admin.Locator("#role-list tbody tr")).ToHaveCountAsync(1);
        await browser.ScreenshotAsync(admin, "85-roles-list.en");
        await admin.GotoAsync("/Admin/Audit");
        await Expect(admin.Locator("#audit-list tbody tr").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(admin, "86-audit.en");
        await admin.GotoAsync("/culture?c=zh-CN&returnUrl=" + Uri.EscapeDataString("/Admin/Audit"));
        await Expect(admin.Locator("#audit-list")).ToContainTextAsync("授予角色");
        await browser.ScreenshotAsync(admin, "87-audit.zh-CN");
        await admin.GotoAsync("/culture?c=en&returnUrl=" + Uri.EscapeDataString("/Admin/Accounts?Q=" + student.StudentNumber));
        await Expect(admin.Locator("#account-list")).ToContainTextAsync("Active");
        await browser.ScreenshotAsync(admin, "88-accounts.en");
        Assert.Empty(browser.CspViolations);
    }
}
