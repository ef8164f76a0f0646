using System.Globalization;
using Microsoft.Playwright;

namespace Alpi.Dashboard.Tests;

/// <summary>
/// The overview, SNMP device, Wi-Fi and on-call views fed by points and statuses published over MQTT as agents and
/// the hotspot controller publish them (the measurement and field names of their README sections).
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class ViewsTests : BrowserFixture
{
    [Test]
    public async Task Overview_TilesPerTenant_WorstFirst_LiveCounts()
    {
        await PublishStatusAsync("mairie-calme", "srv-calme", online: true);
        await PublishStatusAsync("mairie-panne", "srv-panne", online: false);
        await Page.GotoAsync("/#/");
        var grave = Page.Locator("section.tile[data-tenant=\"mairie-grave\"]");

        await PublishAsync("mairie-grave", "srv-grave", "dash_temp value=58");

        await grave.Locator("dd[data-count=\"problems\"]", new() { HasTextString = "1 critique" }).WaitForAsync(new() { Timeout = 15_000 });
        (await grave.Locator(".tile-state").TextContentAsync()).Should().Be("Le plus grave : critique");
        var order = await Page.Locator("section.tile").EvaluateAllAsync<string[]>("tiles => tiles.map(t => t.dataset.tenant)");
        Array.IndexOf(order, "mairie-grave").Should().BeLessThan(Array.IndexOf(order, "mairie-panne"), "an unacknowledged critical problem comes before a host down");
        Array.IndexOf(order, "mairie-panne").Should().BeLessThan(Array.IndexOf(order, "mairie-calme"), "a host down comes before a quiet tenant");
        (await Page.Locator("section.tile[data-tenant=\"mairie-panne\"] dd[data-count=\"hosts\"]").TextContentAsync()).Should().Contain("1 hors ligne");
        (await Page.Locator("section.tile[data-tenant=\"mairie-calme\"] .tile-state").TextContentAsync()).Should().Be("Tout va bien");

        // A tile leads to that tenant's problems.
        await grave.GetByRole(AriaRole.Link, new() { Name = "mairie-grave" }).ClickAsync();
        await Page.Locator("#f-tenant").Locator("option[value=\"mairie-grave\"]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        (await Page.Locator("#f-tenant").InputValueAsync()).Should().Be("mairie-grave");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task Overview_TwoSitesOfOneTenant_OneTileEach_WithTheirCountsAndProblems()
    {
        // Two agents of one tenant with Agent:Site set, one without, and an SNMP device polled from the Médiathèque.
        await PublishStatusAsync("mairie-sites", "srv-mediatheque", online: true, site: "Médiathèque");
        await PublishStatusAsync("mairie-sites", "srv-annexe", online: false, site: "mairie-annexe");
        await PublishStatusAsync("mairie-sites", "srv-mairie", online: true);
        await PublishAsync("mairie-sites", "srv-mediatheque", "snmp_poll,device=switch-mediatheque up=true,duration_ms=10,varbinds=20i\ndash_temp value=58");
        await PublishAsync("mairie-sites", "srv-mairie", "dash_temp value=45");
        await Page.GotoAsync("/#/");
        const string tiles = "section.tile[data-tenant=\"mairie-sites\"]";
        var mediatheque = Page.Locator(tiles + "[data-site=\"Médiathèque\"]");
        var annexe = Page.Locator(tiles + "[data-site=\"mairie-annexe\"]");
        var own = Page.Locator(tiles + "[data-site=\"\"]");

        await mediatheque.Locator("dd[data-count=\"problems\"]", new() { HasTextString = "1 critique" }).WaitForAsync(new() { Timeout = 15_000 });
        await mediatheque.Locator("dd[data-count=\"devices\"]", new() { HasTextString = "1 joignable" }).WaitForAsync(new() { Timeout = 15_000 });
        await own.Locator("dd[data-count=\"problems\"] a").WaitForAsync(new() { Timeout = 15_000 });
        (await Page.Locator(tiles).CountAsync()).Should().Be(3, "one tile per site and one for the tenant's hosts without a site");
        (await mediatheque.Locator("h2").TextContentAsync()).Should().Be("mairie-sites — Médiathèque");
        (await mediatheque.Locator("dd[data-count=\"hosts\"]").TextContentAsync()).Should().Be("1 en ligne 0 hors ligne");
        (await annexe.Locator("dd[data-count=\"hosts\"]").TextContentAsync()).Should().Be("0 en ligne 1 hors ligne");
        (await annexe.Locator("dd[data-count=\"devices\"]").TextContentAsync()).Should().Be("0 joignable 0 injoignable");
        (await annexe.Locator("dd[data-count=\"problems\"]").TextContentAsync()).Should().Be("aucun");
        (await own.Locator("dd[data-count=\"problems\"]").TextContentAsync()).Should().Be("1 avertissement");
        (await own.Locator("h2").TextContentAsync()).Should().Be("mairie-sites", "the hosts without a site form the tenant's own tile");
        (await own.Locator("dd[data-count=\"hosts\"]").TextContentAsync()).Should().Be("1 en ligne 0 hors ligne");
        var order = await Page.Locator(tiles).EvaluateAllAsync<string[]>("tiles => tiles.map(t => t.dataset.site)");
        order.Should().Equal(["Médiathèque", "", "mairie-annexe"], "the gravest unacknowledged problem first, then a host down (the same rules as per tenant)");

        // The tile leads to the problems of that tenant on that site.
        await mediatheque.GetByRole(AriaRole.Link, new() { Name = "mairie-sites — Médiathèque" }).ClickAsync();
        await Page.Locator("#f-site").Locator("option[value=\"Médiathèque\"]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        (await Page.Locator("#f-site").InputValueAsync()).Should().Be("Médiathèque");
        await Page.Locator("tr[data-alert-id]").First.WaitForAsync(new() { Timeout = 15_000 });
        (await Page.Locator("tr[data-alert-id] td[data-label=\"Hôte\"]").AllTextContentsAsync()).Should().OnlyContain(h => h.Contains("srv-mediatheque"));

        // The tenant's own tile leads to the problems of its hosts without a site ("Sans site" in the site filter).
        await Page.GoBackAsync();
        await own.GetByRole(AriaRole.Link, new() { Name = "mairie-sites", Exact = true }).ClickAsync();
        await Page.Locator("#f-site").Locator("option[value=\"-\"]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        (await Page.Locator("#f-site").InputValueAsync()).Should().Be("-");
        (await Page.Locator("#f-site option[value=\"-\"]").TextContentAsync()).Should().Be("Sans site");
        await Page.Locator("tr[data-alert-id]").First.WaitForAsync(new() { Timeout = 15_000 });
        (await Page.Locator("tr[data-alert-id] td[data-label=\"Hôte\"]").AllTextContentsAsync()).Should().Equal(["srv-mairie"]);

        // Chosen in the filter, "Sans site" keeps only those too.
        await Page.Locator("#f-tenant").SelectOptionAsync("mairie-sites");
        await Page.Locator("#f-site").SelectOptionAsync("");
        await Page.Locator("tr[data-alert-id] td[data-label=\"Hôte\"]", new() { HasTextString = "srv-mediatheque" }).WaitForAsync();
        await Page.Locator("#f-site").SelectOptionAsync("-");
        (await Page.Locator("tr[data-alert-id] td[data-label=\"Hôte\"]").AllTextContentsAsync()).Should().Equal(["srv-mairie"]);
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task Overview_DeviceWithItsOwnSite_CountsOnThatSitesTile_AndItsProblemsFollow()
    {
        // A central agent at the head office polls a switch there and a printer at the school's "Salle des fêtes", where
        // no agent stands; the printer was polled without a site 5 minutes ago (that series is still listed) and now with
        // one (Agent:Snmp:Devices:N:Site, the snmp_poll series' site tag). A threshold rule fires on one of its series,
        // the polling agent as host and the device in the instance.
        await PublishStatusAsync("agglo-sites", "srv-siege", online: true, site: "Siège");
        var fiveMinutesAgo = (TimeProvider.System.GetUtcNow() - TimeSpan.FromMinutes(5)).ToUnixTimeMilliseconds() * 1_000_000;
        await PublishAsync("agglo-sites", "srv-siege", $"""
            snmp_poll,device=imprimante-ecole up=true,duration_ms=12,varbinds=20i {fiveMinutesAgo}
            snmp_poll,device=imprimante-ecole,site=Salle\ des\ fêtes up=false,duration_ms=2000,varbinds=0i
            snmp_poll,device=switch-siege up=true,duration_ms=10,varbinds=40i
            dash_temp,device=imprimante-ecole value=58
            """);
        await Page.GotoAsync("/#/");
        const string tiles = "section.tile[data-tenant=\"agglo-sites\"]";
        var ecole = Page.Locator(tiles + "[data-site=\"Salle des fêtes\"]");
        var siege = Page.Locator(tiles + "[data-site=\"Siège\"]");

        await ecole.Locator("dd[data-count=\"devices\"]", new() { HasTextString = "1 injoignable" }).WaitForAsync(new() { Timeout = 15_000 });
        await ecole.Locator("dd[data-count=\"problems\"]", new() { HasTextString = "1 critique" }).WaitForAsync(new() { Timeout = 15_000 });
        (await ecole.Locator("h2").TextContentAsync()).Should().Be("agglo-sites — Salle des fêtes");
        (await ecole.Locator("dd[data-count=\"devices\"]").TextContentAsync()).Should().Be("0 joignable 1 injoignable");
        (await ecole.Locator("dd[data-count=\"hosts\"]").TextContentAsync()).Should().Be("0 en ligne 0 hors ligne", "no host stands there");
        (await siege.Locator("dd[data-count=\"hosts\"]").TextContentAsync()).Should().Be("1 en ligne 0 hors ligne");
        (await siege.Locator("dd[data-count=\"devices\"]").TextContentAsync()).Should().Be("1 joignable 0 injoignable",
            "the printer counts once, on its own site, not also on its poller's from its series without a site");
        (await siege.Locator("dd[data-count=\"problems\"]").TextContentAsync()).Should().Be("aucun", "the problem on the printer's series is the printer's");
        (await Page.Locator(tiles).CountAsync()).Should().Be(2, "the head office and the printer's site; nothing without a site");

        // The printer's tile leads to its problem; the head office has none.
        await ecole.GetByRole(AriaRole.Link, new() { Name = "agglo-sites — Salle des fêtes" }).ClickAsync();
        await Page.Locator("tr[data-alert-id]").First.WaitForAsync(new() { Timeout = 15_000 });
        (await Page.Locator("#f-site").InputValueAsync()).Should().Be("Salle des fêtes");
        (await Page.Locator("tr[data-alert-id] td[data-label=\"Hôte\"]").AllTextContentsAsync()).Should().Equal(["srv-siege"]);
        await Page.Locator("#f-site").SelectOptionAsync("Siège");
        await Page.Locator("tr.none").WaitForAsync();
        (await Page.Locator("tr[data-alert-id]").CountAsync()).Should().Be(0);

        // Without a site in the address, the filter still offers the device's site, which no host declares.
        await Page.GotoAsync("/#/problems?tenant=agglo-sites");
        await Page.Locator("#f-site option[value=\"Salle des fêtes\"]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 15_000 });
        (await Page.Locator("#f-site option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)"))
            .Should().Equal(["", "-", "Salle des fêtes", "Siège"]);

        // The device's page says where it counts.
        await Page.GotoAsync("/#/device/agglo-sites/srv-siege/imprimante-ecole");
        await Page.Locator(".facts dd", new() { HasTextString = "Salle des fêtes" }).WaitForAsync(new() { Timeout = 15_000 });
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task Overview_OnAPhone_FitsTheScreen_ScreenshotSaved()
    {
        await PublishAsync("mairie-mobile", "srv-mobile", "dash_temp value=44");
        await using var context = await NewContextAsync(new() { Width = 390, Height = 844 }, isMobile: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/#/");
        await page.Locator("section.tile[data-tenant=\"mairie-mobile\"]").WaitForAsync(new() { Timeout = 15_000 });

        await ScreenshotAsync(page, "overview-phone");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"))
            .Should().BeLessThanOrEqualTo(0, "nothing may scroll sideways on a phone");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task DevicePage_ShowsEveryInterfaceWithTrafficErrorsAndStatus()
    {
        // As the agent's SNMP poller publishes them: tagged with the device and the polling host.
        for (var i = 0; i < 3; i++)
        {
            await PublishAsync("mairie-reseau", "srv-sonde", $"""
                snmp_poll,device=switch-1 up=true,duration_ms={10 + i},varbinds=40i
                snmp_system,device=switch-1 uptime={90000 + i}u
                snmp_interface,device=switch-1,ifName=ge-0/0/1,ifDescr=port1 in_octets={1000 * i}u,out_octets={500 * i}u,in_bits_per_second={8000 + i},out_bits_per_second=4000,in_errors_rate=0.5,out_errors_rate=0,oper_status=1i
                snmp_interface,device=switch-1,ifName=ge-0/0/2,ifDescr=port2 in_octets=0u,out_octets=0u,in_bits_per_second=0,out_bits_per_second=0,in_errors_rate=0,out_errors_rate=0,oper_status=2i
                """);
            await Task.Delay(1100);
        }

        await Page.GotoAsync("/#/hosts");
        var device = Page.Locator("tr[data-device=\"switch-1\"]");
        await device.WaitForAsync(new() { Timeout = 15_000 });
        (await device.Locator(".badge").TextContentAsync()).Should().Be("joignable");
        await device.GetByRole(AriaRole.Link, new() { Name = "switch-1" }).ClickAsync();

        await Page.Locator("h1", new() { HasTextString = "switch-1" }).WaitForAsync();
        var up = Page.Locator("section.interface[data-interface=\"ge-0/0/1\"]");
        await Page.WaitForFunctionAsync("() => Number(document.querySelector('section.interface[data-interface=\"ge-0/0/1\"] section.chart')?.dataset.points) > 0",
            null, new() { Timeout = 15_000 });
        (await up.Locator("h3 .badge").TextContentAsync()).Should().Be("en service");
        (await Page.Locator("section.interface[data-interface=\"ge-0/0/2\"] h3 .badge").TextContentAsync()).Should().Be("hors service");
        (await up.Locator("section.chart").CountAsync()).Should().Be(3, "traffic, errors and status");
        (await up.GetByRole(AriaRole.Region, new() { Name = "Trafic (bit/s) — ge-0/0/1" }).Locator("canvas").GetAttributeAsync("aria-label"))
            .Should().StartWith("Trafic (bit/s) (ge-0/0/1) — dernière valeur : entrant ");
        (await Page.Locator(".facts").TextContentAsync()).Should().Contain("srv-sonde").And.Contain("Interfaces2");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task HostPage_RangeZoomAndPan_AskTheServerForDownsampledPoints()
    {
        var requests = new List<string>();
        Page.Request += (_, request) => { if (request.Url.Contains("/api/query?", StringComparison.Ordinal)) requests.Add(request.Url); };
        await OpenHostPageAsync(Page);

        await Page.GetByRole(AriaRole.Button, new() { Name = "24 h" }).ClickAsync();
        await Page.Locator("button[data-range='h24'][aria-pressed='true']").WaitForAsync();
        await Page.WaitForFunctionAsync("() => Number(document.querySelector('section[data-chart=\"cpu\"]').dataset.points) > 0");
        var step = requests.Select(u => new Uri(u)).Where(u => u.Query.Contains("measurement=cpu", StringComparison.Ordinal))
            .Select(u => System.Web.HttpUtility.ParseQueryString(u.Query)["step"]).Last();
        var seconds = int.Parse(step!.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture);
        seconds.Should().BeInRange(60, 200, "24 h over a chart a few hundred pixels wide is about one point per pixel");

        // Dragging across a chart zooms every chart to the selection.
        var canvas = Page.Locator("section[data-chart=\"cpu\"] .u-over");
        await canvas.ScrollIntoViewIfNeededAsync();
        var box = (await canvas.BoundingBoxAsync())!;
        await Page.Mouse.MoveAsync(box.X + box.Width * 0.4f, box.Y + box.Height / 2);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync(box.X + box.Width * 0.6f, box.Y + box.Height / 2, new() { Steps = 5 });
        await Page.Mouse.UpAsync();
        await Page.WaitForFunctionAsync("() => { const m = /(\\d+)-(\\d+)$/.exec(location.hash); return m && Number(m[2]) - Number(m[1]) < 86400 / 2; }");
        (await Page.Locator("button[data-move='now']").IsEnabledAsync()).Should().BeTrue("a fixed range can go back to now");

        // Earlier: half a range back, the keyboard staying on the button.
        var zoomed = Page.Url;
        await Page.GetByRole(AriaRole.Button, new() { Name = "◀ Plus tôt" }).ClickAsync();
        await Page.WaitForFunctionAsync("url => location.href !== url && /#\\/host\\/test\\/[^/]+\\/\\d+-\\d+$/.test(location.hash)", zoomed);
        (await Page.EvaluateAsync<string?>("() => document.activeElement.dataset.move")).Should().Be("earlier", "the keyboard stays on the button");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Maintenant" }).ClickAsync();
        await Page.Locator("button[data-range='m15'][aria-pressed='true']").WaitForAsync();
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task WifiView_ListsTerminalsWithSessionsAcceptsAndRejects()
    {
        await PublishStatusAsync("cigale", "borne-place", online: true);
        await PublishAsync("cigale", "borne-place",
            "hotspot_terminal,group=places,nas=borne-place up=true,active_sessions=2i,access_requests=12u,access_accepts=10u,access_rejects=2u,last_request_age=3");
        await PublishAsync("cigale", "borne-port",
            "hotspot_terminal,group=places,nas=borne-port up=false,active_sessions=0i,access_requests=1u,access_accepts=1u,access_rejects=0u,last_request_age=900");

        await Page.GotoAsync("/#/wifi");
        var place = Page.Locator("tr[data-terminal=\"borne-place\"]");
        await place.WaitForAsync(new() { Timeout = 15_000 });

        (await place.Locator("td").AllTextContentsAsync()).Should().Equal("borne-place", "cigale", "places", "en service", "2", "10", "2", "—", "—", "il y a 3 s");
        (await Page.Locator("tr[data-terminal=\"borne-port\"] .badge").TextContentAsync()).Should().Be("hors service");
        (await Page.Locator("tbody tr").First.GetAttributeAsync("data-terminal")).Should().Be("borne-port", "terminals out of service come first");
        (await Page.Locator("#wifi-totals").TextContentAsync()).Should().Contain("2 bornes : 1 en service, 1 hors service ; 2 sessions actives");
        var caption = Page.Locator("figure.map-figure figcaption", new() { HasTextString = "sans coordonnées" });
        await caption.WaitForAsync();
        (await caption.TextContentAsync()).Should().StartWith("0 borne(s) placée(s)", "no coordinates, no marker");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task OnCallView_ShowsWhoIsOnCallAndNext_CreatesAndEndsAMaintenanceWindow()
    {
        var (context, page) = await SignedInPageAsync("chloe.tech", "technician", "#/oncall");
        await using var _ = context;
        var now = page.Locator("tr[data-schedule=\"astreinte\"]");
        await now.WaitForAsync(new() { Timeout = 15_000 });
        var person = await now.Locator("strong").TextContentAsync();
        person.Should().BeOneOf("alice", "bob");
        (await now.TextContentAsync()).Should().Contain("email : ");
        // The coming shifts arrive after the current one (one /api/oncall/next call per shift end).
        await page.Locator("section.schedule ol li strong").Nth(2).WaitForAsync(new() { Timeout = 15_000 });
        var upcoming = await page.Locator("section.schedule ol li strong").AllTextContentsAsync();
        upcoming.Should().HaveCountGreaterThanOrEqualTo(3).And.StartWith(person);
        upcoming[1].Should().NotBe(upcoming[0], "the rotation alternates");

        await page.GetByLabel("Nom", new() { Exact = true }).FillAsync("changement-routeur");
        await page.GetByLabel("Hôte (motif, * accepté)").FillAsync("routeur-*");
        await page.GetByLabel("Commentaire").FillAsync("remplacement du routeur");
        (await page.Locator("form.create").TextContentAsync()).Should().Contain("au nom de chloe.tech");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la fenêtre" }).ClickAsync();

        var row = page.Locator("tr[data-window]", new() { HasTextString = "changement-routeur" });
        await row.WaitForAsync();
        (await row.TextContentAsync()).Should().Contain("host = routeur-*").And.Contain("chloe.tech").And.Contain("oui");
        var windows = await Collector.GetJsonAsync("/api/maintenance");
        windows.EnumerateArray().Should().Contain(w => w.GetProperty("name").GetString() == "changement-routeur" && w.GetProperty("open").GetBoolean());

        await row.GetByRole(AriaRole.Button, new() { Name = "Terminer changement-routeur" }).ClickAsync();
        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        (await Collector.GetJsonAsync("/api/maintenance")).EnumerateArray().Should().NotContain(w => w.GetProperty("name").GetString() == "changement-routeur");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task OnCallView_Contacts_AreKeyColonValue_InEnglish_AndKeepTheSpaceBeforeTheColon_InFrench()
    {
        // A new user's check: the English page printed "email : alice@…", French typography's space before the colon.
        var (context, page) = await SignedInPageAsync("chloe.tech", "technician", "#/oncall");
        await using var _ = context;
        var now = page.Locator("tr[data-schedule=\"astreinte\"]");
        await now.WaitForAsync(new() { Timeout = 15_000 });
        var contacts = now.Locator("td").Nth(2);
        (await contacts.TextContentAsync()).Should().MatchRegex(@"^email : \S+@mairie\.test", "French keeps its space before the colon");

        await page.Locator("#lang").SelectOptionAsync("en");

        await page.Locator("#now-title", new() { HasTextString = "On call now" }).WaitForAsync();
        now = page.Locator("tr[data-schedule=\"astreinte\"]");
        await now.WaitForAsync(new() { Timeout = 15_000 });
        var english = await now.Locator("td").Nth(2).TextContentAsync();
        english.Should().MatchRegex(@"^email: \S+@mairie\.test").And.NotContain(" : ");
        if (english!.Contains("sms", StringComparison.Ordinal))
        {
            english.Should().Contain(", sms: +33600000001");
        }

        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task OnCallView_ARefusalAndTheMessageOfADoneAction_StayOnScreen_WordedInTheNewLanguage_WhenTheLanguageIsSwitched()
    {
        // A new user's check: switching FR/EN drew the view again and lost the refusal and the message shown.
        await Page.GotoAsync("/#/oncall");
        // Located as the page has always drawn them (the form's alert, the maintenance section's status line).
        var error = Page.Locator("form.create [role=alert]");
        var status = Page.Locator("section:has(#maintenance-title) p[role=status]");
        await Page.GetByLabel("Nom", new() { Exact = true }).FillAsync("partout-langue");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Créer la fenêtre" }).ClickAsync();
        await error.Filter(new() { HasTextString = "Indiquez" }).WaitForAsync();

        await Page.Locator("#lang").SelectOptionAsync("en");

        await error.Filter(new() { HasTextString = "Give a member or a host." }).WaitForAsync(new() { Timeout = 15_000 });
        (await Page.Locator("#mw-name").InputValueAsync()).Should().Be("partout-langue");
        await Page.Locator("#mw-host").FillAsync("srv-langue");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create the window" }).ClickAsync();
        await status.Filter(new() { HasTextString = "Window “partout-langue” created." }).WaitForAsync();
        (await error.TextContentAsync()).Should().BeEmpty();

        await Page.Locator("#lang").SelectOptionAsync("fr");

        await status.Filter(new() { HasTextString = "Fenêtre « partout-langue » créée." }).WaitForAsync(new() { Timeout = 15_000 });
        var row = Page.Locator("tr[data-window]", new() { HasTextString = "partout-langue" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Terminer partout-langue" }).ClickAsync();
        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task OnCallView_AWindowOverTwoDays_IsListedWithBothDatesAndCanBeEnded()
    {
        // A one-off window from one day to another (any window created after 22:00 with the form's default of 2 hours):
        // its "Quand" once threw in the page (Intl refuses dateStyle mixed with hour and minute) and emptied the table.
        var from = DateTime.Now.AddHours(-1);
        var to = from.AddDays(1).AddHours(2);
        await Page.GotoAsync("/#/oncall");
        await Page.GetByLabel("Nom", new() { Exact = true }).FillAsync("nuit-longue");
        await Page.GetByLabel("Hôte (motif, * accepté)").FillAsync("routeur-nuit");
        await Page.Locator("#mw-from").FillAsync(from.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await Page.Locator("#mw-to").FillAsync(to.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Créer la fenêtre" }).ClickAsync();

        var row = Page.Locator("tr[data-window]", new() { HasTextString = "nuit-longue" });
        await row.WaitForAsync(new() { Timeout = 15_000 });
        (await row.TextContentAsync()).Should().Contain($"une fois, du {from:dd/MM/yyyy} {from:HH:mm} au {to:dd/MM/yyyy} {to:HH:mm}")
            .And.Contain("oui");
        (await Page.Locator("tr[data-window]").CountAsync()).Should().BeGreaterThan(1, "the other windows are still listed");
        await row.GetByRole(AriaRole.Button, new() { Name = "Terminer nuit-longue" }).ClickAsync();
        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task OnCallView_AWindowWithoutScope_IsRefusedBeforeSending()
    {
        await Page.GotoAsync("/#/oncall");
        await Page.GetByLabel("Nom", new() { Exact = true }).FillAsync("partout");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Créer la fenêtre" }).ClickAsync();

        (await Page.Locator("form.create [role=alert]").TextContentAsync()).Should().Be("Indiquez une collectivité ou un hôte.");
        (await Collector.GetJsonAsync("/api/maintenance")).EnumerateArray().Should().NotContain(w => w.GetProperty("name").GetString() == "partout");
    }

    [Test]
    public async Task OnCallView_AWindowTheCollectorRefuses_ShowsTheProblemsDetail()
    {
        await Page.GotoAsync("/#/oncall");
        await Page.GetByLabel("Nom", new() { Exact = true }).FillAsync("motif-faux");
        // The page cannot check a pattern; the collector answers 400 application/problem+json naming match, one
        // matcher.regex per bad pattern.
        await Page.GetByLabel("Collectivité", new() { Exact = true }).FillAsync("~mairie-(");
        await Page.GetByLabel("Hôte (motif, * accepté)").FillAsync("~[srv");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Créer la fenêtre" }).ClickAsync();

        // Worded in French by the page, both patterns, in our words and with the place in the pattern as typed; no more
        // .NET's English reason on the wrapped expression.
        var alert = Page.Locator("form.create [role=alert]", new() { HasTextString = "expression régulière" });
        await alert.WaitForAsync();
        (await alert.TextContentAsync()).Should().Be(
            "Collectivité : « ~mairie-( » n'est pas une expression régulière valide : une parenthèse ouverte n'est jamais fermée (caractère 9 du motif)."
            + " Hôte : « ~[srv » n'est pas une expression régulière valide : un crochet [ ouvert n'est jamais fermé (caractère 2 du motif).");
        (await Collector.GetJsonAsync("/api/maintenance")).EnumerateArray().Should().NotContain(w => w.GetProperty("name").GetString() == "motif-faux");
    }

    [Test]
    public async Task OnCallView_EveryFault_IsShown_EachFieldAtFaultMarkedAndTiedToItsMessage_UntilCorrected()
    {
        // A new user's check (issue 8): the form stopped at its first fault and marked no field; RGAA 11.10 asks for
        // aria-invalid on each field at fault and its message tied to it (aria-describedby).
        await Page.GotoAsync("/#/oncall");
        var alert = Page.Locator("form.create [role=alert]");
        var (name, tenant, host, from, to) = (Page.Locator("#mw-name"), Page.Locator("#mw-tenant"), Page.Locator("#mw-host"), Page.Locator("#mw-from"), Page.Locator("#mw-to"));
        await from.FillAsync("2030-01-01T03:00");
        await to.FillAsync("2030-01-01T01:00");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Créer la fenêtre" }).ClickAsync();

        // The page's own checks: no name, no member nor host, the end before the start; all three at once.
        await alert.Filter(new() { HasTextString = "Donnez un nom" }).WaitForAsync();
        (await alert.TextContentAsync()).Should().Be("Donnez un nom à la fenêtre. Indiquez une collectivité ou un hôte. La fin doit suivre le début d'au moins une minute.");
        (await MarkAsync(name)).Should().Be(("true", "mw-error-1"));
        (await MarkAsync(tenant)).Should().Be(("true", "mw-match-hint mw-error-2"), "its hint stays, the message is added");
        (await MarkAsync(host)).Should().Be(("true", "mw-match-hint mw-error-2"));
        (await MarkAsync(to)).Should().Be(("true", "mw-error-3"));
        (await MarkAsync(from)).Should().Be(((string?)null, (string?)null));
        (await Page.Locator("#mw-error-3").TextContentAsync()).Should().Be("La fin doit suivre le début d'au moins une minute.");

        // Each field changed loses its mark and its message; the collector then refuses two patterns, each on its field.
        await name.FillAsync("motifs-marques");
        (await MarkAsync(name)).Should().Be(((string?)null, (string?)null));
        (await alert.TextContentAsync()).Should().NotContain("Donnez un nom");
        await tenant.FillAsync("~mairie-(");
        await host.FillAsync("~[srv");
        await to.FillAsync("2030-01-01T04:00");
        (await alert.TextContentAsync()).Should().BeEmpty();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Créer la fenêtre" }).ClickAsync();

        await alert.Filter(new() { HasTextString = "expression régulière" }).WaitForAsync();
        (await MarkAsync(tenant)).Should().Be(("true", "mw-match-hint mw-error-1"));
        (await MarkAsync(host)).Should().Be(("true", "mw-match-hint mw-error-2"));
        (await MarkAsync(name)).Should().Be(((string?)null, (string?)null));
        (await Page.Locator("#mw-error-2").TextContentAsync()).Should().StartWith("Hôte : « ~[srv »");

        await host.FillAsync("srv-marque");

        (await MarkAsync(host)).Should().Be(((string?)null, "mw-match-hint"), "corrected: its mark and its message go");
        (await MarkAsync(tenant)).Should().Be(("true", "mw-match-hint mw-error-1"), "the member's pattern is still wrong");
        (await alert.TextContentAsync()).Should().StartWith("Collectivité : « ~mairie-( »").And.NotContain("~[srv");

        // In English, the form drawn again: the fault is worded anew and its field still marked, then cleared once changed.
        await Page.Locator("#lang").SelectOptionAsync("en");
        await alert.Filter(new() { HasTextString = "is not a valid regular expression" }).WaitForAsync(new() { Timeout = 15_000 });
        (await MarkAsync(tenant)).Should().Be(("true", "mw-match-hint mw-error-1"));
        await tenant.FillAsync("mairie-1");
        (await MarkAsync(tenant)).Should().Be(((string?)null, "mw-match-hint"));
        (await alert.TextContentAsync()).Should().BeEmpty();
        (await Collector.GetJsonAsync("/api/maintenance")).EnumerateArray().Should().NotContain(w => w.GetProperty("name").GetString() == "motifs-marques");
        PageErrors.Should().BeEmpty();
    }

    private static async Task<(string? Invalid, string? DescribedBy)> MarkAsync(ILocator field) =>
        (await field.GetAttributeAsync("aria-invalid"), await field.GetAttributeAsync("aria-describedby"));

    [Test]
    public async Task OnCallView_WindowTimes_AreWrittenInThePagesLanguage()
    {
        await Page.GotoAsync("/#/oncall");
        var row = Page.Locator("tr[data-window=\"file:sauvegardes\"]");
        await row.WaitForAsync();

        // The file's "weekly: { days: [mon, tue], from: 01:00, to: 03:00 }", once shown as the collector's "weekly mon,tue 01:00–03:00".
        (await row.Locator("td").Nth(2).TextContentAsync()).Should().Be("chaque semaine, lun., mar., 01:00–03:00 (Europe/Paris)");
        await Page.Locator("#lang").SelectOptionAsync("en");
        await row.Locator("td", new() { HasTextString = "weekly" }).WaitForAsync();
        (await row.Locator("td").Nth(2).TextContentAsync()).Should().Be("weekly, Mon, Tue, 01:00–03:00 (Europe/Paris)");
        PageErrors.Should().BeEmpty();
    }

    // Each: what a technician may type in the form that the collector used to accept (or refused without naming the
    // field), and the sentence the form now shows on that field, in French.
    [TestCase("long name", "Nom : 100 caractères au plus (500 saisis).")]
    [TestCase("tab in the name", "Nom : les caractères de contrôle (tabulations, retours à la ligne…) ne sont pas acceptés.")]
    [TestCase("long comment", "Commentaire : 1000 caractères au plus (20000 saisis).")]
    [TestCase("in the past", "Au : cette fenêtre est déjà terminée ; elle ne suspendrait rien.")]
    [TestCase("name of the file's window", "Nom : le fichier d'astreinte a déjà une fenêtre « sauvegardes » ; choisissez un autre nom.")]
    public async Task OnCallView_AWindowThatCannotBe_IsRefusedNamingTheField(string what, string sentence)
    {
        await Page.GotoAsync("/#/oncall");
        await Page.GetByLabel("Nom", new() { Exact = true }).FillAsync(what switch
        {
            "long name" => new string('n', 500),
            "tab in the name" => "patch\tmardi",
            "name of the file's window" => "Sauvegardes",
            _ => "refusee",
        });
        await Page.GetByLabel("Hôte (motif, * accepté)").FillAsync("srv-refus");
        if (what == "long comment")
        {
            await Page.GetByLabel("Commentaire").FillAsync(new string('c', 20_000));
        }

        if (what == "in the past")
        {
            await Page.GetByLabel("Du", new() { Exact = true }).FillAsync("2020-01-01T01:00");
            await Page.GetByLabel("Au", new() { Exact = true }).FillAsync("2020-01-01T02:00");
        }

        await Page.GetByRole(AriaRole.Button, new() { Name = "Créer la fenêtre" }).ClickAsync();

        var alert = Page.Locator("form.create [role=alert]", new() { HasTextString = " : " });
        await alert.WaitForAsync();
        (await alert.TextContentAsync()).Should().Be(sentence);
        (await Collector.GetJsonAsync("/api/maintenance")).EnumerateArray().Select(w => w.GetProperty("matchers").ToString())
            .Should().NotContain(m => m.Contains("srv-refus", StringComparison.Ordinal), "nothing was created");
    }
}
