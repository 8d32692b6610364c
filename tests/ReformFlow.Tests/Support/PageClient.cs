using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using ReformFlow.Workflows.Demo;

namespace ReformFlow.Tests.Support;

/// <summary>Razor pages over HTTP as a signed-in person (cookie), for tests that read what a page says.</summary>
public static class PageClient
{
    public static string Token(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

    /// <summary>A client signed in through the login page; redirects are not followed (a test reads where a post leads).</summary>
    public static async Task<HttpClient> SignInAsync(AppFactory app, string userName)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await client.GetStringAsync("/Account/Login");
        using var r = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["UserName"] = userName, ["Password"] = DemoData.Password, ["__RequestVerificationToken"] = Token(login) }));
        if (r.StatusCode != HttpStatusCode.Redirect) throw new Xunit.Sdk.XunitException($"sign-in of {userName}: {(int)r.StatusCode}");
        return client;
    }
}
