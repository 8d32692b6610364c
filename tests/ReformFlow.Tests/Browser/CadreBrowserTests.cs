using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReformFlow.Workflows.Demo;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>
/// Cadre selection through the union pages, in a real browser, one fresh browser context per person:
/// a school-level presidium candidate from recommendation to determination (SU-5.2), and an
/// ineligible student refused on the form (SU-4.2). Screenshots go to artifacts/screenshots.
/// </summary>
public sealed class CadreBrowserTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private void Log(string step) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:F1} s  {step}");

    [Fact]
    public async Task SU_5_2_a_school_presidium_candidate_through_the_UI_from_recommendation_to_determination()
    {
        // The Physics college league organisation finds the school union and nominates from its page.
        var recommender = await browser.SignInAsync("phy.league");
        await OpenNominationFormAsync(recommender);
        await Expect(recommender.Locator("input[name=Chain]")).ToHaveCountAsync(2); // SU-5.2 and SU-5.3, not SU-5.4
        await Expect(recommender.Locator("input[name=Chain][value=SchoolPresidium]")).ToBeCheckedAsync();
        await recommender.FillAsync("#StudentNumber", DemoData.PresidiumNominee);
        await recommender.FillAsync("#Statement", "该生担任班长两年，组织能力强，群众基础好，推荐为校学生会主席团候选人。");
        await browser.ScreenshotAsync(recommender, "20-nomination-form.zh-CN");
        await recommender.ClickAsync("#submit-nomination");
        await recommender.WaitForURLAsync(new Regex("/Unions/Nominations/Details/[0-9a-f-]{36}$"));
        await Expect(recommender.Locator(".alert.ok")).ToBeVisibleAsync();
        // Created and recommended in one go: it waits for the college party organisation.
        await Expect(recommender.Locator("#state")).ToHaveAttributeAsync("data-state", "CollegePartyConsent");
        await Expect(recommender.Locator("#eligibility")).ToHaveAttributeAsync("data-eligible", "true");
        await Expect(recommender.Locator("#nominee")).ToContainTextAsync(DemoData.PresidiumNominee);
        var id = Guid.Parse(recommender.Url[^36..]);
        await recommender.Context.CloseAsync();
        Log("nominated and recommended by the college league organisation");

        // The college party organisation consents from its task inbox; the two joint reviewers each agree.
        await ActFromTasksAsync("phy.party", id, "CollegePartyConsent", "JointReview");
        var swd = await ActFromTasksAsync("swd", id, "StudentWorkAgree", "JointReview", keepOpen: true);
        await Expect(swd.Locator("#joint-review [data-role=StudentWorkDepartment]")).ToHaveAttributeAsync("data-agreed", "True");
        await Expect(swd.Locator("#joint-review [data-role=SchoolLeagueCommittee]")).ToHaveAttributeAsync("data-agreed", "False");
        // Having agreed, the department waits for the other reviewer; it can still return or reject.
        await Expect(swd.Locator("#do-StudentWorkAgree")).ToHaveCountAsync(0);
        await Expect(swd.Locator("#already-agreed")).ToContainTextAsync("本单位已同意");
        await Expect(swd.Locator("#do-JointReturn")).ToBeEnabledAsync();
        await swd.Context.CloseAsync();
        await ActFromTasksAsync("league", id, "LeagueCommitteeAgree", "PartyCommitteeDetermination");
        Log("college party consented, joint review agreed by both");

        // The school party committee determines the candidate.
        var party = await ActFromTasksAsync("party", id, "PartyCommitteeDetermine", "Candidate", keepOpen: true, diagrams: true);
        await Expect(party.Locator("#outcome")).ToHaveAttributeAsync("data-outcome", "Candidate");
        await Expect(party.Locator("#history tbody tr")).ToHaveCountAsync(7); // created, recommend, consent, 2 agreements, both agreed, determine
        await Expect(party.Locator("#history")).ToContainTextAsync("学校党委确定 → 候选人");
        await browser.ScreenshotAsync(party, "21-nomination-candidate.zh-CN");

        // The school union's page lists the nominee among the candidates for the next congress.
        await party.Locator("a[href^='/Unions/Details/']").First.ClickAsync();
        await Expect(party.Locator("#candidates")).ToBeVisibleAsync();
        var candidate = party.Locator("#candidates tbody tr", new() { HasText = DemoData.PresidiumNominee });
        await Expect(candidate).ToHaveCountAsync(1);
        await Expect(candidate.Locator(".badge")).ToHaveTextAsync("候选人");
        await Expect(party.Locator("#nominations tbody tr", new() { HasText = DemoData.PresidiumNominee })).ToHaveCountAsync(0);
        await browser.ScreenshotAsync(party, "22-union-with-candidate.zh-CN");
        await party.GotoAsync($"/culture?c=en&returnUrl={Uri.EscapeDataString(new Uri(party.Url).PathAndQuery)}");
        await Expect(party.Locator("#candidates")).ToContainTextAsync("Candidate");
        await browser.ScreenshotAsync(party, "23-union-with-candidate.en");
        await party.Context.CloseAsync();
        Log("determined; listed as a candidate on the school union page");
    }

    [Fact]
    public async Task SU_4_2_an_ineligible_student_is_refused_on_the_form_with_the_reason_and_nothing_is_created()
    {
        var recommender = await browser.SignInAsync("phy.league");
        await OpenNominationFormAsync(recommender);
        var form = recommender.Url;
        await recommender.FillAsync("#StudentNumber", DemoData.IneligibleNominee);
        await recommender.FillAsync("#Statement", "该生热心服务同学。");
        await recommender.ClickAsync("#submit-nomination");
        var errors = recommender.Locator("#errors");
        await Expect(errors).ToContainTextAsync("[SU-4.2]");
        await Expect(errors).ToContainTextAsync("47.5%");
        await Expect(recommender.Locator("#StudentNumber")).ToHaveValueAsync(DemoData.IneligibleNominee);
        Assert.Equal(form, recommender.Url); // still on the form: nothing was created
        await browser.ScreenshotAsync(recommender, "24-nomination-refused.zh-CN");

        await recommender.GotoAsync("/Unions");
        await recommender.Locator("#unions tr[data-level=School] a").ClickAsync();
        await Expect(recommender.Locator("#nominations tbody tr", new() { HasText = DemoData.IneligibleNominee })).ToHaveCountAsync(0);
        await recommender.Context.CloseAsync();
    }

    /// <summary>Unions → the school-level union → Nominate.</summary>
    private static async Task OpenNominationFormAsync(IPage page)
    {
        // Each step waits for the next page's own content rather than its load event.
        await page.Locator("header nav a[href='/Unions']").ClickAsync();
        await page.Locator("#unions tr[data-level=School] a").ClickAsync();
        await page.Locator("#nominate").ClickAsync();
        await Expect(page.Locator("#nomination-form")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Unions/Nominations/New\\?unionId=[0-9a-f-]{36}$"));
    }

    /// <summary>Signs in, opens the nomination from the task inbox, acts, and checks the state it lands in.</summary>
    private async Task<IPage> ActFromTasksAsync(string userName, Guid id, string action, string expectedState, bool keepOpen = false, bool diagrams = false)
    {
        var page = await browser.SignInAsync(userName, diagrams: diagrams);
        await page.Locator($"#tasks a[href$='/Workflows/{id}']").First.ClickAsync();
        await page.WaitForURLAsync($"**/Unions/Nominations/Details/{id}");
        await Expect(page.Locator($"#do-{action}")).ToBeEnabledAsync();
        await page.ClickAsync($"#do-{action}");
        await Expect(page.Locator(".alert.ok")).ToBeVisibleAsync();
        await Expect(page.Locator("#state")).ToHaveAttributeAsync("data-state", expectedState);
        if (!keepOpen) await page.Context.CloseAsync();
        return page;
    }
}
