using Microsoft.Playwright;

namespace Alpi.Dashboard.Tests;

/// <summary>Keyboard use and accessible names, checked in the browser (not a full audit).</summary>
[TestFixture]
[Category("Integration")]
public sealed class AccessibilityTests : BrowserFixture
{
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
        (await Page.GetByRole(AriaRole.Group, new() { Name = "Période" }).GetByRole(AriaRole.Button).CountAsync()).Should().Be(3);
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
