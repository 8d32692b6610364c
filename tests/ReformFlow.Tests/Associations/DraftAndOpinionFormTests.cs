using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Tests.Associations;

/// <summary>
/// Issue 9, errors people can read, over HTTP: the draft form names an instructor AS-2.2 will refuse as soon as the draft
/// is saved (not after 20 sponsors), and an opinion form neither assumes a vote nor loses the typed comment.
/// </summary>
public sealed class DraftAndOpinionFormTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Token(string html) => PageClient.Token(html);

    private Task<HttpClient> SignInAsync(string userName) => PageClient.SignInAsync(app, userName);

    private static FormUrlEncodedContent Draft(string token, Guid unit, string category, string instructors, int? version = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Draft.Name"] = "党员指导测试志愿社", ["Draft.Category"] = category,
            ["Draft.Purpose"] = "组织志愿服务", ["Draft.GuidanceUnitId"] = unit.ToString(), ["Draft.Instructors"] = instructors,
            ["Draft.DeclaresNoOutsideSponsor"] = "true", ["Draft.DeclaresNoForeignAffairs"] = "true",
        };
        if (version is int v) fields["Version"] = v.ToString();
        return new FormUrlEncodedContent(fields);
    }

    /// <summary>The text inside the warnings box beside the instructor field.</summary>
    private static string Warnings(string html) =>
        Regex.Match(html, "<div id=\"instructor-warnings\"[^>]*>(.*?)</div>", RegexOptions.Singleline).Groups[1].Value;

    [Fact]
    public async Task AS_2_2_the_draft_form_names_a_non_party_instructor_of_a_volunteer_association_on_save_and_keeps_the_draft()
    {
        var kit = new FoundingKit(app);
        var student = (await kit.FreshStudentsAsync(1)).Single();
        var nonParty = (await kit.FreshInstructorsAsync(1, partyMember: false)).Single();
        var party = (await kit.FreshInstructorsAsync(1, partyMember: true)).Single();
        var names = await app.WithDbAsync(db => db.Teachers.Where(t => t.StaffNumber == nonParty || t.StaffNumber == party)
            .ToDictionaryAsync(t => t.StaffNumber, t => t.Name));
        var unit = await kit.UnitIdAsync(FoundingKit.GuidanceUnitName);
        var client = await SignInAsync(student);

        // Saved at once with the warning beside the instructor field (the Edit page), not a refusal: the draft is kept.
        var newPage = await client.GetStringAsync("/Associations/Applications/New");
        Assert.Contains("id=\"instructor-warnings\"", newPage);
        using var created = await client.PostAsync("/Associations/Applications/New", Draft(Token(newPage), unit, "VolunteerPublicWelfare", $"{nonParty}, {party}"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var edit = created.Headers.Location!.ToString();
        Assert.Matches("/Associations/Applications/Edit/[0-9a-f-]{36}$", edit);
        var page = await client.GetStringAsync(edit);
        var warning = Warnings(page);
        Assert.Contains(WebUtility.HtmlEncode(Texts.Get(Texts.Chinese, "rule.instructor-party-member", names[nonParty])), warning);
        Assert.DoesNotContain(names[party], warning);
        var id = Guid.Parse(edit[^36..]);
        Assert.Equal(Domain.Associations.AssociationCategory.VolunteerPublicWelfare, await app.WithDbAsync(db => db.AssociationApplications
            .Where(a => db.WorkflowInstances.Any(i => i.Id == id && i.SubjectId == a.Id)).Select(a => a.Category).SingleAsync()));

        // The same rule answers the page's script as the category or the instructors change (the message without a measure ID).
        var api = await Api.SignInAsync(app, student, "zh-CN");
        var (status, body) = await api.GetAsync($"/api/v1/association-applications/instructor-warnings?category=IdeologicalPolitical&instructors={nonParty}&instructors={party}");
        Assert.Equal(HttpStatusCode.OK, status);
        var w = Assert.Single(body!["warnings"]!.AsArray())!;
        Assert.Equal("AS-2.2", w["measureId"]!.GetValue<string>());
        Assert.Equal("rule.instructor-party-member", w["code"]!.GetValue<string>());
        Assert.Equal(Texts.Get(Texts.Chinese, "rule.instructor-party-member", names[nonParty]), w["message"]!.GetValue<string>());
        (status, body) = await api.GetAsync($"/api/v1/association-applications/instructor-warnings?category=Academic&instructors={nonParty}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body!["warnings"]!.AsArray());

        // An academic association may have that teacher: saved, on to the application, no warning.
        var version = int.Parse(Regex.Match(page, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value);
        using var saved = await client.PostAsync(edit, Draft(Token(page), unit, "Academic", nonParty, version));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith($"/Associations/Applications/Details/{id}", saved.Headers.Location!.ToString());
        Assert.DoesNotContain(names[nonParty], Warnings(await client.GetStringAsync(edit)));
    }

    [Fact]
    public async Task AS_1_8_an_opinion_without_a_chosen_vote_is_refused_keeps_the_comment_and_changes_nothing()
    {
        var kit = new FoundingKit(app);
        var d = await kit.DraftAsync("无默认意见测试社");
        var before = await kit.ToCommitteeAsync(d);

        // Over the API: 400 with the code, nothing recorded.
        var (status, problem) = await (await kit.As("member1")).PostAsync($"/api/v1/association-applications/{d.Id}/actions/RecordOpinion", new { comment = "看过了" });
        FoundingKit.AssertRefused(status, problem, (null, "workflow.vote-required"));
        await kit.AssertUnchangedAsync(d.Id, before);

        // On the page: no choice is preselected; a post without one is refused, the typed comment stays, nothing recorded.
        var member = await SignInAsync("member1");
        var path = $"/Associations/Applications/Details/{d.Id}";
        var page = await member.GetStringAsync(path);
        Assert.Matches("type=\"radio\" name=\"Vote\" value=\"Support\"", page);
        Assert.DoesNotMatch("<input[^>]*name=\"Vote\"[^>]*checked", page);
        using var refused = await member.PostAsync($"{path}?handler=Act", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(page), ["Version"] = FoundingKit.Version(before).ToString(),
            ["Comment"] = "章程第三条需要再斟酌 <b>", ["action"] = "RecordOpinion",
        }));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains(Texts.Get(Texts.Chinese, "workflow.vote-required"), Regex.Match(html, "id=\"errors\".*?</div>", RegexOptions.Singleline).Value);
        Assert.Matches("<textarea id=\"Comment-RecordOpinion\"[^>]*>章程第三条需要再斟酌 &lt;b&gt;</textarea>", html);
        await kit.AssertUnchangedAsync(d.Id, before);
    }

    /// <summary>What a reader sees of a page: its text without tags (and so without attributes such as data-measure).</summary>
    private static string Visible(string html) =>
        WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, "<(script|style)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline), "<[^>]+>", " "));

    [Fact]
    public async Task Students_read_reasons_without_measure_IDs_or_version_numbers_and_officials_with_them()
    {
        var kit = new FoundingKit(app);
        var d = await kit.DraftAsync("读者视角测试社", sponsors: 0); // alone: Submit is blocked by AS-1.1
        var version = FoundingKit.Version(await kit.ViewAsync(d.Id, d.Initiator));
        var student = await SignInAsync(d.InitiatorNumber);
        var application = Visible(await student.GetStringAsync($"/Associations/Applications/Details/{d.Id}"));
        Assert.Contains("至少需要 20 名", application);
        Assert.DoesNotMatch("(AS|SU)-\\d", application);
        Assert.DoesNotContain(Texts.Get(Texts.Chinese, "details.version", version), application);

        var union = await app.WithDbAsync(db => (from u in db.StudentUnions join c in db.Colleges on u.CollegeId equals c.Id
                                                 where c.Code == "PHY" select u.Id).SingleAsync());
        Assert.DoesNotMatch("(AS|SU)-\\d", Visible(await student.GetStringAsync($"/Unions/Details/{union}")));
        Assert.DoesNotMatch("(AS|SU)-\\d", Visible(await student.GetStringAsync("/Unions")));
        var league = await SignInAsync("phy.league");
        var official = Visible(await league.GetStringAsync($"/Unions/Details/{union}"));
        Assert.Contains("SU-2.1", official);
        Assert.Contains("SU-3.1", official);
        Assert.Contains("SU-3.1", Visible(await league.GetStringAsync("/Unions")));
    }
}
