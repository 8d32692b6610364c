using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReformFlow.Domain.Access;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;

namespace ReformFlow.Tests.Platform;

/// <summary>The app with small sign-in limits: 10 attempts per minute per address, 5 free failures per account.</summary>
public sealed class SignInLimitsAppFactory : AppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Security:SignIn:PerAddressPermits"] = "10",
        ["Security:SignIn:PerAddressWindowSeconds"] = "60",
        ["Security:SignIn:AccountFreeFailures"] = "5",
        ["Security:SignIn:AccountWindowMinutes"] = "15",
        ["Security:SignIn:AccountDelaySeconds"] = "60",
    };
}

/// <summary>
/// Issue 7, sessions and headers: nobody can lock another person out, guessing is slowed per address and per
/// account, sessions end on sign-out, lock and role change (cookie, bearer and refresh token alike), and every answer
/// carries the security headers. Each test uses its own accounts and client addresses, as they share one app.
/// </summary>
public sealed partial class SessionSecurityTests(SignInLimitsAppFactory app) : IClassFixture<SignInLimitsAppFactory>
{
    [Fact]
    public async Task Security_wrong_passwords_from_anyone_do_not_lock_the_chair_out()
    {
        var client = Client();
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(client, "10.0.0.1", "chair", DemoData.Password)).StatusCode); // the chair's usual place

        var attacker = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++) attacker.Add((await TokenAsync(client, "10.6.6.6", "chair", "guess" + i)).StatusCode);
        Assert.All(attacker.Take(5), s => Assert.Equal(HttpStatusCode.Unauthorized, s));

        // The chair still signs in, by script and on the page, from where they signed in before…
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(client, "10.0.0.1", "chair", DemoData.Password)).StatusCode);
        var page = await PageSignInAsync("10.0.0.1", "chair", DemoData.Password);
        Assert.Equal(HttpStatusCode.Redirect, page.Response.StatusCode);
        Assert.Equal("/Tasks", page.Response.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.TooManyRequests, attacker[^1]); // while the guesser was slowed down
        // …and from a new place once the minute between attempts has passed.
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(client, "10.0.0.77", "chair", DemoData.Password)).StatusCode);
        var row = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == "chair"));
        Assert.Null(row.LockoutEnd);
    }

    [Fact]
    public async Task Security_a_burst_from_one_address_is_answered_429_with_Retry_After()
    {
        var client = Client();
        // Ten attempts on ten different names: the per-account throttle never starts, only the address counts.
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, "10.9.9.9", $"nobody{i}", "wrong")).StatusCode);

        using var refused = await TokenAsync(client, "10.9.9.9", "member1", DemoData.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(429, problem!["status"]!.GetValue<int>());
        Assert.StartsWith("Too many sign-in attempts", problem["title"]!.GetValue<string>());

        // The sign-in page's POST from there is refused as well; reading the page is not an attempt.
        var form = await PageSignInAsync("10.9.9.9", "member1", DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, form.Get.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, form.Response.StatusCode);
        Assert.True(form.Response.Headers.Contains("Retry-After"));
        // Nothing was signed in from there, and other addresses are not affected.
        Assert.DoesNotContain(form.Response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("reformflow.auth="));
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(client, "10.9.9.10", "member1", DemoData.Password)).StatusCode);
    }

    [Fact]
    public async Task Security_failed_passwords_on_one_account_slow_guessing_from_every_address()
    {
        var client = Client();
        for (var i = 1; i <= 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, $"10.1.0.{i}", "member2", "guess" + i)).StatusCode);
        // From now on, addresses that never signed in to member2 share one attempt per minute.
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, "10.1.0.6", "member2", "guess6")).StatusCode);
        using var slowed = await TokenAsync(client, "10.1.0.7", "member2", "guess7");
        Assert.Equal(HttpStatusCode.TooManyRequests, slowed.StatusCode);
        Assert.InRange(int.Parse(slowed.Headers.GetValues("Retry-After").Single()), 1, 60);
        // The password is not even checked meanwhile, right or wrong: guessing learns nothing.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TokenAsync(client, "10.1.0.8", "member2", DemoData.Password)).StatusCode);

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(client, "10.1.0.8", "member2", DemoData.Password)).StatusCode);
    }

    [Fact]
    public async Task Security_a_locked_account_loses_its_tokens_at_once()
    {
        var user = await SignInAsync("phy.league");
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/v1/me")).Status);

        // Only an administrator locks; a refused attempt changes nothing.
        var student = await SignInAsync(DemoData.Initiator);
        Assert.Equal(HttpStatusCode.Forbidden, (await student.PostAsync("/api/v1/admin/users/phy.league/lock")).Status);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/v1/me")).Status);

        var admin = await SignInAsync("admin");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync("/api/v1/admin/users/phy.league/lock")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/v1/me")).Status);
        using var again = await TokenAsync(Client(), "10.2.0.1", "phy.league", DemoData.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal("This account is locked by an administrator.", (await again.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());

        // Unlocking lets the person sign in afresh; the token from before the lock stays dead.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync("/api/v1/admin/users/phy.league/unlock")).Status);
        Assert.Equal(HttpStatusCode.OK, (await (await SignInAsync("phy.league")).GetAsync("/api/v1/me")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/v1/me")).Status);
    }

    [Fact]
    public async Task Security_removing_or_granting_a_role_ends_the_users_sessions()
    {
        var before = await SignInAsync("chem.league");
        var (status, me) = await before.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(me!["roles"]!.AsArray(), r => r!["role"]!.GetValue<string>() == nameof(Role.CollegeLeague));

        var removed = await app.WithDbAsync(async db =>
        {
            var id = (await db.Users.SingleAsync(u => u.UserName == "chem.league")).Id;
            var assignment = await db.RoleAssignments.SingleAsync(a => a.UserId == id && a.Role == Role.CollegeLeague);
            db.RoleAssignments.Remove(assignment);
            await db.SaveChangesAsync();
            return assignment;
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await before.GetAsync("/api/v1/me")).Status);

        var without = await SignInAsync("chem.league");
        (status, me) = await without.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(me!["roles"]!.AsArray());

        await app.WithDbAsync(async db =>
        {
            db.RoleAssignments.Add(new RoleAssignment(removed.UserId, removed.Role, removed.UniversityId, removed.OrgUnitId));
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await without.GetAsync("/api/v1/me")).Status);
    }

    [Fact]
    public async Task Security_signing_out_ends_every_token_of_the_user()
    {
        var first = await SignInAsync("league");
        var second = await SignInAsync("league");
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v1/me")).Status);

        using var signOut = await first.Http.PostAsync("/api/v1/auth/sign-out", null);
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/api/v1/me")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/v1/me")).Status);
        Assert.Equal(HttpStatusCode.OK, (await (await SignInAsync("league")).GetAsync("/api/v1/me")).Status);
    }

    [Fact]
    public async Task Security_a_cookie_replayed_after_sign_out_is_refused()
    {
        var token = await SignInAsync("party");
        var signIn = await PageSignInAsync("10.3.0.1", "party", DemoData.Password);
        var cookie = signIn.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("reformflow.auth=")).Split(';')[0];

        var browser = signIn.Client;
        var tasks = await browser.GetStringAsync("/Tasks");
        using var logout = await browser.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = AntiforgeryToken(tasks) }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        // Someone who copied the cookie before the sign-out replays it.
        var replay = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        replay.DefaultRequestHeaders.Add("Cookie", cookie);
        using var page = await replay.GetAsync("/Tasks");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/Login", page.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/v1/tasks")).StatusCode);
        // Signing out in the browser also ended the script's token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/v1/me")).Status);
    }

    [Fact]
    public async Task Security_a_refresh_token_renews_the_sign_in_until_the_session_ends()
    {
        var client = Client();
        var pair = await (await TokenAsync(client, "10.4.0.1", "phy.party", DemoData.Password)).Content.ReadFromJsonAsync<JsonObject>();
        var refreshToken = pair!["refreshToken"]!.GetValue<string>();

        using var renewed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        var fresh = (await renewed.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await WithBearer(fresh).GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "not-a-token" })).StatusCode);

        // After sign-out neither the old refresh token nor the renewed one works.
        Assert.Equal(HttpStatusCode.NoContent, (await WithBearer(fresh).PostAsync("/api/v1/auth/sign-out", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken })).StatusCode);

        // After a lock neither.
        var other = await (await TokenAsync(client, "10.4.0.1", "academic.office", DemoData.Password)).Content.ReadFromJsonAsync<JsonObject>();
        var admin = await SignInAsync("admin");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync("/api/v1/admin/users/academic.office/lock")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = other!["refreshToken"]!.GetValue<string>() })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync("/api/v1/admin/users/academic.office/unlock")).Status);
    }

    [Fact]
    public async Task Security_every_answer_carries_the_security_headers()
    {
        var anonymous = Client();
        var signedIn = await SignInAsync("swd");
        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["page"] = await anonymous.GetAsync("/Account/Login"),
            ["api"] = await signedIn.Http.GetAsync("/api/v1/me"),
            ["static file"] = await anonymous.GetAsync("/css/site.css"),
            ["404"] = await anonymous.GetAsync("/no/such/page"),
            ["problem"] = await signedIn.Http.PostAsJsonAsync("/api/v1/association-applications", new { name = "" }),
        };
        Assert.Equal(HttpStatusCode.OK, answers["static file"].StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, answers["404"].StatusCode);
        Assert.Equal("application/problem+json", answers["problem"].Content.Headers.ContentType?.MediaType);
        foreach (var (what, r) in answers)
        {
            var csp = Header(r, "Content-Security-Policy", what);
            Assert.Contains("default-src 'self'", csp);
            Assert.Matches("script-src 'self';", csp); // no inline script, no eval
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("object-src 'none'", csp);
            Assert.Contains("base-uri 'self'", csp);
            Assert.Contains("form-action 'self'", csp);
            Assert.Equal("nosniff", Header(r, "X-Content-Type-Options", what));
            Assert.Equal("DENY", Header(r, "X-Frame-Options", what));
            Assert.Equal("strict-origin-when-cross-origin", Header(r, "Referrer-Policy", what));
            Assert.False(r.Headers.Contains("Server"), what);
        }
        // The test server never sends one; Kestrel is told not to.
        Assert.False(app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
    }

    [Fact]
    public void Security_pages_carry_no_inline_script_the_policy_would_block()
    {
        var pages = Path.Combine(LocalizationTests.RepoRoot(), "src", "Web", "Pages");
        var inline = Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(f => InlineScript().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(pages, f)}: {m.Value}"))
            .ToList();
        Assert.Empty(inline);
    }

    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+\s*=\s*[""']|javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    private static int _addresses;

    /// <summary>A bearer-token client, each from an address of its own so the per-address limit stays out of the way.</summary>
    private Task<Api> SignInAsync(string userName) =>
        Api.SignInAsync(app, userName, clientAddress: $"10.200.{Interlocked.Increment(ref _addresses) / 250}.{_addresses % 250 + 1}");

    private HttpClient Client()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        return client;
    }

    private HttpClient WithBearer(string token)
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<HttpResponseMessage> TokenAsync(HttpClient client, string address, string userName, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = JsonContent.Create(new { userName, password }) };
        request.Headers.Add(AppFactory.ClientAddressHeader, address);
        return await client.SendAsync(request);
    }

    /// <summary>Reads the sign-in page and posts it from one address, in a client of its own (own cookies).</summary>
    private async Task<(HttpClient Client, HttpResponseMessage Get, HttpResponseMessage Response)> PageSignInAsync(string address, string userName, string password)
    {
        var client = Client();
        client.DefaultRequestHeaders.Add(AppFactory.ClientAddressHeader, address);
        var get = await client.GetAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = password, ["__RequestVerificationToken"] = AntiforgeryToken(await get.Content.ReadAsStringAsync()),
        }));
        return (client, get, response);
    }

    private static string Header(HttpResponseMessage r, string name, string what) =>
        r.Headers.TryGetValues(name, out var v) || r.Content.Headers.TryGetValues(name, out v)
            ? string.Join(",", v)
            : throw new Xunit.Sdk.XunitException($"The {what} answer ({(int)r.StatusCode}) has no {name} header.");

    private static string AntiforgeryToken(string html) => TokenPattern().Match(html) is { Success: true } m
        ? WebUtility.HtmlDecode(m.Groups[1].Value)
        : throw new Xunit.Sdk.XunitException("no antiforgery token in the page");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
