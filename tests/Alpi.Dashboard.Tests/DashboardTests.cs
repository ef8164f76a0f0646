using Microsoft.Playwright;

namespace Alpi.Dashboard.Tests;

[TestFixture]
[Category("Integration")]
public sealed class DashboardTests : BrowserFixture
{
    [Test]
    public async Task Dashboard_OpensInFrench_ShowsThisMachineOnline()
    {
        var row = await OpenHostsAsync(Page);

        (await Page.Locator("html").GetAttributeAsync("lang")).Should().Be("fr");
        (await row.Locator(".badge").TextContentAsync()).Should().Be("en ligne");
        (await Page.Locator("h1").TextContentAsync()).Should().Be("Hôtes");
        await ScreenshotAsync(Page, "hosts-desktop");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task HostPage_ShowsCpuChartWithPoints()
    {
        var cpu = await OpenHostPageAsync(Page);

        (await cpu.Locator("canvas").CountAsync()).Should().BeGreaterThan(0);
        var before = await PointsAsync(cpu);
        before.Should().BePositive();
        await ScreenshotAsync(Page, "host-desktop");

        // The agent sends every second and the page refreshes every second: new points arrive without reload.
        var url = Page.Url;
        await Page.WaitForFunctionAsync(
            "n => Number(document.querySelector('section[data-chart=\"cpu\"]').dataset.points) > n", before, new() { Timeout = 10_000 });
        (await PointsAsync(cpu)).Should().BeGreaterThan(before);
        Page.Url.Should().Be(url);
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task HostPage_NewValueStored_ShownOnTheLiveStoredEventWithoutItsPoll()
    {
        // The page's clock is paused (Playwright's fake timers), so the 10 s poll of /api/latest never fires again: the
        // new value can reach the table only through the live stream's `stored` event naming the host.
        await PublishAsync("valeurs", "srv-valeurs", "probe_gauge value=11");
        await Page.Clock.InstallAsync(new() { TimeDate = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc) });
        await Page.Clock.PauseAtAsync(new DateTime(2026, 11, 30, 12, 0, 1, DateTimeKind.Utc));
        await Page.GotoAsync($"{Collector.BaseUrl}/#/host/valeurs/srv-valeurs");
        var attached = new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 };
        await Page.Locator("details.latest td.num", new() { HasTextString = "11" }).WaitForAsync(attached);
        await WaitForLiveAsync(Page);

        await PublishAsync("valeurs", "srv-valeurs", "probe_gauge value=42");

        await Page.Locator("details.latest td.num", new() { HasTextString = "42" }).WaitForAsync(attached);
        (await Page.Locator("details.latest td.num").AllTextContentsAsync()).Should().Equal("42");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task HostPage_UnknownHost_SaysSoInsteadOfEmptyCharts()
    {
        await Page.GotoAsync($"{Collector.BaseUrl}/#/host/test/no-such-host");

        var alert = Page.Locator(".facts [role=alert]");
        await alert.WaitForAsync();
        (await alert.TextContentAsync()).Should().Contain("inconnu du collecteur");
    }

    [Test]
    public async Task LanguageSwitch_ToEnglish_ShowsEnglishLabels()
    {
        await OpenHostsAsync(Page);

        await Page.Locator("#lang").SelectOptionAsync("en");

        await Page.Locator("tr[data-tenant=\"test\"] .badge", new() { HasTextString = "online" }).WaitForAsync();
        (await Page.Locator("html").GetAttributeAsync("lang")).Should().Be("en");
        (await Page.Locator("h1").TextContentAsync()).Should().Be("Hosts");
        (await Page.Locator("table.hosts thead th").AllTextContentsAsync()).Should().Equal("Member", "Host", "Status", "Last seen");
        (await Page.Locator(".brand").TextContentAsync()).Should().Be("Alpi — monitoring");

        // The choice is remembered across a reload.
        await Page.ReloadAsync();
        await Page.Locator("h1", new() { HasTextString = "Hosts" }).WaitForAsync();
        (await Page.Locator("html").GetAttributeAsync("lang")).Should().Be("en");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task HostPage_OnAPhone_FitsTheScreenWidth()
    {
        await using var context = await NewContextAsync(new() { Width = 390, Height = 844 }, isMobile: true);
        var page = await context.NewPageAsync();

        await OpenHostsAsync(page);
        await ScreenshotAsync(page, "hosts-phone");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"))
            .Should().BeLessThanOrEqualTo(0, "the hosts table fits a phone");

        var cpu = await OpenHostPageAsync(page);
        await ScreenshotAsync(page, "host-phone");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        overflow.Should().BeLessThanOrEqualTo(0, "nothing may scroll sideways on a phone");
        var box = await cpu.BoundingBoxAsync();
        box!.Width.Should().BeLessThanOrEqualTo(390);
        var canvas = await cpu.Locator("canvas").First.BoundingBoxAsync();
        (canvas!.X + canvas.Width).Should().BeLessThanOrEqualTo(box.X + box.Width, "the chart stays inside its card");
        PageErrors.Should().BeEmpty();
    }

    private static async Task<int> PointsAsync(ILocator chart) =>
        int.Parse(await chart.GetAttributeAsync("data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
}
