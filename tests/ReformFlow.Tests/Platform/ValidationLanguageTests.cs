using System.Net;
using System.Text.RegularExpressions;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Tests.Platform;

/// <summary>
/// Every validation message of the pages in the reader's language: model binding's ("The value '' is invalid.")
/// and DataAnnotations' (the implicit [Required] of a non-nullable string, "The Name field is required."), not only the rules'.
/// </summary>
public sealed class ValidationLanguageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly FoundingKit kit = new(app);

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task Validation_messages_of_an_empty_founding_form_are_in_the_request_language(string culture)
    {
        var student = (await kit.FreshStudentsAsync(1)).Single();
        var client = await SignedInAsync(student, culture);
        var form = await client.GetStringAsync("/Associations/Applications/New");
        var response = await client.PostAsync("/Associations/Applications/New", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Draft.Name"] = "", ["Draft.Category"] = "Academic", ["Draft.Purpose"] = "", ["Draft.GuidanceUnitId"] = "", ["Draft.CharterText"] = "",
            ["__RequestVerificationToken"] = Token(form),
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        string T(string key, params object[] args) => Texts.Get(culture, key, args);
        Assert.Contains(T("form.validation.required", T("form.field.name")), page);
        Assert.Contains(T("form.validation.required", T("form.field.purpose")), page);
        Assert.Contains(T("form.validation.value-invalid", ""), page);
        if (culture == Texts.Chinese)
        {
            Assert.Contains("请填写名称。", page);
            Assert.DoesNotContain("field is required", page);
            Assert.DoesNotContain("is invalid", page);
            Assert.DoesNotContain("The value", page);
        }
        else
        {
            Assert.Contains("The Name field is required.", page);
            Assert.Contains("The value '' is invalid.", page);
            Assert.DoesNotContain("请填写", page);
            Assert.DoesNotContain("无效", page);
        }
    }

    private HttpClient Client(string culture)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);
        return client;
    }

    private static string Token(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);

    private async Task<HttpClient> SignedInAsync(string userName, string culture)
    {
        var client = Client(culture);
        var login = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = DemoData.Password, ["__RequestVerificationToken"] = Token(login),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
