using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Alpi.Testing;
using Microsoft.Playwright;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.Dashboard.Tests;

/// <summary>
/// One collector (with its local agent, tenant "test", the alert rule <see cref="Rules"/> and the on-call file
/// <see cref="OnCall"/>), one MQTT publisher and one headless Chromium per fixture; one fresh browser context (clean
/// local storage) per test. Screenshots go to the test's work directory.
/// </summary>
public abstract class BrowserFixture
{
    /// <summary>
    /// A threshold rule on <c>dash_temp value</c>: warning above 40, critical above 50, per host; the window of an
    /// hour keeps a problem open for the whole fixture after one point.
    /// </summary>
    protected const string Rules = """
        rules:
          - name: temp-high
            kind: threshold
            measurement: dash_temp
            field: value
            function: last
            window: 1h
            above: { warning: 40, critical: 50 }
            recover: 30
            annotations:
              summary: "Température {{ value }} °C sur {{ host }}"
        """;

    /// <summary>
    /// One weekly rotation, alice then bob, handing over on Mondays at 09:00 Paris time; one weekly maintenance window
    /// of the file, on a tenant no test publishes for.
    /// </summary>
    protected const string OnCall = """
        timeZone: Europe/Paris
        people:
          alice: { email: alice@mairie.test, sms: "+33600000001" }
          bob: { email: bob@mairie.test }
        schedules:
          - name: astreinte
            rotation: [alice, bob]
            handover: monday 09:00
            start: 2026-01-05
        maintenance:
          - name: sauvegardes
            match: { tenant: mairie-sauvegardes }
            weekly: { days: [mon, tue], from: "01:00", to: "03:00" }
        """;

    /// <summary>Debian's chromium: Playwright's own browsers are never downloaded.</summary>
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly TempDirectory _config = new("alpi-dashboard-tests");
    private IMqttClient? _publisher;
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
        await File.WriteAllTextAsync(Path.Combine(_config.Path, "rules.yaml"), RulesText);
        await File.WriteAllTextAsync(Path.Combine(_config.Path, "oncall.yaml"), OnCall);
        var settings = new Dictionary<string, string?>
        {
            ["Collector:Alerting:RulesFile"] = Path.Combine(_config.Path, "rules.yaml"),
            ["Collector:Alerting:OnCallFile"] = "oncall.yaml",
            ["Collector:Alerting:EvaluationInterval"] = "00:00:01",
        };
        foreach (var (key, value) in ExtraCollectorSettings)
        {
            settings[key] = value;
        }

        Collector = await StartCollectorWithOnlineHostAsync(settings, BundledHotspotSettings);
        _publisher = new MqttClientFactory().CreateMqttClient();
        await _publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Collector.BrokerPort)
            .WithClientId("dashboard-tests-" + Guid.NewGuid().ToString("N")[..8]).Build());
    }

    /// <summary>More collector settings of a fixture (none by default).</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraCollectorSettings { get; } = new Dictionary<string, string?>();

    /// <summary>The rule file this fixture's collector loads; <see cref="Rules"/> unless a fixture needs others.</summary>
    protected virtual string RulesText => Rules;

    /// <summary>Settings of a hotspot controller bundled in the collector's process, or null (the default) for none.</summary>
    protected virtual IDictionary<string, string?>? BundledHotspotSettings => null;

    /// <summary>Starts a collector and waits (via the API, at most 30 s) for its agent's birth message to mark the host online.</summary>
    private static async Task<CollectorHarness> StartCollectorWithOnlineHostAsync(IDictionary<string, string?> settings, IDictionary<string, string?>? hotspot)
    {
        var collector = await CollectorHarness.StartAsync(settings, hotspotSettings: hotspot);
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
        _publisher?.Dispose();
        if (Collector is not null)
        {
            await Collector.DisposeAsync();
        }

        _config.Dispose();
    }

    /// <summary>Publishes line-protocol <paramref name="lines"/> (stamped by the collector on receipt) as <paramref name="tenant"/>/<paramref name="host"/>, QoS 1, as an agent would.</summary>
    protected async Task PublishAsync(string tenant, string host, string lines)
    {
        var result = await _publisher!.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"alpi/{tenant}/{host}/metrics")
            .WithPayload(Encoding.UTF8.GetBytes(lines)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        result.IsSuccess.Should().BeTrue(result.ReasonString);
    }

    /// <summary>
    /// Publishes a retained status (<c>online</c> with a small inventory, or <c>offline</c>) for a host. With a
    /// <paramref name="site"/>, the birth message (and, for an offline host, the one before its last will) names it as
    /// the agent's <c>Agent:Site</c> does.
    /// </summary>
    protected async Task PublishStatusAsync(string tenant, string host, bool online, string? site = null)
    {
        if (!online && site is not null)
        {
            await PublishStatusAsync(tenant, host, online: true, site);
        }

        var payload = online
            ? site is null
                ? JsonSerializer.Serialize(new { status = "online", hostname = host, os = "Linux", osVersion = "Debian GNU/Linux 12", agentVersion = "9.9.9", ipAddresses = new[] { "192.0.2.42" } })
                : JsonSerializer.Serialize(new { status = "online", hostname = host, os = "Linux", osVersion = "Debian GNU/Linux 12", agentVersion = "9.9.9", ipAddresses = new[] { "192.0.2.42" }, site })
            : "{\"status\":\"offline\"}";
        await _publisher!.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"alpi/{tenant}/{host}/status").WithRetainFlag()
            .WithPayload(Encoding.UTF8.GetBytes(payload)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
    }

    /// <summary>Waits until the page's live feed delivered its first alerts (the footer says "En direct").</summary>
    protected static async Task WaitForLiveAsync(IPage page) =>
        await page.Locator("body[data-live=\"on\"]").WaitForAsync(new() { Timeout = 30_000 });

    /// <summary>
    /// Runs axe-core (from npm, copied beside the tests) on the page and returns its serious and critical violations,
    /// one line each: rule, impact, help and the first elements at fault.
    /// </summary>
    protected static async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync(IPage page)
    {
        // The collector's Content-Security-Policy (script-src 'self') refuses inline scripts, as it should: axe-core is
        // given to the page as a same-origin file, answered by the browser's request interception, never by the collector.
        if (!await page.EvaluateAsync<bool>("() => typeof axe !== 'undefined'"))
        {
            var axe = new Uri(new Uri(page.Url), "/axe-core-for-tests.min.js");
            await page.RouteAsync(axe.AbsoluteUri, route => route.FulfillAsync(new()
            {
                Path = Path.Combine(TestContext.CurrentContext.TestDirectory, "axe.min.js"),
                ContentType = "text/javascript; charset=utf-8",
            }));
            await page.AddScriptTagAsync(new() { Url = axe.AbsoluteUri });
        }

        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { resultTypes: ["violations"] })).violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")) }))
            """);
        return violations.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()} — " +
                string.Join(" | ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())))
            .ToList();
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

    /// <summary>The password <see cref="EnsureAccountAsync"/> gives an account (12 characters or more, not its name).</summary>
    protected static string PasswordOf(string name) => $"{name} correct horse";

    /// <summary>
    /// Creates the account <paramref name="name"/> with <paramref name="role"/> through the administration API (the harness's
    /// admin token), as an administrator would; an account that exists already is kept.
    /// </summary>
    protected async Task EnsureAccountAsync(string name, string role)
    {
        using var response = await Collector.Http.PostAsJsonAsync(new Uri("/api/security/users", UriKind.Relative),
            new { name, role, password = PasswordOf(name) });
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Fills in and sends the login page the browser is on, as a person would (the name, the password, Enter).</summary>
    protected static async Task LogInOnLoginPageAsync(IPage page, string name, string? password = null)
    {
        await page.Locator("form#login").WaitForAsync();
        await page.GetByLabel("Identifiant").FillAsync(name);
        await page.GetByLabel("Mot de passe").FillAsync(password ?? PasswordOf(name));
        await page.GetByLabel("Mot de passe").PressAsync("Enter");
    }

    /// <summary>
    /// A fresh context without the harness's token whose page logged in through the real login page as
    /// <paramref name="name"/> (created with <paramref name="role"/> if need be), then opened <paramref name="hash"/>; the page
    /// has shown who is signed in. The caller disposes the context.
    /// </summary>
    protected async Task<(IBrowserContext Context, IPage Page)> SignedInPageAsync(string name, string role, string hash = "#/", ViewportSize? viewport = null)
    {
        await EnsureAccountAsync(name, role);
        var context = await NewContextAsync(viewport ?? Desktop, signedIn: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/" + hash);
        page.Url.Should().StartWith($"{Collector.BaseUrl}/login?", "without a session the server sends the browser to the login page");
        await LogInOnLoginPageAsync(page, name);
        await page.Locator("#user:not([hidden]) #user-name", new() { HasTextString = name }).WaitForAsync();
        return (context, page);
    }

    /// <summary>Uncaught script errors seen in this fixture's pages.</summary>
    protected List<string> PageErrors { get; } = [];

    /// <summary>Opens the dashboard and waits for this machine's row to be online.</summary>
    protected async Task<ILocator> OpenHostsAsync(IPage page)
    {
        await page.GotoAsync("/#/hosts");
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
