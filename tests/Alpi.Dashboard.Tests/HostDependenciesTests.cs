using Microsoft.Playwright;

namespace Alpi.Dashboard.Tests;

/// <summary>
/// The host page's dependencies block, from a rule file with a dependency (a site router and the hosts behind it) and a
/// presence rule: the child shows its parent with its status and that its alerts are suppressed while the parent is
/// down; the parent lists the hosts that depend on it.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class HostDependenciesTests : BrowserFixture
{
    /// <inheritdoc />
    protected override string RulesText => """
        rules:
          - name: down
            kind: presence
            severity: critical
          - name: temp-high
            kind: threshold
            measurement: dash_temp
            field: value
            function: last
            window: 1h
            above: { warning: 40, critical: 50 }
        dependencies:
          - tenant: mairie-dep
            parent: router-dep
            children: ["pc-dep-*", "imprimante-dep"]
        """;

    [OneTimeSetUp]
    public async Task RouterDownAndAChildWithAProblem()
    {
        await PublishStatusAsync("mairie-dep", "router-dep", online: false);
        await PublishStatusAsync("mairie-dep", "pc-dep-1", online: true);
        await PublishStatusAsync("mairie-dep", "autre-dep", online: true);
        await PublishAsync("mairie-dep", "pc-dep-1", "dash_temp value=58");
    }

    [Test]
    public async Task ChildHostPage_ShowsItsParentDown_AndItsAlertsSuppressed()
    {
        await Page.GotoAsync("/#/host/mairie-dep/pc-dep-1");

        var parent = Page.Locator("#depends-on li[data-host=\"router-dep\"][data-status=\"offline\"]");
        await parent.WaitForAsync(new() { Timeout = 15_000 });
        (await parent.GetByRole(AriaRole.Link, new() { Name = "router-dep" }).GetAttributeAsync("href")).Should().Be("#/host/mairie-dep/router-dep");
        (await parent.Locator(".badge").TextContentAsync()).Should().Be("hors ligne");
        var suppressed = Page.Locator("#suppressed-by");
        await suppressed.WaitForAsync(new() { Timeout = 20_000 });
        (await suppressed.TextContentAsync()).Should().Be("Ses alertes sont suspendues : mairie-dep/router-dep est en panne.");
        (await Page.Locator("#dependents").TextContentAsync()).Should().Be("aucun");
        (await SeriousAccessibilityViolationsAsync(Page)).Should().BeEmpty();
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task ParentHostPage_ListsTheHostsThatDependOnIt()
    {
        await Page.GotoAsync("/#/host/mairie-dep/router-dep");

        await Page.Locator("#dependents li[data-host=\"pc-dep-1\"][data-status=\"online\"]").WaitForAsync(new() { Timeout = 15_000 });
        var names = await Page.Locator("#dependents li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.host)");
        names.Should().Equal(["imprimante-dep", "pc-dep-1"], "known children and those the file names that have not reported yet, by name");
        (await Page.Locator("#dependents li[data-host=\"imprimante-dep\"]").GetAttributeAsync("data-status")).Should().Be("unknown");
        (await Page.Locator("#depends-on").TextContentAsync()).Should().Be("aucun");
        (await Page.Locator("#suppressed-by").CountAsync()).Should().Be(0, "the router's own alert is not suppressed");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task HostWithoutDependency_HasNoDependenciesBlock()
    {
        await Page.GotoAsync("/#/host/mairie-dep/autre-dep");
        var block = Page.Locator("section[data-dependencies=\"loaded\"]");
        await block.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 15_000 });

        (await block.IsVisibleAsync()).Should().BeFalse("a host neither parent nor child of a dependency has no dependencies block");
    }
}
