using Alpi.HotspotController.Radius;
using Alpi.Protocols.Radius;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Alpi.HotspotController.Tests.Portal;

/// <summary>
/// Headless Chromium (Debian's /usr/bin/chromium, launched as the dashboard's tests do) driving the portal as a
/// citizen would, behind a scripted terminal (<see cref="TestTerminal"/>) on 127.0.0.1.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class PortalBrowserTests
{
    /// <summary>Debian's chromium: Playwright's own browsers are never downloaded.</summary>
    private const string ChromiumPath = "/usr/bin/chromium";

    private PortalHarness _portal = null!;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private int _nextMac;

    [OneTimeSetUp]
    public async Task Start()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"{ChromiumPath} is not installed: install the Debian package chromium (the README's test command does).");
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        _portal = await PortalHarness.StartAsync(new Dictionary<string, string?> { ["Hotspot:Portal:RateLimit:PermitsPerIp"] = "1000" });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }
    }

    private string NextMac() => $"02-00-00-00-10-{Interlocked.Increment(ref _nextMac):X2}";

    private async Task<IBrowserContext> NewContextAsync(ViewportSize viewport, bool isMobile = false)
    {
        var context = await _browser!.NewContextAsync(new()
        {
            ViewportSize = viewport,
            IsMobile = isMobile,
            HasTouch = isMobile,
            DeviceScaleFactor = isMobile ? 2 : 1,
            Locale = "fr-FR",
            TimezoneId = "Europe/Paris",
        });
        context.SetDefaultTimeout(30_000);
        return context;
    }

    /// <summary>
    /// The issue's scenario: redirect with res=notyet → registration → the browser lands on the terminal's /logon with a
    /// CHAP response that the controller's RADIUS server verifies → Access-Accept → res=success; then a MAC
    /// authentication of the same device from a second terminal (another NAS client, at 127.0.0.2) is accepted without
    /// the portal, and an unknown device is rejected there.
    /// </summary>
    [Test]
    public async Task Redirect_Registration_Logon_IsAcceptedByRadius_ThenASecondTerminalRecognisesTheDeviceByMac()
    {
        await using var terminal = await TestTerminal.StartAsync(_portal, NextMac());
        await using var context = await NewContextAsync(new() { Width = 1280, Height = 900 });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{terminal.BaseUrl}/?userurl={Uri.EscapeDataString("http://example.org/actualites")}");
        page.Url.Should().StartWith(_portal.BaseUrl + "?res=notyet");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Connexion au Wi-Fi public Cigale" }).WaitForAsync();

        var registration = page.GetByRole(AriaRole.Region, new() { Name = "Créer un compte" });
        await registration.GetByLabel("Adresse e-mail").FillAsync("zoe@example.org");
        await registration.GetByLabel("Mot de passe").FillAsync("une phrase de passe");
        await registration.GetByLabel("J'accepte les conditions d'utilisation").CheckAsync();
        await registration.GetByLabel("J'ai lu la notice sur les données personnelles").CheckAsync();
        await registration.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte et me connecter" }).ClickAsync();

        // The terminal's /logon sent the CHAP response to the RADIUS server, got an Access-Accept, and sent the browser back with res=success.
        await page.GetByRole(AriaRole.Heading, new() { Name = "Vous êtes connecté" }).WaitForAsync();
        page.Url.Should().StartWith(_portal.BaseUrl + "?res=success");
        terminal.Logons.Should().ContainSingle().Which.Should().Be(("zoe@example.org", terminal.Logons.Single().Response, true));
        (await page.Locator("a.continue").GetAttributeAsync("href")).Should().Be("http://example.org/actualites");
        (await _portal.FindDeviceAsync(terminal.Mac))!.Login.Should().Be("zoe@example.org", "the RADIUS server registered the Calling-Station-Id device");
        _portal.Services.GetRequiredService<RadiusServerStatistics>().Find(terminal.NasIdentifier)!.AccessAccepts.Should().BeGreaterThanOrEqualTo(1);
        await ScreenshotAsync(page, "portal-welcome");

        // Roaming: the same device at another terminal is recognised by MAC authentication, without the portal.
        await using var library = await TestTerminal.StartAsync(_portal, terminal.Mac, "127.0.0.2", "bibliotheque-test");
        (await library.MacAuthenticateAsync()).Code.Should().Be(RadiusCode.AccessAccept);
        (await library.MacAuthenticateAsync(NextMac())).Code.Should().Be(RadiusCode.AccessReject, "an unknown device gets the portal");
        _portal.Services.GetRequiredService<RadiusServerStatistics>().Find("bibliotheque-test")!.AccessAccepts.Should().Be(1);
    }

    [Test]
    public async Task Login_OfAnExistingAccount_LogsOnAtTheTerminal_AndTheAccountPageShowsTheDevice()
    {
        await _portal.CreateAccountAsync("yann@example.org", "mot de passe sûr");
        await using var terminal = await TestTerminal.StartAsync(_portal, NextMac());
        await using var context = await NewContextAsync(new() { Width = 1280, Height = 900 });
        var page = await context.NewPageAsync();
        await page.GotoAsync(terminal.BaseUrl + "/");

        var login = page.GetByRole(AriaRole.Region, new() { Name = "J'ai déjà un compte" });
        await login.GetByLabel("Adresse e-mail").FillAsync("yann@example.org");
        await login.GetByLabel("Mot de passe").FillAsync("mot de passe sûr");
        await login.GetByLabel("Mot de passe").PressAsync("Enter");

        await page.GetByRole(AriaRole.Heading, new() { Name = "Vous êtes connecté" }).WaitForAsync();
        terminal.Logons.Should().ContainSingle(l => l.Accepted && l.Username == "yann@example.org");

        // The portal signed the browser in: the account page lists the device the RADIUS server registered at the logon.
        await page.Locator("#main").GetByRole(AriaRole.Link, new() { Name = "Mon compte" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Mes appareils" }).WaitForAsync();
        (await page.Locator($"tr[data-mac=\"{terminal.Mac}\"]").CountAsync()).Should().Be(1);
    }

    [Test]
    public async Task Logon_WithAResponseThatDoesNotVerify_IsRejectedByRadius_AndRedirectsWithResFailedAndTheReplyMessage()
    {
        await _portal.CreateAccountAsync("xavier@example.org", "mot de passe sûr");
        await using var terminal = await TestTerminal.StartAsync(_portal, NextMac());
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri($"{terminal.BaseUrl}/logon?username=xavier%40example.org&response={new string('0', 32)}&userurl=http%3A%2F%2Fexample.org%2F"));

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Redirect);
        var location = response.Headers.Location!.OriginalString;
        location.Should().StartWith(_portal.BaseUrl + "?res=failed").And.Contain("&reply=Wrong%20login%20or%20password");
        terminal.Logons.Should().ContainSingle().Which.Accepted.Should().BeFalse();
    }

    [Test]
    public async Task LanguageSwitch_KeepsTheSignedLandingUsable()
    {
        await using var terminal = await TestTerminal.StartAsync(_portal, NextMac());
        await using var context = await NewContextAsync(new() { Width = 1280, Height = 900 });
        var page = await context.NewPageAsync();
        await page.GotoAsync(terminal.BaseUrl + "/");

        await page.GetByRole(AriaRole.Link, new() { Name = "Read this page in English" }).ClickAsync();

        await page.GetByRole(AriaRole.Heading, new() { Name = "Connect to Cigale public Wi-Fi" }).WaitForAsync();
        (await page.Locator("html").GetAttributeAsync("lang")).Should().Be("en");
        (await page.Locator("form[action='/portal/register']").CountAsync()).Should().Be(1, "the landing URL, signature included, came back intact");
    }

    [Test]
    public async Task PhoneViewport_FitsWithoutSideScrolling_LabelsEveryField_AndHasLargeTargets()
    {
        await using var terminal = await TestTerminal.StartAsync(_portal, NextMac());
        await using var context = await NewContextAsync(new() { Width = 360, Height = 740 }, isMobile: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync(terminal.BaseUrl + "/");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Connexion au Wi-Fi public Cigale" }).WaitForAsync();

        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"))
            .Should().BeTrue("nothing is wider than a 360 px phone");
        (await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('input:not([type=hidden])')].every(i => i.labels && i.labels.length > 0)"))
            .Should().BeTrue("every field has a label");
        foreach (var button in await page.GetByRole(AriaRole.Button).AllAsync())
        {
            var box = await button.BoundingBoxAsync();
            box!.Height.Should().BeGreaterThanOrEqualTo(44, "touch targets are at least 44 px high");
            box.Width.Should().BeLessThanOrEqualTo(360);
        }

        // Keyboard: the first Tab stops go to the skip link, the language switch, then the login e-mail field.
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be("login-email");
        await ScreenshotAsync(page, "portal-phone");
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots", name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path);
    }
}
