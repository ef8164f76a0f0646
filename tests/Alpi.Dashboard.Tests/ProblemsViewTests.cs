using System.Diagnostics;
using System.Text.Json;
using Alpi.Testing;
using Microsoft.Playwright;

namespace Alpi.Dashboard.Tests;

/// <summary>
/// The problems view as a technician uses it, logged in through the login page: a threshold crossing published over
/// MQTT appears without reload, is acknowledged with a comment under the account's name and shown acknowledged;
/// silence, filters, sorting, and the way to the host; a viewer sees no action. Each test uses its own hosts, as the
/// fixture's collector keeps the alerts of the tests before.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class ProblemsViewTests : BrowserFixture
{
    [Test]
    public async Task Technician_LoggedIn_SeesAThresholdCrossingLive_AcknowledgesIt_UnderTheirAccountsName()
    {
        var (context, page) = await SignedInPageAsync("alice.martin", "technician", "#/problems");
        await using var _ = context;
        (await page.Locator("#user").TextContentAsync()).Should().Contain("alice.martin").And.Contain("(technicien)");
        page.Url.Should().Be($"{Collector.BaseUrl}/#/problems", "the login page brings the technician back to the view asked for");
        await WaitForLiveAsync(page);
        await page.EvaluateAsync("() => { window.alpiNoReload = true; }");

        var stopwatch = Stopwatch.StartNew();
        await PublishAsync("mairie-live", "srv-live", "dash_temp value=97");
        var row = page.Locator("tr[data-alert-id]", new() { Has = page.Locator("a", new() { HasTextString = "srv-live" }) });
        await row.WaitForAsync(new() { Timeout = 15_000 });
        TestContext.Out.WriteLine($"publish → row on the page: {stopwatch.ElapsedMilliseconds} ms (issue 8 asks for 2 s; the page is pushed by /api/live)");

        (await page.EvaluateAsync<bool>("() => window.alpiNoReload === true")).Should().BeTrue("the row came without reloading the page");
        (await row.GetAttributeAsync("data-severity")).Should().Be("critical");
        (await row.TextContentAsync()).Should().Contain("Température 97 °C sur srv-live").And.Contain("mairie-live").And.Contain("en cours");

        await row.GetByRole(AriaRole.Button, new() { Name = "Acquitter temp-high sur srv-live" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Acquitter le problème" });
        await dialog.WaitForAsync();
        (await dialog.GetByRole(AriaRole.Textbox).CountAsync()).Should().Be(1, "the comment only: the person is the account");
        (await dialog.TextContentAsync()).Should().Contain("Enregistré au nom de alice.martin.");
        await dialog.GetByLabel("Commentaire").FillAsync("je passe sur site");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Acquitter", Exact = true }).ClickAsync();

        await page.Locator("tr[data-alert-id][data-acknowledged=\"true\"]", new() { Has = page.Locator("a", new() { HasTextString = "srv-live" }) })
            .WaitForAsync(new() { Timeout = 10_000 });
        (await row.Locator("td.state").TextContentAsync()).Should().Be("acquitté par alice.martin : je passe sur site");
        (await dialog.CountAsync()).Should().Be(0, "the dialog closes once the acknowledgement is stored");

        var id = await row.GetAttributeAsync("data-alert-id");
        var stored = await Collector.GetJsonAsync($"/api/alerts/{id}");
        stored.GetProperty("state").GetString().Should().Be("acknowledged");
        stored.GetProperty("acknowledgement").GetProperty("by").GetString().Should().Be("alice.martin");
        stored.GetProperty("acknowledgement").GetProperty("comment").GetString().Should().Be("je passe sur site");
        (await page.Locator("#problems-announce").TextContentAsync()).Should().Be("Problème acquitté : temp-high sur srv-live.");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task Viewer_LoggedIn_SeesTheProblems_ButNoAcknowledgeNorSilenceButton()
    {
        await PublishAsync("mairie-viewer", "srv-viewer", "dash_temp value=55");
        var (context, page) = await SignedInPageAsync("vera.lecture", "viewer", "#/problems?host=srv-viewer");
        await using var _ = context;
        var row = page.Locator("tr[data-alert-id][data-state=\"firing\"]", new() { Has = page.Locator("a", new() { HasTextString = "srv-viewer" }) });
        await row.WaitForAsync(new() { Timeout = 15_000 });

        (await page.Locator("#user").TextContentAsync()).Should().Contain("vera.lecture").And.Contain("(lecture seule)");
        (await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^(Acquitter|Suspendre)") }).CountAsync()).Should().Be(0, "a viewer may not operate");
        (await page.Locator("table.problems thead th").AllTextContentsAsync()).Should().NotContain("Actions");
        (await row.GetAttributeAsync("data-state")).Should().Be("firing");
        (await SeriousAccessibilityViolationsAsync(page)).Should().BeEmpty();
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task Silence_FromARow_CreatesASilenceOfThatRuleOnThatHost()
    {
        await PublishAsync("mairie-silence", "srv-silence", "dash_temp value=45");
        var (context, page) = await SignedInPageAsync("bob.durand", "technician", "#/problems");
        await using var _ = context;
        var row = page.Locator("tr[data-alert-id]", new() { Has = page.Locator("a", new() { HasTextString = "srv-silence" }) });
        await row.WaitForAsync(new() { Timeout = 15_000 });

        await row.GetByRole(AriaRole.Button, new() { Name = "Suspendre temp-high sur srv-silence" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Suspendre les notifications" });
        await dialog.GetByLabel("Durée").SelectOptionAsync("1h");
        await dialog.GetByLabel("Commentaire").FillAsync("capteur en panne");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Suspendre", Exact = true }).ClickAsync();

        await row.Locator(".flags", new() { HasTextString = "notifications suspendues" }).WaitForAsync();
        var silences = await Collector.GetJsonAsync("/api/silences");
        var silence = silences.EnumerateArray().Single(s => s.GetProperty("matchers").TryGetProperty("host", out var h) && h.GetString() == "srv-silence");
        silence.GetProperty("matchers").GetProperty("rule").GetString().Should().Be("temp-high");
        silence.GetProperty("matchers").GetProperty("tenant").GetString().Should().Be("mairie-silence");
        silence.GetProperty("createdBy").GetString().Should().Be("bob.durand", "the silence is the signed-in account's");
        silence.GetProperty("comment").GetString().Should().Be("capteur en panne");
        (silence.GetProperty("endsAt").GetDateTimeOffset() - silence.GetProperty("startsAt").GetDateTimeOffset()).Should().Be(TimeSpan.FromHours(1));
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task Filters_AndSorting_ChooseAndOrderTheRows()
    {
        await PublishAsync("mairie-filtre", "srv-filtre-a", "dash_temp value=45");
        await PublishAsync("mairie-filtre", "srv-filtre-b", "dash_temp value=60");
        await Page.GotoAsync("/#/problems");
        var rows = Page.Locator("tr[data-alert-id]").Filter(new() { HasTextString = "mairie-filtre" });
        await Page.WaitForFunctionAsync("() => document.querySelectorAll('tr[data-alert-id]').length > 0 && [...document.querySelectorAll('tr[data-alert-id]')].filter(r => r.textContent.includes('mairie-filtre')).length === 2",
            null, new() { Timeout = 15_000 });

        await Page.GetByLabel("Collectivité").SelectOptionAsync("mairie-filtre");
        (await Page.Locator("tbody tr[data-alert-id]").CountAsync()).Should().Be(2, "only that tenant's problems remain");

        await Page.GetByLabel("Gravité").SelectOptionAsync("critical");
        (await HostsInOrderAsync()).Should().Equal("srv-filtre-b");

        await Page.GetByLabel("Gravité").SelectOptionAsync("");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Hôte", Exact = true }).ClickAsync();
        (await Page.Locator("th[aria-sort]").TextContentAsync()).Should().StartWith("Hôte");
        (await Page.Locator("th[aria-sort]").GetAttributeAsync("aria-sort")).Should().Be("descending");
        (await HostsInOrderAsync()).Should().Equal("srv-filtre-b", "srv-filtre-a");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Hôte", Exact = true }).ClickAsync();
        (await Page.Locator("th[aria-sort]").GetAttributeAsync("aria-sort")).Should().Be("ascending");
        (await HostsInOrderAsync()).Should().Equal("srv-filtre-a", "srv-filtre-b");

        await Page.GetByLabel("Hôte", new() { Exact = true }).FillAsync("filtre-a");
        (await HostsInOrderAsync()).Should().Equal("srv-filtre-a");
        Page.Url.Should().Contain("tenant=mairie-filtre").And.Contain("host=filtre-a", "the filters are in the address, to share or bookmark");

        await Page.GetByLabel("Acquittement").SelectOptionAsync("yes");
        (await Page.Locator("tbody tr[data-alert-id]").CountAsync()).Should().Be(0);
        (await Page.Locator("tbody td.empty").TextContentAsync()).Should().Be("Aucun problème ne correspond aux filtres.");
        PageErrors.Should().BeEmpty();

        async Task<IReadOnlyList<string>> HostsInOrderAsync() => await rows.Locator("td:nth-child(3) a").AllTextContentsAsync();
    }

    [Test]
    public async Task HostLink_OpensTheHostPage_WithItsAlertHistoryAndCharts()
    {
        await PublishStatusAsync("mairie-hote", "srv-hote", online: true);
        await PublishAsync("mairie-hote", "srv-hote", "dash_temp value=52\ncpu,cpu=cpu-total usage_user=12,usage_system=3,usage_iowait=1,usage_idle=84");
        await Page.GotoAsync("/#/problems");
        var row = Page.Locator("tr[data-alert-id]", new() { Has = Page.Locator("a", new() { HasTextString = "srv-hote" }) });
        await row.WaitForAsync(new() { Timeout = 15_000 });

        await row.GetByRole(AriaRole.Link, new() { Name = "srv-hote" }).ClickAsync();

        await Page.Locator("h1", new() { HasTextString = "srv-hote" }).WaitForAsync();
        var history = Page.GetByRole(AriaRole.Table, new() { Name = "Historique des alertes" });
        await history.Locator("tr[data-alert]", new() { HasTextString = "temp-high" }).WaitForAsync();
        await Page.WaitForFunctionAsync("() => Number(document.querySelector('section[data-chart=\"cpu\"]')?.dataset.points) > 0", null, new() { Timeout = 15_000 });
        (await Page.Locator(".facts").TextContentAsync()).Should().Contain("Debian GNU/Linux 12").And.Contain("9.9.9").And.Contain("192.0.2.42");

        await history.GetByRole(AriaRole.Button, new() { NameRegex = new("^Événements de l'alerte") }).First.ClickAsync();
        await history.Locator("ol.events-list li", new() { HasTextString = "déclenchée" }).WaitForAsync();
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task HostPage_AsksItsAlertHistoryOnce_ThenOnlyWhenItsOwnAlertsChange()
    {
        await PublishStatusAsync("mairie-hist", "srv-hist", online: true);
        await PublishAsync("mairie-hist", "srv-hist", "dash_temp value=97");
        await WaitForOpenAlertAsync("srv-hist");
        var asked = 0;
        Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/alerts?", StringComparison.Ordinal) && request.Url.Contains("host=srv-hist", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref asked);
            }
        };

        await Page.GotoAsync("/#/host/mairie-hist/srv-hist");
        var row = Page.GetByRole(AriaRole.Table, new() { Name = "Historique des alertes" }).Locator("tr[data-alert]", new() { HasTextString = "temp-high" });
        await row.WaitForAsync();
        await WaitForLiveAsync(Page);
        await Page.WaitForTimeoutAsync(1000);
        Volatile.Read(ref asked).Should().Be(1, "the live stream's first event lists the open alert the table has just read");

        var count = await Page.Locator("#problem-count").TextContentAsync();
        await PublishAsync("mairie-hist", "srv-voisin", "dash_temp value=98");
        await Page.WaitForFunctionAsync("(before) => document.getElementById('problem-count').textContent !== before", count, new() { Timeout = 15_000 });
        await Page.WaitForTimeoutAsync(1000);
        Volatile.Read(ref asked).Should().Be(1, "another host's new problem changes nothing in this host's history");

        await PublishAsync("mairie-hist", "srv-hist", "dash_temp value=20");
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("résolu", new() { Timeout = 15_000 });
        Volatile.Read(ref asked).Should().Be(2, "this host's problem resolved: the history is read again");
        PageErrors.Should().BeEmpty();
    }

    private async Task WaitForOpenAlertAsync(string host)
    {
        var open = await Eventually.WaitAsync(async () =>
        {
            var alerts = await Collector.GetJsonAsync($"/api/alerts?host={host}&state=open");
            return alerts.GetArrayLength() > 0 ? "open" : null;
        }, TimeSpan.FromSeconds(15));
        open.Should().Be("open", $"{host}'s threshold crossing opens a problem");
    }

    [Test]
    public async Task OnAPhone_ProblemsFitTheScreen_ScreenshotSaved()
    {
        await PublishAsync("mairie-phone", "srv-phone", "dash_temp value=61");
        await using var context = await NewContextAsync(new() { Width = 390, Height = 844 }, isMobile: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/#/problems");
        await page.Locator("tr[data-alert-id]", new() { Has = page.Locator("a", new() { HasTextString = "srv-phone" }) }).WaitForAsync(new() { Timeout = 15_000 });

        var path = await ScreenshotAsync(page, "problems-phone");
        new FileInfo(path).Length.Should().BePositive();
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"))
            .Should().BeLessThanOrEqualTo(0, "nothing may scroll sideways on a phone");
        var acknowledge = page.GetByRole(AriaRole.Button, new() { Name = "Acquitter temp-high sur srv-phone" });
        (await acknowledge.BoundingBoxAsync())!.Height.Should().BeGreaterThanOrEqualTo(24, "a finger can hit it");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task OnADesktop_NoColumnHeaderIsCutInsideAWord()
    {
        // A new user's check: at 1280 px the header "Collectivité" broke as "Collectivit / é" (overflow-wrap: anywhere on
        // every cell lets a column shrink below its longest word). A header of one word must fit on one line.
        // A long host name takes the table's width, squeezing the other columns to their narrowest.
        const string host = "srv-entete-de-la-mediatheque-intercommunale-du-syndicat-mixte-numerique-batiment-annexe-salle-informatique-baie-2";
        await PublishAsync("mairie-entete", host, "dash_temp value=62");
        await using var context = await NewContextAsync(Desktop);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/#/problems");
        await page.Locator("tr[data-alert-id]", new() { Has = page.Locator("a", new() { HasTextString = host }) }).WaitForAsync(new() { Timeout = 15_000 });

        // Each header: how many words, and on how many lines its label (not the sort arrow) is laid out (a Range's client
        // rectangles, one per line).
        var cut = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('table.problems thead th')].flatMap(th => {
            const words = th.textContent.replace(/[▲▼]/g, '').trim().split(/\s+/).filter(w => w);
            if (words.length !== 1) return [];
            const label = [...(th.querySelector('button') ?? th).childNodes].find(n => n.nodeType === Node.TEXT_NODE);
            const range = document.createRange();
            range.selectNodeContents(label);
            const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            return lines.size > 1 ? [`${words[0]}: ${lines.size} lines`] : [];
        })");

        cut.Should().BeEmpty("a one-word header is never cut inside its word");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task ProblemsCount_InTheMenu_FollowsUnacknowledgedProblems()
    {
        await Page.GotoAsync("/#/");
        await WaitForLiveAsync(Page);
        var count = Page.Locator("#problem-count");
        var before = JsonDocument.Parse(await Collector.Http.GetStringAsync(new Uri("/api/alerts?state=firing&limit=1000", UriKind.Relative)))
            .RootElement.GetArrayLength();

        await PublishAsync("mairie-menu", "srv-menu", "dash_temp value=70");

        await Page.WaitForFunctionAsync("n => Number(document.getElementById('problem-count').textContent) > n", before, new() { Timeout = 15_000 });
        (await count.GetAttributeAsync("aria-label")).Should().EndWith("problème(s) non acquitté(s)");
    }
}
