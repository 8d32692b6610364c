using Microsoft.Playwright;
using ReformFlow.Tests.Instructors;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>An instructor evaluation through the pages: a member rates from the task list, the department decides; screenshots in both languages.</summary>
public sealed class InstructorEvaluationBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AS_2_3_a_member_rates_and_the_student_work_department_decides_through_the_UI()
    {
        _ = browser.Browser; // fails with the install hint when Chromium is missing
        var app = browser.App;
        var kit = await new EvaluationKit(app).SetUpAsync();
        app.Clock.SetUtcNow(kit.NextOpening());
        await kit.OpenAsync();
        var id = await kit.InstanceOfAsync(kit.A.Id);

        // A member opens the task, which leads to the evaluation page, and rates.
        var member = await browser.SignInAsync(kit.MembersOfA[0]);
        await member.Locator("#tasks a", new() { HasText = "评价本社团指导教师" }).ClickAsync();
        await member.WaitForURLAsync($"**/Instructors/Evaluations/Details/{id}");
        await member.CheckAsync("#rate-form input[value=Competent]");
        await member.FillAsync("#RateComment", "每月指导一次活动，认真负责。");
        await member.ClickAsync("#do-Rate");
        await Expect(member.Locator("#rating-counts")).ToContainTextAsync("合格 1");
        await browser.ScreenshotAsync(member, "30-instructor-evaluation-member.zh-CN");
        await member.Context.CloseAsync();

        // The window ends; the guidance unit's opinion through the API.
        app.Clock.Advance(TimeSpan.FromDays(15));
        await kit.RunJobAsync(j => j.CloseEndedWindowsAsync());
        var guidance = await kit.As("phy.party");
        await EvaluationKit.OkAsync(EvaluationKit.ActAsync(guidance, id, "GuidanceSubmitOpinion", "指导认真，同意评为合格。", EvaluationKit.V(await kit.ViewAsync(guidance, id))));

        // The department sees the decision form (both languages), then decides from the page.
        var english = await browser.SignInAsync("swd", "en", diagrams: true);
        await english.GotoAsync("/culture?c=en&returnUrl=" + Uri.EscapeDataString($"/Instructors/Evaluations/Details/{id}"));
        await Expect(english.Locator("#failed-warning")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(english, "31-instructor-evaluation-decision.en");
        await english.GotoAsync("/Instructors/Evaluations");
        await browser.ScreenshotAsync(english, "32-instructor-evaluations-list.en");
        await english.Context.CloseAsync();

        var swd = await browser.SignInAsync("swd", diagrams: true);
        await swd.Locator("#tasks a", new() { HasText = "作出指导教师考核结论" }).First.ClickAsync();
        await swd.WaitForURLAsync("**/Instructors/Evaluations/Details/**");
        await swd.GotoAsync($"/Instructors/Evaluations/Details/{id}");
        await browser.ScreenshotAsync(swd, "31-instructor-evaluation-decision.zh-CN");
        await swd.FillAsync("#Comment", "会员评价合格，指导单位同意。");
        await swd.ClickAsync("#do-DecideCompetent");
        await Expect(swd.Locator("#state")).ToHaveAttributeAsync("data-state", "Competent");
        await Expect(swd.Locator("#result")).ToContainTextAsync("合格");
        await browser.ScreenshotAsync(swd, "33-instructor-evaluation-decided.zh-CN");
        await swd.GotoAsync("/Instructors/Evaluations");
        await Expect(swd.Locator("#evaluations")).ToContainTextAsync(kit.A.Name);
        await browser.ScreenshotAsync(swd, "32-instructor-evaluations-list.zh-CN");
        await swd.Context.CloseAsync();
    }
}
