using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>The student import through its page: a file with one error is previewed and cannot be confirmed; the corrected file is confirmed. Screenshots in both languages.</summary>
public sealed class RosterImportBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Import_page_previews_a_file_with_one_error_then_confirms_the_corrected_file()
    {
        _ = browser.Browser; // fails with the install hint when Chromium is missing
        var app = browser.App;
        var (college, major, grade, className) = await app.WithDbAsync(async db =>
        {
            var c = await db.Colleges.OrderBy(x => x.Code).FirstAsync();
            var m = await db.Majors.Where(x => x.CollegeId == c.Id).OrderBy(x => x.Name).FirstAsync();
            var g = await db.ClassGroups.Where(x => x.MajorId == m.Id && x.Grade == 2025).FirstAsync();
            return (c.Name, m.Name, g.Grade, g.Name);
        });
        string Csv(string political) =>
            "学号,姓名,学院,专业,年级,班级,学籍状态,政治面貌\r\n" +
            $"2099000001,林一,{college},{major},{grade},{className},在籍,共青团员\r\n" +
            $"2099000002,林二,{college},{major},{grade},{className},在籍,{political}\r\n";
        FilePayload File(string political) => new() { Name = "学生名单.csv", MimeType = "text/csv", Buffer = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Csv(political))] };

        var admin = await browser.SignInAsync("admin");
        await admin.Locator("nav a[href='/Admin/Import']").ClickAsync();
        await browser.ScreenshotAsync(admin, "60-import-upload.zh-CN");
        await admin.SetInputFilesAsync("#import-form input[type=file]", File("无党派"));
        await admin.ClickAsync("#upload");
        await Expect(admin.Locator("#import-errors tbody tr")).ToHaveCountAsync(1);
        await Expect(admin.Locator("#import-errors tbody tr")).ToContainTextAsync("政治面貌");
        await Expect(admin.Locator("#import-errors tbody tr td").First).ToHaveTextAsync("3");
        await Expect(admin.Locator("#confirm")).ToBeDisabledAsync();
        await browser.ScreenshotAsync(admin, "61-import-preview-error.zh-CN");

        // The same preview in English.
        await admin.GotoAsync("/culture?c=en&returnUrl=" + Uri.EscapeDataString(new Uri(admin.Url).PathAndQuery));
        await Expect(admin.Locator("#import-errors")).ToContainTextAsync("is not a political status");
        await browser.ScreenshotAsync(admin, "61-import-preview-error.en");

        await admin.GotoAsync("/Admin/Import");
        await admin.SetInputFilesAsync("#import-form input[type=file]", File("群众"));
        await admin.ClickAsync("#upload");
        await Expect(admin.Locator("#counts")).ToContainTextAsync("New students: 2");
        await browser.ScreenshotAsync(admin, "62-import-preview-ok.en");
        Assert.Equal(0, await app.WithDbAsync(db => db.Students.CountAsync(s => s.StudentNumber.StartsWith("2099"))));
        await admin.ClickAsync("#confirm");
        await Expect(admin.Locator(".alert.ok")).ToContainTextAsync("2 new");
        Assert.Equal(2, await app.WithDbAsync(db => db.Students.CountAsync(s => s.StudentNumber.StartsWith("2099"))));
    }

    [Fact]
    public async Task Import_page_offers_each_kind_with_its_template_and_imports_teachers()
    {
        _ = browser.Browser;
        var app = browser.App;
        var college = await app.WithDbAsync(db => db.Colleges.OrderBy(x => x.Code).Select(c => c.Name).FirstAsync());
        var csv = $"工号,姓名,学院,政治面貌\r\nT20990001,韩老师,{college},中共党员\r\n";

        var admin = await browser.SignInAsync("admin");
        await admin.GotoAsync("/Admin/Import");
        await admin.ClickAsync("#kind-Teachers");
        await Expect(admin.Locator("#template")).ToHaveAttributeAsync("href", "/Admin/Import?handler=Template&kind=Teachers");
        await Expect(admin.Locator("#import-intro")).ToContainTextAsync("工号");
        await Expect(admin.Locator("input[name=fullRoster]")).ToHaveCountAsync(0);
        await admin.SetInputFilesAsync("#import-form input[type=file]",
            new FilePayload { Name = "教师名单.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await admin.ClickAsync("#upload");
        await Expect(admin.Locator("#counts")).ToContainTextAsync("新增教师: 1");
        await browser.ScreenshotAsync(admin, "63-import-teachers-preview.zh-CN");
        await admin.GotoAsync("/culture?c=en&returnUrl=" + Uri.EscapeDataString(new Uri(admin.Url).PathAndQuery));
        await Expect(admin.Locator("#counts")).ToContainTextAsync("New teachers: 1");
        await browser.ScreenshotAsync(admin, "63-import-teachers-preview.en");
        await admin.ClickAsync("#confirm");
        await Expect(admin.Locator(".alert.ok")).ToContainTextAsync("1 new teachers");
        Assert.True(await app.WithDbAsync(db => db.Teachers.AnyAsync(t => t.StaffNumber == "T20990001" && t.IsPartyMember)));

        await admin.ClickAsync("#kind-AcademicRecords");
        await Expect(admin.Locator("#template")).ToHaveAttributeAsync("href", "/Admin/Import?handler=Template&kind=AcademicRecords");
        await browser.ScreenshotAsync(admin, "64-import-academic-upload.en");
        var template = await admin.APIRequest.GetAsync("/Admin/Import?handler=Template&kind=AcademicRecords");
        Assert.Equal(200, template.Status);
        Assert.Equal("学号", Setup.ImportKit.Headers(await template.BodyAsync())[0]);
    }
}
