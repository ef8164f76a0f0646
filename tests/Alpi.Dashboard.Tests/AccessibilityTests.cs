using Microsoft.Playwright;

namespace Alpi.Dashboard.Tests;

/// <summary>
/// Keyboard use and accessible names checked in the browser, and axe-core's rules (WCAG 2 A/AA and best practices,
/// the technical ground RGAA 4 builds on) run on every view: no serious or critical violation. Not a full RGAA audit.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class AccessibilityTests : BrowserFixture
{
    /// <summary>Something on every view: a problem, an SNMP device with an interface, a Wi-Fi terminal.</summary>
    [OneTimeSetUp]
    public async Task PublishSomethingToShow()
    {
        await PublishAsync("mairie-a11y", "srv-a11y", """
            dash_temp value=57
            snmp_poll,device=switch-a11y up=true,duration_ms=10,varbinds=20i
            snmp_interface,device=switch-a11y,ifName=eth0 in_bits_per_second=1000,out_bits_per_second=500,in_errors_rate=0,out_errors_rate=0,oper_status=1i
            snmp_interface,device=switch-a11y,ifName=eth1 in_bits_per_second=0,out_bits_per_second=0,in_errors_rate=0,out_errors_rate=0,oper_status=2i
            """);
        await PublishStatusAsync("mairie-a11y", "srv-a11y-site", online: true, site: "Médiathèque");
        await PublishAsync("cigale", "borne-a11y", "hotspot_terminal,group=g,nas=borne-a11y up=true,active_sessions=1i,access_accepts=3u,access_rejects=1u,input_octets_per_second=1200,output_octets_per_second=56000,latitude=45.19,longitude=5.72");
    }

    [TestCase("#/", "section.tile[data-tenant='mairie-a11y']")]
    [TestCase("#/", "section.tile[data-site='Médiathèque']")]
    [TestCase("#/problems", "tr[data-alert-id]")]
    [TestCase("#/hosts", "tr[data-device='switch-a11y']")]
    [TestCase("#/host/mairie-a11y/srv-a11y", "table tr[data-alert]")]
    [TestCase("#/device/mairie-a11y/srv-a11y/switch-a11y", "section.interface[data-interface='eth1'] canvas")]
    [TestCase("#/wifi", "tr[data-terminal='borne-a11y']")]
    [TestCase("#/oncall", "tr[data-schedule]")]
    public async Task View_HasNoSeriousOrCriticalAxeViolation(string hash, string ready)
    {
        await Page.GotoAsync("/" + hash);
        await Page.Locator(ready).First.WaitForAsync(new() { Timeout = 20_000 });

        (await SeriousAccessibilityViolationsAsync(Page)).Should().BeEmpty("axe-core finds no serious or critical violation on {0}", hash);
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task AcknowledgeDialog_HasNoSeriousOrCriticalAxeViolation_AndTrapsThenReturnsFocus()
    {
        await Page.GotoAsync("/#/problems?host=srv-a11y");
        var button = Page.GetByRole(AriaRole.Button, new() { Name = "Acquitter temp-high sur srv-a11y" });
        await button.FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        var dialog = Page.GetByRole(AriaRole.Dialog, new() { Name = "Acquitter le problème" });
        await dialog.WaitForAsync();

        (await Page.EvaluateAsync<bool>("() => document.querySelector('dialog').contains(document.activeElement)")).Should().BeTrue("the dialog takes the focus");
        (await SeriousAccessibilityViolationsAsync(Page)).Should().BeEmpty();
        await Page.Keyboard.PressAsync("Escape");
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        (await Page.EvaluateAsync<string?>("() => document.activeElement.getAttribute('aria-label')")).Should().Be("Acquitter temp-high sur srv-a11y", "focus goes back to the button that opened it");
    }

    [Test]
    public async Task EnglishViews_HaveNoSeriousOrCriticalAxeViolation()
    {
        await Page.GotoAsync("/#/problems");
        await Page.Locator("#lang").SelectOptionAsync("en");
        await Page.Locator("h1", new() { HasTextString = "Problems" }).WaitForAsync();
        (await Page.Locator("html").GetAttributeAsync("lang")).Should().Be("en");
        (await SeriousAccessibilityViolationsAsync(Page)).Should().BeEmpty();

        await Page.GotoAsync("/#/");
        await Page.Locator("section.tile").First.WaitForAsync();
        (await SeriousAccessibilityViolationsAsync(Page)).Should().BeEmpty();
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task HostsTable_HasNameAndColumnHeaders()
    {
        await OpenHostsAsync(Page);

        var table = Page.GetByRole(AriaRole.Table, new() { Name = "Hôtes", Exact = true });
        (await table.GetByRole(AriaRole.Columnheader).AllTextContentsAsync())
            .Should().Equal("Collectivité", "Hôte", "État", "Vu pour la dernière fois");
        (await table.Locator("thead th[scope=col]").CountAsync()).Should().Be(4);
    }

    [Test]
    public async Task HostLink_IsReachedByTab_AndKeepsFocusAcrossRefreshes()
    {
        await OpenHostsAsync(Page);

        var link = await TabUntilAsync("a[href^='#/host/test/']");
        (await OutlineWidthAsync()).Should().BeGreaterThanOrEqualTo(2, "the focused link shows a visible ring");

        // The list refreshes every second; the focused link must not be replaced under the user's feet.
        await Page.WaitForTimeoutAsync(2500);
        (await Page.EvaluateAsync<bool>("() => document.activeElement && document.activeElement.matches(\"a[href^='#/host/test/']\")"))
            .Should().BeTrue("focus stays on {0} while the table refreshes", link);

        await Page.Keyboard.PressAsync("Enter");
        await Page.Locator("section[data-chart=\"cpu\"]").WaitForAsync();
    }

    [Test]
    public async Task RangeButtons_AreReachedByTab_ShowFocus_AndKeepItWhenPressed()
    {
        await OpenHostPageAsync(Page);
        await Page.Locator("body").FocusAsync();

        await TabUntilAsync("button[data-range='h1']");
        (await OutlineWidthAsync()).Should().BeGreaterThanOrEqualTo(2);
        await Page.Keyboard.PressAsync("Enter");

        await Page.Locator("button[data-range='h1'][aria-pressed='true']").WaitForAsync();
        (await Page.EvaluateAsync<string?>("() => document.activeElement.dataset.range")).Should().Be("h1");
        (await Page.GetByRole(AriaRole.Group, new() { Name = "Période" }).GetByRole(AriaRole.Button).CountAsync()).Should().Be(5, "15 min, 1 h, 6 h, 24 h, 7 days");
    }

    [Test]
    public async Task Charts_HaveAccessibleNames()
    {
        await OpenHostPageAsync(Page);

        foreach (var name in new[] { "Processeur (%)", "Mémoire utilisée (%)", "Disques utilisés (%)", "Réseau (octets/s)" })
        {
            (await Page.GetByRole(AriaRole.Region, new() { Name = name, Exact = true }).CountAsync()).Should().Be(1, name);
        }

        var image = Page.GetByRole(AriaRole.Region, new() { Name = "Processeur (%)" }).GetByRole(AriaRole.Img);
        (await image.GetAttributeAsync("aria-label")).Should().StartWith("Processeur (%) — dernière valeur : utilisateur ");
    }

    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/> (at most 30 times).</summary>
    private async Task<string> TabUntilAsync(string selector)
    {
        for (var i = 0; i < 30; i++)
        {
            await Page.Keyboard.PressAsync("Tab");
            if (await Page.EvaluateAsync<bool>("s => document.activeElement && document.activeElement.matches(s)", selector))
            {
                return selector;
            }
        }

        Assert.Fail($"Tab never reached {selector}.");
        return selector;
    }

    private async Task<double> OutlineWidthAsync() =>
        await Page.EvaluateAsync<double>(
            "() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth); }");
}
