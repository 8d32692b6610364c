using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReformFlow.Workflows.Demo;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>
/// The founding process through the pages, in a real browser, one fresh browser context per person.
/// Screenshots go to artifacts/screenshots for a person to look at.
/// </summary>
public sealed class FoundingBrowserTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const string GuidanceUnit = "物理学院党委";
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private void Log(string step) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:F1} s  {step}");

    [Fact]
    public async Task AS_1_founding_an_association_through_the_UI_from_draft_to_registration()
    {
        const string name = "星空摄影协会";
        var sponsors = DemoData.EligibleClassmates.Take(19).ToList(); // 2023011002 … 2023011020

        // The initiator drafts the application and invites the classmates.
        var initiator = await browser.SignInAsync(DemoData.Initiator);
        var id = await SaveDraftAsync(initiator, name, DemoData.PartyInstructor, screenshot: "01-new-application");
        await Expect(initiator.Locator("#state")).ToHaveAttributeAsync("data-state", "Draft");
        await Expect(initiator.Locator("#sponsors tbody tr")).ToHaveCountAsync(1); // the initiator is the first sponsor
        await initiator.FillAsync("#StudentNumbers", string.Join(", ", sponsors));
        await initiator.ClickAsync("#invite");
        await Expect(initiator.Locator(".alert.ok")).ToContainTextAsync("19");
        await Expect(initiator.Locator("#sponsors tbody tr")).ToHaveCountAsync(20);
        await Expect(initiator.Locator("#do-Submit")).ToBeDisabledAsync(); // nobody has confirmed yet
        await initiator.Context.CloseAsync();

        Log("draft saved and 19 classmates invited");

        // Each classmate signs in, finds the invitation among their tasks and confirms.
        foreach (var number in sponsors)
        {
            var sponsor = await browser.SignInAsync(number);
            await sponsor.Locator($"#tasks a[href$='/Workflows/{id}']").ClickAsync();
            await sponsor.WaitForURLAsync($"**/Details/{id}");
            await Expect(sponsor.Locator("#state")).ToHaveAttributeAsync("data-state", "Draft");
            await sponsor.ClickAsync("#do-ConfirmSponsorship");
            await Expect(sponsor.Locator(".alert.ok")).ToBeVisibleAsync(); // the redirect after the action carries the flash
            await Expect(sponsor.Locator("#do-ConfirmSponsorship")).ToHaveCountAsync(0);
            await Expect(sponsor.Locator("#sponsors tbody tr", new() { HasText = number }).Locator(".badge.ok")).ToBeVisibleAsync();
            await Expect(sponsor.Locator("#state")).ToHaveAttributeAsync("data-state", "Draft");
            await sponsor.Context.CloseAsync();
        }

        Log("19 sponsorships confirmed");

        // The initiator submits: all 20 sponsors have confirmed.
        initiator = await browser.SignInAsync(DemoData.Initiator, diagrams: true);
        await initiator.GotoAsync(DetailsUrl(id));
        await Expect(initiator.Locator("#sponsors .badge.ok")).ToHaveCountAsync(20);
        await Expect(initiator.Locator(".blockers")).ToHaveCountAsync(0);
        await Expect(initiator.Locator("#do-Submit")).ToBeEnabledAsync();
        await browser.ScreenshotAsync(initiator, "02-draft-with-sponsors.zh-CN");
        await initiator.ClickAsync("#do-Submit");
        await Expect(initiator.Locator("#state")).ToHaveAttributeAsync("data-state", "AwaitingInstructors");
        await initiator.Context.CloseAsync();

        Log("submitted");

        // The instructor accepts; with every named instructor answered, the application moves to the guidance unit.
        await ActFromTasksAsync(DemoData.PartyInstructor, id, "AcceptInstruction", "GuidanceReview");
        await ActFromTasksAsync(Support.Founding.GuidanceAccount, id, "GuidanceApprove", "CommitteeReview");

        Log("instructor accepted, guidance unit approved");

        // A committee member records an opinion; the state stays in committee review.
        var member = await OpenFromTasksAsync("member1", id);
        await Expect(member.Locator("#state")).ToHaveAttributeAsync("data-state", "CommitteeReview");
        await member.CheckAsync("#Vote-Support");
        await member.FillAsync("#Comment-RecordOpinion", "同意成立。");
        await member.ClickAsync("#do-RecordOpinion");
        await Expect(member.Locator("#opinions tbody tr")).ToHaveCountAsync(1);
        await Expect(member.Locator("#opinions")).ToContainTextAsync("同意成立。");
        await Expect(member.Locator("#state")).ToHaveAttributeAsync("data-state", "CommitteeReview");
        await member.Context.CloseAsync();

        // The chair approves and the association is registered.
        var chair = await OpenFromTasksAsync("chair", id, diagrams: true);
        await Expect(chair.Locator("#state")).ToHaveAttributeAsync("data-state", "CommitteeReview");
        await Expect(chair.Locator("#do-CommitteeApprove")).ToBeEnabledAsync();
        await browser.ScreenshotAsync(chair, "03-chair-before-approval.zh-CN");
        await chair.ClickAsync("#do-CommitteeApprove");
        await Expect(chair.Locator("#state")).ToHaveAttributeAsync("data-state", "Registered");
        await Expect(chair.Locator("#registration-number")).ToBeVisibleAsync();
        await Expect(chair.Locator("#registration-number")).ToHaveTextAsync(new Regex("^CBS-"));
        var registrationNumber = (await chair.Locator("#registration-number").InnerTextAsync()).Trim();
        Log($"opinion recorded, registered as {registrationNumber}");

        // The history has a row per step, each naming the action and (for decisions) the states it moved between.
        var actions = (await chair.Locator("#history tbody tr td:nth-child(4)").AllInnerTextsAsync()).Select(a => a.Trim()).ToList();
        var counts = actions.GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
        var expected = new Dictionary<string, int>
        {
            ["创建"] = 1, ["邀请发起人"] = 1, ["确认担任发起人"] = 19, ["提交"] = 1, ["接受担任指导教师"] = 1,
            ["指导教师已答复"] = 1, ["同意"] = 1, ["填写意见"] = 1, ["批准成立"] = 1,
        };
        foreach (var (action, count) in expected)
            Assert.True(counts.GetValueOrDefault(action) == count, $"history: expected {count} × {action}; rows were: {string.Join(" | ", actions)}");
        await Expect(HistoryRow(chair, "提交")).ToContainTextAsync("草稿 → 待指导教师答复");
        await Expect(HistoryRow(chair, "指导教师已答复")).ToContainTextAsync("待指导教师答复 → 业务指导单位审核");
        await Expect(HistoryRow(chair, "同意")).ToContainTextAsync("业务指导单位审核 → 评审委员会审议");
        await Expect(HistoryRow(chair, "批准成立")).ToContainTextAsync("评审委员会审议 → 已登记成立");
        await browser.ScreenshotAsync(chair, "04-registered.zh-CN");

        // The same page in English.
        await chair.GotoAsync($"/culture?c=en&returnUrl={Uri.EscapeDataString(DetailsUrl(id))}");
        await chair.WaitForURLAsync($"**/Details/{id}");
        await Expect(chair.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(chair.Locator("#state")).ToHaveAttributeAsync("data-state", "Registered");
        await Expect(chair.Locator("#history")).ToContainTextAsync("Submit");
        await browser.ScreenshotAsync(chair, "05-registered.en");

        // The register of associations lists it.
        await chair.GotoAsync("/Associations");
        var row = chair.Locator("#associations tbody tr", new() { HasText = name });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(registrationNumber);
        await browser.ScreenshotAsync(chair, "06-associations.en");
        await chair.Context.CloseAsync();
        Log("checked history, English page and the register");
    }

    [Fact]
    public async Task A_refusal_is_shown_in_the_UI_and_tasks_need_a_sign_in()
    {
        // A classmate the other test does not use starts a draft alone: one sponsor (themselves) of 20.
        var initiator = await browser.SignInAsync("2023011025", diagrams: true);
        var id = await SaveDraftAsync(initiator, "围棋爱好者协会", DemoData.NonPartyInstructor, screenshot: null);
        Assert.EndsWith(DetailsUrl(id), initiator.Url);
        var submit = initiator.Locator("#do-Submit");
        await Expect(submit).ToBeDisabledAsync();
        var blockers = initiator.Locator("#form-Submit .blockers");
        await Expect(blockers).ToBeVisibleAsync();
        // A student reads the reason in words; the measure ID is for officials (issue 9).
        await Expect(blockers.Locator("li", new() { HasText = "已确认的发起人为 1 名，至少需要 20 名" })).ToHaveCountAsync(1);
        await Expect(blockers).Not.ToContainTextAsync("AS-");

        // Forcing the disabled button anyway: the server refuses and says why, and nothing changes.
        await submit.EvaluateAsync("b => b.disabled = false");
        await submit.ClickAsync();
        await Expect(initiator.Locator("#errors")).ToContainTextAsync("至少需要 20 名");
        await Expect(initiator.Locator("#errors")).Not.ToContainTextAsync("AS-");
        await Expect(initiator.Locator("#state")).ToHaveAttributeAsync("data-state", "Draft");
        await browser.ScreenshotAsync(initiator, "07-refused-submit.zh-CN");

        // Signing out with the header's button ends the session: My tasks asks for a sign-in again.
        await initiator.Locator("header form[action='/Account/Logout'] button").ClickAsync();
        await initiator.WaitForURLAsync("**/Account/Login");
        await initiator.GotoAsync("/Tasks");
        await Expect(initiator).ToHaveURLAsync(new Regex("/Account/Login\\?ReturnUrl=%2FTasks$", RegexOptions.IgnoreCase));
        await initiator.Context.CloseAsync();

        // Never signed in: My tasks sends the browser to the login page, with the way back in ReturnUrl.
        var anonymous = await browser.NewPageAsync();
        var response = await anonymous.GotoAsync("/Tasks");
        Assert.NotNull(response);
        Assert.True(response.Ok, $"/Tasks ended with {response.Status}");
        Assert.Matches(new Regex("/Account/Login\\?ReturnUrl=%2FTasks$", RegexOptions.IgnoreCase), anonymous.Url);
        await Expect(anonymous.Locator("#sign-in")).ToBeVisibleAsync();
        await anonymous.Context.CloseAsync();
    }

    private static ILocator HistoryRow(IPage page, string action) =>
        page.Locator("#history tbody tr").Filter(new() { Has = page.Locator("td:nth-child(4)", new() { HasTextRegex = new Regex($"^{Regex.Escape(action)}$") }) });

    private static string DetailsUrl(Guid id) => $"/Associations/Applications/Details/{id}";

    /// <summary>Fills the New form, saves it and returns the new application's id (from the details page it lands on).</summary>
    private async Task<Guid> SaveDraftAsync(IPage page, string name, string instructor, string? screenshot)
    {
        await page.GotoAsync("/Associations/Applications/New");
        await page.FillAsync("#Draft_Name", name);
        await page.SelectOptionAsync("#Draft_Category", "Academic");
        await page.FillAsync("#Draft_Purpose", "组织天文摄影与星空观测活动，普及天文与摄影知识。");
        // The guidance unit is searched too (the select stays behind it as the value sent, and for browsers without JavaScript).
        await page.Locator("#Draft_GuidanceUnitId-search").PressSequentiallyAsync(GuidanceUnit);
        await page.Locator("#unit-picker [role=option]", new() { HasText = GuidanceUnit }).First.ClickAsync();
        await Expect(page.Locator("#Draft_GuidanceUnitId option:checked")).ToContainTextAsync(GuidanceUnit);
        // The instructor is picked from the bank by typing (picker.js): the staff number's match, chosen with the keyboard.
        await page.Locator("#Draft_Instructors").PressSequentiallyAsync(instructor);
        await Expect(page.Locator($"#instructor-picker [role=option][data-value='{instructor}']")).ToBeVisibleAsync();
        await page.Locator("#Draft_Instructors").PressAsync("ArrowDown");
        await page.Locator("#Draft_Instructors").PressAsync("Enter");
        await Expect(page.Locator($"#instructor-picker .picker-chips input[type=hidden][value='{instructor}']")).ToHaveCountAsync(1);
        await page.FillAsync("#Draft_CharterText", $"第一条 本会名称为{name}。\n第二条 本会宗旨是团结爱好者，开展学术交流。");
        await page.CheckAsync("#Draft_DeclaresNoOutsideSponsor");
        await page.CheckAsync("#Draft_DeclaresNoForeignAffairs");
        if (screenshot is not null) await browser.ScreenshotAsync(page, screenshot + ".zh-CN");
        await page.ClickAsync("#save-draft");
        await page.WaitForURLAsync(new Regex("/Associations/Applications/Details/[0-9a-f-]{36}$"));
        await Expect(page.Locator(".alert.ok")).ToBeVisibleAsync();
        return Guid.Parse(page.Url[^36..]);
    }

    /// <summary>Signs in as the user and opens the application from their tasks.</summary>
    private async Task<IPage> OpenFromTasksAsync(string userName, Guid id, bool diagrams = false)
    {
        var page = await browser.SignInAsync(userName, diagrams: diagrams);
        await page.Locator($"#tasks a[href$='/Workflows/{id}']").First.ClickAsync();
        await page.WaitForURLAsync($"**/Details/{id}");
        return page;
    }

    private async Task ActFromTasksAsync(string userName, Guid id, string action, string expectedState)
    {
        var page = await OpenFromTasksAsync(userName, id);
        var before = await page.Locator("#state").GetAttributeAsync("data-state");
        Assert.NotEqual(expectedState, before);
        await page.ClickAsync($"#do-{action}");
        await Expect(page.Locator(".alert.ok")).ToBeVisibleAsync();
        await Expect(page.Locator("#state")).ToHaveAttributeAsync("data-state", expectedState);
        await page.Context.CloseAsync();
    }
}
