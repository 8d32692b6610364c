using Microsoft.Playwright;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>One association's annual review through the pages, each person in their own browser context.</summary>
public sealed class AnnualReviewBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AS_1_5_an_associations_annual_review_through_the_UI()
    {
        _ = browser.Browser; // fails with the install hint when Chromium is missing
        // Setup through the API: a registered association and an open cycle.
        var app = browser.App;
        var founding = new Founding(app);
        var applicationId = await founding.UpToCommitteeAsync("年审演示协会");
        var view = await (await Api.SignInAsync(app, "member1")).ActAsync(applicationId, "RecordOpinion", new { vote = "Support" });
        await (await Api.SignInAsync(app, "chair")).ActAsync(applicationId, "CommitteeApprove", new { expectedVersion = Founding.Version(view) });
        // The student work department opens the cycle from its page (the yearly job would on its day); a student has no such form.
        var swd = await browser.SignInAsync("swd");
        await swd.GotoAsync("/Associations/Review");
        await Expect(swd.Locator("#no-cycle")).ToBeVisibleAsync();
        await swd.FillAsync("#open-year", "2026");
        await swd.FillAsync("#open-deadline", DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd"));
        await browser.ScreenshotAsync(swd, "09-annual-review-open.zh-CN");
        await swd.ClickAsync("#open-submit");
        await Expect(swd.Locator(".alert.ok")).ToContainTextAsync("2026–2027");
        await Expect(swd.Locator("#reviews")).ToContainTextAsync("年审演示协会");
        await swd.Context.CloseAsync();

        // The leader finds the report among their tasks and submits it.
        var leader = await browser.SignInAsync(DemoData.Initiator);
        await leader.Locator("#tasks a", new() { HasText = "提交社团年度报告" }).ClickAsync();
        await leader.WaitForURLAsync("**/Associations/Review/Details/**");
        await Expect(leader.Locator("#state")).ToHaveAttributeAsync("data-state", "Preparing");
        await leader.FillAsync("#Activities", "组织天文观测 6 次、科普讲座 2 场，参与 300 余人次。");
        await leader.FillAsync("#Finances", "会费收入 2000 元，活动支出 1500 元，结余 500 元。");
        await browser.ScreenshotAsync(leader, "10-annual-report-form.zh-CN");
        await leader.ClickAsync("#do-SubmitReport");
        await Expect(leader.Locator("#state")).ToHaveAttributeAsync("data-state", "InstructorConfirmation");
        await Expect(leader.Locator("#report")).ToContainTextAsync("组织天文观测");
        await leader.Context.CloseAsync();

        await ActAsync(DemoData.PartyInstructor, "以指导教师身份确认年度报告", "InstructorConfirm", null, "GuidanceOpinion");
        await ActAsync("phy.party", "以业务指导单位身份出具年审意见", "GuidanceSubmitOpinion", "活动开展正常，同意通过年审。", "CommitteeDecision");
        // AS-1.8: a committee member gives an opinion first; the page lists it.
        var member = await browser.SignInAsync("member1");
        await member.Locator("#tasks a", new() { HasText = "对社团年审填写评审意见" }).First.ClickAsync();
        await member.WaitForURLAsync("**/Associations/Review/Details/**");
        await member.CheckAsync("#Vote-Support");
        await member.FillAsync("#OpinionComment", "材料齐全，同意通过。");
        await member.ClickAsync("#do-RecordOpinion");
        await Expect(member.Locator("#opinions")).ToContainTextAsync("材料齐全");
        await browser.ScreenshotAsync(member, "11a-annual-review-opinion.zh-CN");
        await member.Context.CloseAsync();
        var chair = await ActAsync("chair", "作出社团年审结论", "ReviewPass", null, "Passed", keepOpen: true);
        await Expect(chair.Locator("#report")).ToContainTextAsync("活动开展正常");
        await browser.ScreenshotAsync(chair, "11-annual-review-passed.zh-CN");

        // The reviewers' overview shows the cycle at a glance, in both languages.
        await chair.GotoAsync("/Associations/Review");
        await Expect(chair.Locator("#progress [data-state='Passed']")).ToContainTextAsync("1");
        await Expect(chair.Locator("#overdue-count")).ToContainTextAsync("0");
        await browser.ScreenshotAsync(chair, "12-annual-review-progress.zh-CN");
        await chair.GotoAsync("/culture?c=en&returnUrl=%2FAssociations%2FReview");
        await Expect(chair.Locator("#progress")).ToContainTextAsync("Passed");
        await browser.ScreenshotAsync(chair, "13-annual-review-progress.en");
        await chair.Context.CloseAsync();
    }

    private async Task<IPage> ActAsync(string user, string taskText, string action, string? comment, string expectedState, bool keepOpen = false)
    {
        var page = await browser.SignInAsync(user);
        await page.Locator("#tasks a", new() { HasText = taskText }).First.ClickAsync();
        await page.WaitForURLAsync("**/Associations/Review/Details/**");
        if (comment is not null) await page.FillAsync("#Comment", comment);
        await page.ClickAsync($"#do-{action}");
        await Expect(page.Locator(".alert.ok")).ToBeVisibleAsync();
        await Expect(page.Locator("#state")).ToHaveAttributeAsync("data-state", expectedState);
        if (!keepOpen) await page.Context.CloseAsync();
        return page;
    }
}
