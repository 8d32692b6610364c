using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;

namespace ReformFlow.Tests.Browser;

/// <summary>The real app on Kestrel (a real port a browser can reach), on its own seeded SQLite copy.</summary>
public sealed class KestrelAppFactory : AppFactory
{
    public KestrelAppFactory() => UseKestrel(0); // 0: any free port

    /// <summary>Starts the server and returns its address, e.g. http://127.0.0.1:41234.</summary>
    public string Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no addresses.");
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Kestrel listens on no plain HTTP address: {string.Join(", ", addresses)}");
        // "http://[::]:port" or "http://localhost:port" → a loopback address Chromium can open.
        var port = new Uri(address.Replace("[::]", "localhost").Replace("0.0.0.0", "localhost")).Port;
        return $"http://127.0.0.1:{port}";
    }
}

/// <summary>
/// One app and one headless Debian Chromium shared by the browser tests of a class. Each user gets a
/// fresh browser context (own cookies), which is cheaper than signing out and in again.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _pageErrors = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _cspViolations = new();
    // Pages whose confirm() dialogs are dismissed; every other page accepts them (as a user who meant to click).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IPage, bool> _dismissing = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IPage, System.Collections.Concurrent.ConcurrentQueue<string>> _dialogs = new();

    /// <summary>From now on this page answers "Cancel" to confirm() dialogs (or "OK" again with <paramref name="dismiss"/> false).</summary>
    public void DismissDialogs(IPage page, bool dismiss = true)
    {
        if (dismiss) _dismissing[page] = true;
        else _dismissing.TryRemove(page, out _);
    }

    /// <summary>The messages of the dialogs this page has shown so far, oldest first.</summary>
    public IReadOnlyList<string> DialogsOn(IPage page) => _dialogs.TryGetValue(page, out var q) ? q.ToArray() : [];

    /// <summary>Everything the Content-Security-Policy blocked in any page of this fixture so far (should stay empty).</summary>
    public IReadOnlyCollection<string> CspViolations => _cspViolations.ToArray();

    public KestrelAppFactory App { get; } = new();
    public string BaseUrl { get; private set; } = "";
    public string ScreenshotFolder { get; } = FindScreenshotFolder();

    /// <summary>Why the browser could not start, if it could not; tests fail with this message.</summary>
    public string? Problem { get; private set; }

    public IBrowser Browser => _browser ?? throw new Xunit.Sdk.XunitException(Problem ?? "The browser has not been started.");

    public async Task InitializeAsync()
    {
        // Assertions wait up to 10 s (5 s by default): on a loaded 2-core machine a page can take longer than 5 s to settle.
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(10_000);
        if (!File.Exists(ChromiumPath))
        {
            // Never skip and never download a browser: the project's test script installs Debian's Chromium.
            Problem = $"{ChromiumPath} does not exist, so the browser tests cannot run. Run the project's test script " +
                      "(scripts/test.sh), which installs Debian's chromium and fonts-noto-cjk, or `apt-get install chromium fonts-noto-cjk`.";
            return;
        }
        BaseUrl = App.Start();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>
    /// A new browser context (Chinese unless told otherwise) with one page, not signed in. Without
    /// <paramref name="diagrams"/> the 3.5 MB Mermaid script is not loaded: each context has its own
    /// cache, and parsing it on every details page is most of a step's time when nobody looks at the picture.
    /// </summary>
    public async Task<IPage> NewPageAsync(string locale = "zh-CN", bool diagrams = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        // 30 s: the first sign-in of a run meets a cold app and a dozen test classes seeding at once (15 s timed out in CI).
        context.SetDefaultTimeout(30_000);
        if (!diagrams) await context.RouteAsync("**/lib/mermaid/**", route => route.AbortAsync());
        // Whatever the Content-Security-Policy blocks is reported, so a page the policy breaks fails its test.
        await context.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI))");
        var page = await context.NewPageAsync();
        // Destructive buttons ask confirm() (wwwroot/js/confirm.js); Playwright would dismiss it silently, so accept by default.
        page.Dialog += async (_, dialog) =>
        {
            _dialogs.GetOrAdd(page, _ => new()).Enqueue(dialog.Message);
            if (_dismissing.ContainsKey(page)) await dialog.DismissAsync();
            else await dialog.AcceptAsync();
        };
        page.PageError += (_, error) => _pageErrors.Enqueue($"{page.Url}: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && (message.Text.StartsWith("CSP violation") || message.Text.Contains("Content Security Policy")))
                _cspViolations.Enqueue($"{page.Url}: {message.Text}");
        };
        return page;
    }

    /// <summary>A new browser context signed in through the login page as a demo account; the page is left on My tasks.</summary>
    public async Task<IPage> SignInAsync(string userName, string locale = "zh-CN", bool diagrams = false)
    {
        var page = await NewPageAsync(locale, diagrams);
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#UserName", userName);
        await page.FillAsync("#Password", DemoData.Password);
        await page.ClickAsync("#sign-in");
        // DOMContentLoaded, not "load": under a loaded CI run the load event of My tasks once never came within 30 s
        // although the network was idle; the tests then wait for what they need on the page.
        await page.WaitForURLAsync("**/Tasks", new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        return page;
    }

    public async Task ScreenshotAsync(IPage page, string name)
    {
        // The details page draws its diagram with Mermaid after load; wait for it so the picture is complete.
        if (await page.Locator("#diagram").CountAsync() > 0 && await page.EvaluateAsync<bool>("() => typeof window.mermaid !== 'undefined'"))
        {
            try { await page.Locator("#diagram svg").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 }); }
            catch (TimeoutException)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"FAILED-{name}.png"), FullPage = true });
                throw new Xunit.Sdk.XunitException($"The process diagram on {page.Url} was not drawn within 10 s (see FAILED-{name}.png). " +
                    $"Script errors: {(_pageErrors.IsEmpty ? "none" : string.Join(" | ", _pageErrors))}");
            }
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
        if (!_cspViolations.IsEmpty)
            throw new Xunit.Sdk.XunitException($"The Content-Security-Policy blocked something by {name}: {string.Join(" | ", _cspViolations)}");
    }

    /// <summary>artifacts/screenshots under the repository root (the folder holding ReformFlow.sln); gitignored.</summary>
    private static string FindScreenshotFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ReformFlow.sln"))) dir = dir.Parent;
        var root = dir?.FullName ?? throw new InvalidOperationException($"No ReformFlow.sln above {AppContext.BaseDirectory}.");
        var folder = Path.Combine(root, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
