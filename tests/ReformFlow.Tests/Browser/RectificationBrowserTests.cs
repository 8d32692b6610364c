using Microsoft.Playwright;
using ReformFlow.Tests.AnnualReview;
using ReformFlow.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>AS-1.5 rectification and the AS-1.8 committee page through the UI, in Chinese and English, with screenshots.</summary>
public sealed class RectificationBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AS_1_5_a_rectification_decided_reported_and_closed_through_the_pages()
    {
        _ = browser.Browser;
        var app = browser.App;
        var kit = new ReviewKit(app);
        var a = await kit.RegisteredAsync("整改演示协会");
        await kit.OpenCycleAsync();
        var (report, _) = await kit.ToDecisionAsync(a);
        await kit.ActAsync("member1", report, "RecordOpinion", new { vote = "Support", comment = "财务台账不全，建议限期整改" });

        // The chair passes with rectification: items and a deadline.
        var chair = await browser.SignInAsync("chair");
        await chair.GotoAsync($"/Associations/Review/Details/{report}");
        await Expect(chair.Locator("#opinions")).ToContainTextAsync("财务台账不全");
        await chair.FillAsync("#Comment", "基本合格，限期整改。");
        await chair.FillAsync("#Deadline", DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd"));
        await chair.FillAsync("#Items", "补齐 2026 年财务台账\n完善会员登记表");
        await chair.ClickAsync("#do-ReviewPassWithRectification");
        await Expect(chair.Locator("#state")).ToHaveAttributeAsync("data-state", "PassedWithRectification");
        await Expect(chair.Locator("#rectification")).ToContainTextAsync("完善会员登记表");
        await chair.Context.CloseAsync();

        // The leader finds the task and reports.
        var leader = await browser.SignInAsync(a.Leader);
        await leader.Locator("#tasks a", new() { HasText = "报送社团整改情况" }).First.ClickAsync();
        await leader.WaitForURLAsync("**/Associations/Review/Details/**");
        await leader.FillAsync("#RectificationReport", "一、已补齐 2026 年财务台账并经指导教师核对；\n二、会员登记表已全部更新。");
        await browser.ScreenshotAsync(leader, "14-rectification-report.zh-CN");
        await leader.ClickAsync("#do-ReportRectification");
        await Expect(leader.Locator("#state")).ToHaveAttributeAsync("data-state", "RectificationReview");
        await leader.Context.CloseAsync();

        // The chair closes it, and reads the page in both languages.
        chair = await browser.SignInAsync("chair");
        await chair.Locator("#tasks a", new() { HasText = "审核社团整改情况" }).First.ClickAsync();
        await chair.WaitForURLAsync("**/Associations/Review/Details/**");
        await chair.FillAsync("#Comment", "整改到位。");
        await chair.ClickAsync("#do-CloseRectification");
        await Expect(chair.Locator("#state")).ToHaveAttributeAsync("data-state", "Rectified");
        await Expect(chair.Locator("#rectification")).ToContainTextAsync("会员登记表已全部更新");
        await browser.ScreenshotAsync(chair, "15-rectified.zh-CN");
        await chair.GotoAsync($"/culture?c=en&returnUrl=%2FAssociations%2FReview%2FDetails%2F{report}");
        await Expect(chair.Locator("#rectification")).ToContainTextAsync("Items to rectify");
        await browser.ScreenshotAsync(chair, "16-rectified.en");
        await chair.Context.CloseAsync();
    }

    [Fact]
    public async Task AS_1_8_the_committee_page_flags_the_missing_expert_until_an_administrator_seats_one()
    {
        _ = browser.Browser;
        var admin = await browser.SignInAsync("admin");
        await admin.Locator("nav a", new() { HasText = "评审委员会" }).ClickAsync();
        await admin.WaitForURLAsync("**/Associations/Committee");
        await Expect(admin.Locator("#missing")).ToContainTextAsync("专家");
        await Expect(admin.Locator("#seats tr[data-user='chair']")).ToContainTextAsync("分管学生工作的校党委负责同志");
        await browser.ScreenshotAsync(admin, "17-committee.zh-CN");

        // A chair who is not the party leader is refused on the page, with the measure.
        await admin.FillAsync("#UserName", "T01003");
        await admin.SelectOptionAsync("#SeatRole", "Chair");
        await admin.SelectOptionAsync("#Constituency", "Expert");
        await admin.ClickAsync("#do-add-seat");
        await Expect(admin.Locator("#errors")).ToContainTextAsync("AS-1.8");

        await admin.FillAsync("#UserName", "T01003");
        await admin.SelectOptionAsync("#SeatRole", "Member");
        await admin.SelectOptionAsync("#Constituency", "Expert");
        await admin.ClickAsync("#do-add-seat");
        await Expect(admin.Locator(".alert.ok").First).ToBeVisibleAsync();
        await Expect(admin.Locator("#complete")).ToBeVisibleAsync();
        await Expect(admin.Locator("#seats tr[data-user='T01003']")).ToContainTextAsync("专家");
        await admin.GotoAsync("/culture?c=en&returnUrl=%2FAssociations%2FCommittee");
        await Expect(admin.Locator("#seats")).ToContainTextAsync("Party-committee leader in charge of student work");
        await browser.ScreenshotAsync(admin, "18-committee.en");
        await admin.Context.CloseAsync();

        // A member reads it without the forms.
        var member = await browser.SignInAsync("member1");
        await member.GotoAsync("/Associations/Committee");
        await Expect(member.Locator("#seats")).ToContainTextAsync("T01003");
        Assert.Equal(0, await member.Locator("#add-seat").CountAsync());
        await member.Context.CloseAsync();
    }
}
