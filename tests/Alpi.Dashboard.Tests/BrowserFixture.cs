using Alpi.Testing;
using Microsoft.Playwright;

namespace Alpi.Dashboard.Tests;

/// <summary>
/// One collector (with its local agent, tenant "test") and one headless Chromium per fixture; one fresh browser
/// context (clean local storage) per test. Screenshots go to the test's work directory.
/// </summary>
public abstract class BrowserFixture
{
    /// <summary>Debian's chromium: Playwright's own browsers are never downloaded.</summary>
    private const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IBrowserContext? _context;

    protected CollectorHarness Collector { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    /// <summary>The viewport of each test's page; a phone-sized test opens its own context.</summary>
    protected static ViewportSize Desktop { get; } = new() { Width = 1280, Height = 900 };

    [OneTimeSetUp]
    public async Task StartCollectorAndBrowser()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"{ChromiumPath} is not installed: install the Debian package chromium (the README's test command does).");
        }

        // The driver must never try to fetch its own browsers.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Collector = await StartCollectorWithOnlineHostAsync();
    }

    /// <summary>Starts a collector and waits (via the API, at most 30 s) for its agent's birth message to mark the host online.</summary>
    private static async Task<CollectorHarness> StartCollectorWithOnlineHostAsync()
    {
        var collector = await CollectorHarness.StartAsync();
        var online = await Eventually.WaitAsync(async () =>
        {
            var hosts = await collector.Http.GetStringAsync(new Uri("/api/hosts", UriKind.Relative));
            return hosts.Contains("\"status\":\"online\"", StringComparison.Ordinal) ? hosts : null;
        }, TimeSpan.FromSeconds(30));
        online.Should().NotBeNull("the local agent's birth message marks this machine online");
        return collector;
    }

    [OneTimeTearDown]
    public async Task StopBrowserAndCollector()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Collector is not null)
        {
            await Collector.DisposeAsync();
        }
    }

    [SetUp]
    public async Task OpenPage()
    {
        _context = await NewContextAsync(Desktop);
        Page = await _context.NewPageAsync();
    }

    [TearDown]
    public async Task ClosePage()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }
    }

    /// <summary>
    /// A fresh context whose errors fail the test: script errors and failed API calls would otherwise go unseen. Unless
    /// <paramref name="signedIn"/> is false, every request carries the harness's bearer token, as if logged in.
    /// </summary>
    protected async Task<IBrowserContext> NewContextAsync(ViewportSize viewport, bool isMobile = false, bool signedIn = true)
    {
        var context = await _browser!.NewContextAsync(new()
        {
            BaseURL = Collector.BaseUrl,
            ViewportSize = viewport,
            IsMobile = isMobile,
            HasTouch = isMobile,
            DeviceScaleFactor = isMobile ? 2 : 1,
            Locale = "fr-FR",
            TimezoneId = "Europe/Paris",
            ExtraHTTPHeaders = signedIn ? new Dictionary<string, string> { ["Authorization"] = "Bearer " + Collector.AdminToken } : null,
        });
        context.SetDefaultTimeout(30_000);
        context.Page += (_, page) => page.PageError += (_, error) => PageErrors.Add(error);
        return context;
    }

    /// <summary>Uncaught script errors seen in this fixture's pages.</summary>
    protected List<string> PageErrors { get; } = [];

    /// <summary>Opens the dashboard and waits for this machine's row to be online.</summary>
    protected async Task<ILocator> OpenHostsAsync(IPage page)
    {
        await page.GotoAsync("/");
        var row = page.Locator("tr[data-tenant=\"test\"][data-status=\"online\"]").First;
        try
        {
            await row.WaitForAsync(new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            // Say whether the page or the collector is at fault.
            var hosts = await Collector.Http.GetStringAsync(new Uri("/api/hosts", UriKind.Relative));
            using var health = await Collector.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Fail($"No online row for tenant \"test\" after 30 s. /api/hosts: {hosts}; /healthz: {await health.Content.ReadAsStringAsync()}; " +
                $"page errors: {string.Join(" | ", PageErrors)}; footer: {await page.Locator("footer").TextContentAsync()}");
        }

        return row;
    }

    /// <summary>Opens this machine's host page and waits for the CPU chart to draw.</summary>
    protected async Task<ILocator> OpenHostPageAsync(IPage page)
    {
        var row = await OpenHostsAsync(page);
        await row.Locator("a").ClickAsync();
        var cpu = page.Locator("section[data-chart=\"cpu\"]");
        await page.WaitForFunctionAsync(
            "() => { const s = document.querySelector('section[data-chart=\"cpu\"]'); return s && Number(s.dataset.points) > 0 && s.querySelector('canvas'); }",
            null, new() { Timeout = 30_000 });
        return cpu;
    }

    /// <summary>Saves a full-page screenshot in the test's work directory and returns its path.</summary>
    protected static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots", name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path);
        return path;
    }
}
