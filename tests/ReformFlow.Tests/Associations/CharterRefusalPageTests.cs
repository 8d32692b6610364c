using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Tests.Associations;

/// <summary>
/// Issue 9, no silent failures (AS-1.4): a charter file refused on the New page used to vanish under "draft saved". The draft
/// is kept and the reason stands beside the file field, on New and on Edit alike.
/// </summary>
public sealed class CharterRefusalPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Token(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

    private async Task<HttpClient> SignInAsync(string userName)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await client.GetStringAsync("/Account/Login");
        using var r = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["UserName"] = userName, ["Password"] = DemoData.Password, ["__RequestVerificationToken"] = Token(login) }));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return client;
    }

    private static MultipartFormDataContent Form(string token, Guid unit, string fileName, byte[] file, int? version = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("章程拒收测试社"), "Draft.Name" },
            { new StringContent("Academic"), "Draft.Category" },
            { new StringContent("组织同学开展活动，交流学习"), "Draft.Purpose" },
            { new StringContent(unit.ToString()), "Draft.GuidanceUnitId" },
            { new StringContent(DemoData.PartyInstructor), "Draft.Instructors" },
            { new StringContent("true"), "Draft.DeclaresNoOutsideSponsor" },
            { new StringContent("true"), "Draft.DeclaresNoForeignAffairs" },
        };
        if (version is int v) form.Add(new StringContent(v.ToString()), "Version");
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(content, "Draft.CharterFile", fileName);
        return form;
    }

    [Fact]
    public async Task AS_1_4_a_refused_charter_file_keeps_the_draft_and_shows_why_beside_the_field()
    {
        var kit = new FoundingKit(app);
        var student = (await kit.FreshStudentsAsync(1)).Single();
        var unit = await kit.UnitIdAsync(FoundingKit.GuidanceUnitName);
        var client = await SignInAsync(student);
        var reason = Texts.Get(Texts.Chinese, "application.charter-type");

        var newPage = await client.GetStringAsync("/Associations/Applications/New");
        using var created = await client.PostAsync("/Associations/Applications/New", Form(Token(newPage), unit, "charter.txt", Encoding.UTF8.GetBytes("不是 PDF")));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var edit = created.Headers.Location!.ToString();
        Assert.Matches("/Associations/Applications/Edit/[0-9a-f-]{36}$", edit);

        // The draft is kept, without the file; the Edit page says why, beside the file field.
        var page = await client.GetStringAsync(edit);
        var beside = Regex.Match(page, "<p class=\"field-error\" id=\"charter-file-error\"[^>]*>([^<]*)</p>").Groups[1].Value;
        Assert.Contains(WebUtility.HtmlEncode(reason), beside);
        var id = Guid.Parse(edit[^36..]);
        Assert.Equal("章程拒收测试社", await app.WithDbAsync(db => db.AssociationApplications
            .Where(a => db.WorkflowInstances.Any(i => i.Id == id && i.SubjectId == a.Id)).Select(a => a.Name).SingleAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Attachments.CountAsync(x => x.FileName == "charter.txt")));

        // Saving the Edit page with another refused file: saved, and the reason beside the field again (never a silent success).
        var version = int.Parse(Regex.Match(page, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value);
        using var saved = await client.PostAsync(edit, Form(Token(page), unit, "charter.exe", [0x4D, 0x5A, 0x90, 0x00], version));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith(edit, saved.Headers.Location!.ToString());
        Assert.Contains(WebUtility.HtmlEncode(reason), await client.GetStringAsync(edit));
    }
}
