using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ReformFlow.Workflows.Demo;
using static Microsoft.Playwright.Assertions;

namespace ReformFlow.Tests.Browser;

/// <summary>
/// Lists and pickers for a real university, in a real browser: an instructor picked on the founding form by typing
/// (keyboard and mouse, ARIA combobox), and the list pages filtered, sorted and paged by links; screenshots in zh-CN and
/// English, also at a phone's 390 px width.
/// </summary>
public sealed class ListBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AS_2_1_founding_form_picks_an_instructor_by_typing_a_name()
    {
        _ = browser.Browser; // fails with the install hint when Chromium is missing
        var (name, other) = await browser.App.WithDbAsync(async db =>
        (
            await db.Teachers.Where(t => t.StaffNumber == DemoData.PartyInstructor).Select(t => t.Name).SingleAsync(),
            await db.Teachers.Where(t => t.StaffNumber == DemoData.NonPartyInstructor).Select(t => t.Name).SingleAsync()
        ));
        var page = await browser.SignInAsync(DemoData.Initiator);
        await page.GotoAsync("/Associations/Applications/New");
        var input = page.Locator("#Draft_Instructors");
        await Expect(input).ToHaveAttributeAsync("role", "combobox");
        await Expect(page.Locator("input[type=checkbox][name='Draft.Instructors']")).ToHaveCountAsync(0); // no more list of the whole bank

        // Typing a name shows the bank's matches; arrows and Enter pick one, which becomes a chip sent with the form.
        await input.PressSequentiallyAsync(name);
        var option = page.Locator($"#instructor-picker [role=option][data-value='{DemoData.PartyInstructor}']");
        await Expect(option).ToBeVisibleAsync();
        await Expect(input).ToHaveAttributeAsync("aria-expanded", "true");
        await browser.ScreenshotAsync(page, "80-instructor-picker.zh-CN");
        await input.PressAsync("ArrowDown");
        await Expect(option).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(input).ToHaveAttributeAsync("aria-activedescendant", (await option.GetAttributeAsync("id"))!);
        await input.PressAsync("Enter");
        var chips = page.Locator("#instructor-picker .picker-chips li");
        await Expect(chips).ToHaveCountAsync(1);
        await Expect(chips.First).ToContainTextAsync(name);
        await Expect(input).ToHaveValueAsync("");
        await Expect(input).ToHaveAttributeAsync("aria-expanded", "false");

        // A second one with the mouse, then removed again with its button; Escape closes the list.
        await input.PressSequentiallyAsync(other);
        await page.Locator($"#instructor-picker [role=option][data-value='{DemoData.NonPartyInstructor}']").ClickAsync();
        await Expect(chips).ToHaveCountAsync(2);
        await chips.Nth(1).Locator("button.picker-remove").ClickAsync();
        await Expect(chips).ToHaveCountAsync(1);
        await input.PressSequentiallyAsync("T0");
        await Expect(page.Locator("#instructor-picker [role=listbox]")).ToBeVisibleAsync();
        await input.PressAsync("Escape");
        await Expect(page.Locator("#instructor-picker [role=listbox]")).ToBeHiddenAsync();
        await input.FillAsync("");

        // Saved: the application names the picked instructor (the domain checked the staff number, AS-2.1).
        await page.FillAsync("#Draft_Name", "拾取器测试协会");
        await page.FillAsync("#Draft_Purpose", "测试按姓名搜索指导教师。");
        // The guidance unit is searched too (the select stays behind it as the value sent, and for browsers without JavaScript).
        await page.Locator("#Draft_GuidanceUnitId-search").PressSequentiallyAsync("物理学院党委");
        await page.Locator("#unit-picker [role=option]", new() { HasText = "物理学院党委" }).First.ClickAsync();
        await Expect(page.Locator("#Draft_GuidanceUnitId option:checked")).ToContainTextAsync("物理学院党委");
        await page.FillAsync("#Draft_CharterText", "第一条 本会名称为拾取器测试协会。");
        await page.ClickAsync("#save-draft");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/Associations/Applications/Details/[0-9a-f-]{36}$"));
        await Expect(page.Locator("body")).ToContainTextAsync(DemoData.PartyInstructor);

        // Edit: the chosen instructor comes back as a chip with its name.
        await page.ClickAsync("#edit");
        await Expect(page.Locator("#instructor-picker .picker-chips li")).ToContainTextAsync(name);

        // English and a phone's width.
        await page.GotoAsync("/culture?c=en&returnUrl=" + Uri.EscapeDataString("/Associations/Applications/New"));
        await page.Locator("#Draft_GuidanceUnitId-search").PressSequentiallyAsync("Physics");
        await Expect(page.Locator("#unit-picker [role=option]").First).ToBeVisibleAsync();
        await page.Locator("#Draft_GuidanceUnitId-search").PressAsync("Escape");
        await page.Locator("#Draft_Instructors").PressSequentiallyAsync("T010");
        await Expect(page.Locator("#instructor-picker [role=option]").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "81-instructor-picker.en");
        await page.SetViewportSizeAsync(390, 844);
        await browser.ScreenshotAsync(page, "82-instructor-picker.en.390px");
    }

    [Fact]
    public async Task List_pages_filter_sort_and_page_by_links_in_both_languages()
    {
        _ = browser.Browser;
        var swd = await browser.SignInAsync("swd");

        // The instructor bank: a filter form (GET), sortable headers, a pager whose links keep the filters.
        await swd.GotoAsync("/Instructors?pageSize=10");
        await Expect(swd.Locator("#bank tbody tr")).ToHaveCountAsync(10);
        await swd.Locator("#bank-filters select[name=partyMember]").SelectOptionAsync("true");
        await swd.Locator("#bank-filters button[type=submit]").ClickAsync();
        await Expect(swd).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("partyMember=true"));
        await swd.Locator("#bank thead a", new() { HasText = "工号" }).ClickAsync();
        await swd.Locator("#bank thead a", new() { HasText = "工号" }).ClickAsync(); // again: descending
        await Expect(swd.Locator("#bank thead th[aria-sort=descending]")).ToHaveCountAsync(1);
        await swd.GotoAsync(swd.Url + "&pageSize=5");
        await swd.Locator("nav.pager a[rel=next]").ClickAsync();
        await Expect(swd).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("page=2"));
        await Expect(swd).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("partyMember=true"));
        await Expect(swd).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sort=-number"));
        await browser.ScreenshotAsync(swd, "83-instructor-bank-filtered.zh-CN");

        foreach (var (path, shot) in new[] { ("/Associations", "84-associations"), ("/Unions?level=College", "85-unions"), ("/Tasks", "86-tasks"), ("/Associations/Applications", "87-applications") })
        {
            await swd.GotoAsync(path);
            await Expect(swd.Locator("form.filters")).ToBeVisibleAsync();
            await browser.ScreenshotAsync(swd, shot + ".zh-CN");
        }
        await swd.GotoAsync("/culture?c=en&returnUrl=" + Uri.EscapeDataString("/Associations?sort=-members"));
        await Expect(swd.Locator("form.filters")).ToContainTextAsync("Search");
        await browser.ScreenshotAsync(swd, "84-associations.en");
        await swd.GotoAsync("/Instructors?partyMember=true&pageSize=5");
        await browser.ScreenshotAsync(swd, "83-instructor-bank-filtered.en");
        await swd.SetViewportSizeAsync(390, 844);
        await swd.GotoAsync("/Tasks");
        await browser.ScreenshotAsync(swd, "86-tasks.en.390px");
        await swd.GotoAsync("/Associations");
        await browser.ScreenshotAsync(swd, "84-associations.en.390px");
    }
}
