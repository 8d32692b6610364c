using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ReformFlow.Tests.Support;

namespace ReformFlow.Tests.Platform;

/// <summary>Issue 9, fast pages: compressed answers, year-long caching of fingerprinted files, the diagram library only on demand.</summary>
public sealed class PageWeightTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Platform_pages_and_files_are_compressed_and_fingerprinted_files_cached_for_a_year()
    {
        var http = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var login = await http.GetAsync("/Account/Login");
        Assert.Equal("gzip", Assert.Single(login.Content.Headers.ContentEncoding));
        var html = await new StreamReader(new System.IO.Compression.GZipStream(await login.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress)).ReadToEndAsync();
        var css = Regex.Match(html, "href=\"(/css/site.css\\?v=[^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(css);

        using var fingerprinted = await http.GetAsync(css);
        Assert.Equal(HttpStatusCode.OK, fingerprinted.StatusCode);
        Assert.Equal("gzip", Assert.Single(fingerprinted.Content.Headers.ContentEncoding));
        Assert.Equal("public, max-age=31536000, immutable", fingerprinted.Headers.CacheControl?.ToString());
        using var plain = await http.GetAsync("/css/site.css");
        Assert.True(plain.Headers.CacheControl?.NoCache, "a file without its hash is revalidated");
    }

    [Fact]
    public async Task Platform_a_detail_page_does_not_load_the_diagram_library_up_front()
    {
        var (id, _) = await new Founding(app).CreateDraftAsync("页面重量协会");
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await client.GetStringAsync("/Account/Login");
        var token = Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var signedIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = Workflows.Demo.DemoData.Initiator, ["Password"] = Workflows.Demo.DemoData.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        var page = await client.GetStringAsync($"/Associations/Applications/Details/{id}");
        Assert.Contains("id=\"diagram-box\"", page);
        Assert.DoesNotContain("<script src=\"/lib/mermaid", page);
        Assert.Matches("data-src=\"/lib/mermaid/mermaid.min.js\\?v=", page);
    }
}
