using System.Net.Http.Json;
using Alpi.Testing;
using Microsoft.Playwright;

namespace Alpi.Dashboard.Tests;

/// <summary>
/// The Wi-Fi view against the hotspot controller bundled in the collector's process (as <c>dotnet run --project
/// Alpi.Collector</c> runs it), with radclient as the terminal: its session, traffic and marker on the map; the session
/// search for the data-protection officer only, audited.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class WifiTests : BrowserFixture
{
    private const string Dpo = "dpo-martin";
    private const string Technician = "tech-wifi";
    private const string Password = "a long enough password";
    private const string SessionId = "wifi-session-1";
    private const string DeviceMac = "02-00-5E-10-00-01";

    private BundledHotspotHarness _hotspot = null!;

    [OneTimeSetUp]
    public async Task StartHotspotWithASession()
    {
        _hotspot = await BundledHotspotHarness.StartAsync(Collector);
        foreach (var (name, role) in new[] { (Dpo, "dpo"), (Technician, "technician") })
        {
            using var response = await Collector.Http.PostAsJsonAsync(new Uri("/api/security/users", UriKind.Relative), new { name, role, password = Password });
            response.EnsureSuccessStatusCode();
        }

        // A citizen's device connects at the terminal: Start, then an interim update with its traffic so far.
        await AccountingAsync($"Acct-Status-Type = Start, Acct-Session-Id = \"{SessionId}\", User-Name = \"{DeviceMac}\", Calling-Station-Id = \"{DeviceMac}\", Framed-IP-Address = 10.1.0.23");
        await AccountingAsync($"Acct-Status-Type = Interim-Update, Acct-Session-Id = \"{SessionId}\", User-Name = \"{DeviceMac}\", Calling-Station-Id = \"{DeviceMac}\", Framed-IP-Address = 10.1.0.23, Acct-Session-Time = 60, Acct-Input-Octets = 150000, Acct-Output-Octets = 2400000");
    }

    [OneTimeTearDown]
    public async Task StopHotspot()
    {
        if (_hotspot is not null)
        {
            await _hotspot.DisposeAsync();
        }
    }

    [Test]
    public async Task WifiView_TerminalWithARadclientSession_ShowsTheSessionTrafficAndAMarkerWithoutAnyOtherServer()
    {
        var foreign = new List<string>();
        Page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(Collector.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                foreign.Add(request.Url);
            }
        };
        await Page.GotoAsync("/#/wifi");
        var row = Page.Locator($"tr[data-terminal=\"{BundledHotspotHarness.NasName}\"]");
        await row.Locator("td[data-field=active_sessions]", new() { HasTextString = "1" }).WaitForAsync(new() { Timeout = 30_000 });
        await Page.WaitForFunctionAsync($"() => {{ const c = document.querySelector('tr[data-terminal=\"{BundledHotspotHarness.NasName}\"] td[data-field=traffic_down]'); return c && /[1-9]/.test(c.textContent); }}", null, new() { Timeout = 30_000 });

        (await row.Locator(".badge").TextContentAsync()).Should().Be("en service");
        (await row.Locator("td[data-field=traffic_down]").TextContentAsync()).Should().MatchRegex(@"^\d[\d  ,]* (bit|kbit|Mbit)/s$");
        var marker = Page.Locator($"#wifi-map .terminal-marker[data-terminal=\"{BundledHotspotHarness.NasName}\"]");
        await marker.WaitForAsync();
        (await marker.GetAttributeAsync("title")).Should().Be($"{BundledHotspotHarness.NasName} (en service)");
        (await marker.GetAttributeAsync("role")).Should().Be("button", "markers are reached by keyboard");
        (await Page.Locator("figure.map-figure").GetAttributeAsync("data-tiles")).Should().Be("off", "no tile server is configured by default");
        (await Page.Locator("#wifi-map img").CountAsync()).Should().Be(0, "no map tile is requested");

        await marker.FocusAsync();
        await marker.PressAsync("Enter");
        (await Page.Locator(".leaflet-popup-content").TextContentAsync()).Should().Contain("Sessions actives : 1");
        (await Page.Locator("#sessions").CountAsync()).Should().Be(0, "an administrator is not the data-protection officer");
        await ScreenshotAsync(Page, "wifi-map");
        foreign.Should().BeEmpty("with no tile server configured the page asks no other server for anything");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task SessionSearch_DataProtectionOfficer_FindsTheRadclientSession_AndTheSearchIsAudited()
    {
        await using var context = await NewContextAsync(Desktop, signedIn: false);
        var page = await LogInAsync(context, Dpo);
        await page.GotoAsync("/#/wifi");
        var form = page.Locator("#sessions form");
        await form.WaitForAsync(new() { Timeout = 15_000 });

        await page.GetByLabel("Borne", new() { Exact = true }).FillAsync(BundledHotspotHarness.NasName);
        await page.GetByLabel("Adresse MAC", new() { Exact = true }).FillAsync("02:00:5e:10:00:01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();

        var result = page.Locator($"#sessions tr[data-session=\"{SessionId}\"]");
        await result.WaitForAsync();
        var cells = await result.Locator("td").AllTextContentsAsync();
        cells[0].Should().Be(BundledHotspotHarness.NasName);
        cells[2].Should().Be(DeviceMac);
        cells[3].Should().Be("10.1.0.23");
        cells[5].Should().Be("en cours");
        cells[7].Should().Be("2,4 Mo");
        (await page.Locator("#s-status").TextContentAsync()).Should().Be("1 session(s) trouvée(s).");
        (await SeriousAccessibilityViolationsAsync(page)).Should().BeEmpty();
        await ScreenshotAsync(page, "wifi-session-search");

        var audit = await Collector.GetJsonAsync("/api/security/audit?category=personal-data&action=" + Uri.EscapeDataString("GET /api/wifi/sessions/search"));
        var entry = audit.EnumerateArray().Should().ContainSingle(e => e.GetProperty("target").GetString()!.Contains("mac=", StringComparison.Ordinal)).Subject;
        entry.GetProperty("actor").GetString().Should().Be(Dpo);
        entry.GetProperty("outcome").GetString().Should().Be("served");
        entry.GetProperty("target").GetString().Should().Contain("nas=" + BundledHotspotHarness.NasName).And.Contain("mac=");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task SessionSearch_WithAMacThatIsNone_ShowsTheCollectorsRefusalInFrench()
    {
        await using var context = await NewContextAsync(Desktop, signedIn: false);
        var page = await LogInAsync(context, Dpo);
        await page.GotoAsync("/#/wifi");
        await page.Locator("#sessions form").WaitForAsync(new() { Timeout = 15_000 });

        await page.GetByLabel("Adresse MAC", new() { Exact = true }).FillAsync("02:00:5e:10:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();

        await page.Locator("#s-status.error", new() { HasTextString = "MAC" }).WaitForAsync();
        (await page.Locator("#s-status").TextContentAsync()).Should().Be(
            "La recherche a échoué : Adresse MAC : « 02:00:5e:10:00 » n'est pas une adresse MAC comme AA-BB-CC-DD-EE-FF.");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task SessionSearch_APeriodEndingBeforeItStarts_IsRefusedWithTheTimesAsTyped_InTheBrowsersTime_AndAuditedAsRefused()
    {
        // A new user's check: the refusal quoted raw UTC ISO times (2026-12-02T10:05:00.0000000+00:00) for times typed in
        // the browser's (Paris) time; and the audit log said the refused search was "served".
        await using var context = await NewContextAsync(Desktop, signedIn: false);
        var page = await LogInAsync(context, Dpo);
        await page.GotoAsync("/#/wifi");
        await page.Locator("#sessions form").WaitForAsync(new() { Timeout = 15_000 });

        await page.Locator("#s-from").FillAsync("2026-12-02T11:05");
        await page.Locator("#s-to").FillAsync("2026-12-01T09:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();

        await page.Locator("#s-status.error", new() { HasTextString = "Du" }).WaitForAsync();
        (await page.Locator("#s-status").TextContentAsync()).Should().Be(
            "La recherche a échoué : Du : le début (02/12/2026 11:05) est après la fin (01/12/2026 09:00).");
        var audit = await Collector.GetJsonAsync("/api/security/audit?category=personal-data&actor=" + Dpo);
        var entry = audit.EnumerateArray().Should().ContainSingle(e => e.GetProperty("target").GetString()!.Contains("from=2026-12-02T10%3A05", StringComparison.Ordinal)).Subject;
        entry.GetProperty("outcome").GetString().Should().Be("refused");
        entry.GetProperty("details").GetString().Should().StartWith("400 wifi.search.range: ");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task SessionSearch_HalfFilled_KeepsWhatWasTyped_WhenTheLanguageIsSwitched()
    {
        // A new user's check: switching FR/EN drew the view again, emptying the form being filled.
        await using var context = await NewContextAsync(Desktop, signedIn: false);
        var page = await LogInAsync(context, Dpo);
        await page.GotoAsync("/#/wifi");
        await page.Locator("#sessions form").WaitForAsync(new() { Timeout = 15_000 });
        await page.Locator("#s-nas").FillAsync(BundledHotspotHarness.NasName);
        await page.Locator("#s-from").FillAsync("2026-12-02T11:05");
        await page.Locator("#s-mac").FillAsync("02:00:5e:10");

        await page.Locator("#lang").SelectOptionAsync("en");

        await page.Locator("#sessions-title", new() { HasTextString = "Session search" }).WaitForAsync();
        (await page.Locator("label[for=s-mac]").TextContentAsync()).Should().Be("MAC address");
        (await page.Locator("#s-nas").InputValueAsync()).Should().Be(BundledHotspotHarness.NasName);
        (await page.Locator("#s-from").InputValueAsync()).Should().Be("2026-12-02T11:05");
        (await page.Locator("#s-mac").InputValueAsync()).Should().Be("02:00:5e:10");

        await page.Locator("#lang").SelectOptionAsync("fr");
        await page.Locator("#sessions-title", new() { HasTextString = "Recherche de sessions" }).WaitForAsync();
        (await page.Locator("#s-mac").InputValueAsync()).Should().Be("02:00:5e:10", "and back again");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task SessionSearch_ResultsAndARefusal_StayOnScreen_WordedInTheNewLanguage_WhenTheLanguageIsSwitched()
    {
        // A new user's check: switching FR/EN drew the view again and lost the results found and the refusal shown.
        await using var context = await NewContextAsync(Desktop, signedIn: false);
        var page = await LogInAsync(context, Dpo);
        await page.GotoAsync("/#/wifi");
        await page.Locator("#sessions form").WaitForAsync(new() { Timeout = 15_000 });
        await page.Locator("#s-nas").FillAsync(BundledHotspotHarness.NasName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        var result = page.Locator($"#sessions tr[data-session=\"{SessionId}\"]");
        await result.WaitForAsync();

        await page.Locator("#lang").SelectOptionAsync("en");

        await page.Locator("#sessions-title", new() { HasTextString = "Session search" }).WaitForAsync();
        await page.Locator("#s-status", new() { HasTextString = "found" }).WaitForAsync();
        (await page.Locator("#s-status").TextContentAsync()).Should().Be("1 session(s) found.");
        (await result.Locator("td").Nth(5).TextContentAsync()).Should().Be("open", "the results are still shown, in English");
        (await result.Locator("td").Nth(7).TextContentAsync()).Should().Be("2.4 MB");
        (await page.Locator("#s-results th").First.TextContentAsync()).Should().Be("Terminal");

        await page.Locator("#s-mac").FillAsync("02:00:5e:10:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await page.Locator("#s-status.error", new() { HasTextString = "MAC" }).WaitForAsync();
        var english = await page.Locator("#s-status").TextContentAsync();
        english.Should().StartWith("The search failed: ");

        await page.Locator("#lang").SelectOptionAsync("fr");

        await page.Locator("#s-status.error", new() { HasTextString = "La recherche a échoué" }).WaitForAsync();
        (await page.Locator("#s-status").TextContentAsync()).Should().Be(
            "La recherche a échoué : Adresse MAC : « 02:00:5e:10:00 » n'est pas une adresse MAC comme AA-BB-CC-DD-EE-FF.",
            "the refusal is still shown, in French, as an error");
        (await result.CountAsync()).Should().Be(0, "the refused search emptied the results, and they stay empty");
        (await page.Locator("#s-mac").InputValueAsync()).Should().Be("02:00:5e:10:00");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task SessionSearch_Technician_HasNoForm_AndTheApiRefuses()
    {
        await using var context = await NewContextAsync(Desktop, signedIn: false);
        var page = await LogInAsync(context, Technician);
        await page.GotoAsync("/#/wifi");
        await page.Locator($"tr[data-terminal=\"{BundledHotspotHarness.NasName}\"]").WaitForAsync(new() { Timeout = 30_000 });
        // The page reads the session once at load (a change of #/ route asks nothing again): ask it as the page would.
        (await page.EvaluateAsync<string>("async () => (await (await fetch('/api/security/me')).json()).role")).Should().Be("technician");

        (await page.Locator("#sessions").CountAsync()).Should().Be(0);
        (await page.EvaluateAsync<int>($"async () => (await fetch('/api/wifi/sessions/search?nas={BundledHotspotHarness.NasName}')).status")).Should().Be(403);
        PageErrors.Should().BeEmpty();
    }

    private async Task AccountingAsync(string attributes)
    {
        var (exitCode, output) = await RadclientProcess.RunAsync(_hotspot.AcctPort, "acct", attributes, BundledHotspotHarness.Secret);
        exitCode.Should().Be(0, output);
        output.Should().Contain("Received Accounting-Response");
    }

    /// <summary>Logs in through the login page and returns the page, back on the dashboard.</summary>
    private async Task<IPage> LogInAsync(IBrowserContext context, string name)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login?returnUrl=%2F");
        await page.GetByLabel("Identifiant").FillAsync(name);
        await page.GetByLabel("Mot de passe").FillAsync(Password);
        await page.GetByLabel("Mot de passe").PressAsync("Enter");
        // The address polled (WaitForURLAsync can miss a navigation already over, on a loaded machine).
        await Assertions.Expect(page).ToHaveURLAsync($"{Collector.BaseUrl}/", new() { Timeout = 30_000 });
        return page;
    }
}
