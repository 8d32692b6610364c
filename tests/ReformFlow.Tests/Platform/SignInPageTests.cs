using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;

namespace ReformFlow.Tests.Platform;

public sealed partial class SignInPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Sign_in_page_sets_the_cookie_and_the_sign_out_form_ends_the_session()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "chair", ["Password"] = DemoData.Password, ["__RequestVerificationToken"] = Token(login),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var tasks = await client.GetStringAsync("/Tasks");
        Assert.Contains("评审委员会主任", tasks);
        // The cookie works for the JSON API too, as the issue asks.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/tasks")).StatusCode);

        var logout = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(tasks),
        }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Tasks")).StatusCode);
    }

    [Fact]
    public async Task Wrong_password_on_the_page_says_so_in_the_chosen_language()
    {
        var client = app.CreateClient();
        var login = await client.GetStringAsync("/Account/Login?culture=en");
        var page = await client.PostAsync("/Account/Login?culture=en", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "chair", ["Password"] = "nope", ["__RequestVerificationToken"] = Token(login),
        }));
        Assert.Contains("Wrong user name or password.", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "chair", ["Password"] = DemoData.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static string Token(string html) => TokenPattern().Match(html) is { Success: true } m
        ? WebUtility.HtmlDecode(m.Groups[1].Value)
        : throw new Xunit.Sdk.XunitException("no antiforgery token in the page");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
