using Microsoft.Playwright;

namespace Alpi.Dashboard.Tests;

/// <summary>
/// Which charts the host page draws, and when it asks for them: the usual four at once (beside the host's series list),
/// then only those of the measurements the host has. A fixture of its own: its Wi-Fi terminal must not count in the
/// Wi-Fi view's totals that <see cref="ViewsTests"/> checks.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class HostChartsTests : BrowserFixture
{
    [Test]
    public async Task HostPage_ChartsFollowTheHostsMeasurements_TheUsualFourFirst()
    {
        // A Wi-Fi terminal's agent: CPU and the hotspot's counters, no memory, disk or network series.
        await PublishAsync("test", "borne-charts", "cpu,cpu=cpu-total usage_user=12,usage_system=3,usage_iowait=1\n" +
            "hotspot_terminal active_sessions=4i,access_accepts=10i,access_rejects=1i");
        // The CPU chart's queries go out without waiting for the host's series list: held here until one is seen.
        var cpuAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/query?measurement=cpu&", StringComparison.Ordinal))
            {
                cpuAsked.TrySetResult();
            }
        };
        bool? askedBeforeSeries = null;
        await Page.RouteAsync("**/api/series?*", async route =>
        {
            askedBeforeSeries = await Task.WhenAny(cpuAsked.Task, Task.Delay(TimeSpan.FromSeconds(10))) == cpuAsked.Task;
            await route.ContinueAsync();
        });
        await Page.GotoAsync("/#/host/test/borne-charts");

        await Page.WaitForFunctionAsync("() => Number(document.querySelector('section[data-chart=\"cpu\"]')?.dataset.points) > 0",
            null, new() { Timeout = 15_000 });
        await Page.Locator("section[data-chart=\"sessions\"]").WaitForAsync(new() { Timeout = 15_000 });
        askedBeforeSeries.Should().BeTrue("the CPU chart is asked for while the host's series list is on its way");
        await Page.WaitForFunctionAsync("() => !document.querySelector('section[data-chart=\"disk\"]')", null, new() { Timeout = 15_000 });
        var charts = await Page.Locator("section[data-chart]").EvaluateAllAsync<string[]>("s => s.map(c => c.dataset.chart)");
        charts.Should().Equal(["cpu", "sessions", "radius"], "the charts of the measurements this host has, in the page's order");
        await Page.WaitForFunctionAsync("() => Number(document.querySelector('section[data-chart=\"sessions\"]')?.dataset.points) > 0",
            null, new() { Timeout = 15_000 });

        // Leaving the page stops its charts and polls without an error; the next view renders.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Astreinte" }).ClickAsync();
        await Page.Locator("h1", new() { HasTextString = "Astreinte" }).WaitForAsync(new() { Timeout = 15_000 });
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task HostPage_AsksOneQueryPerChart_WithEveryFieldOfItsMeasurement_AndDrawsEveryLine()
    {
        await PublishAsync("test", "srv-champs", "cpu,cpu=cpu-total usage_user=12,usage_system=3,usage_iowait=1\n" +
            "mem used_percent=40\nsystem load1=1,load5=2,load15=3\nnet,interface=eth0 bytes_recv=100i,bytes_sent=50i");
        var requests = new List<Uri>();
        Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/query?", StringComparison.Ordinal) && request.Url.Contains("host=srv-champs", StringComparison.Ordinal))
            {
                lock (requests)
                {
                    requests.Add(new Uri(request.Url));
                }
            }
        };
        await Page.GotoAsync("/#/host/test/srv-champs");

        // Every line of the CPU and load charts drawn: three points each, one per field.
        foreach (var chart in new[] { "cpu", "load" })
        {
            await Page.WaitForFunctionAsync($"() => Number(document.querySelector('section[data-chart=\"{chart}\"]')?.dataset.points) === 3",
                null, new() { Timeout = 15_000 });
        }

        (await Page.Locator("section[data-chart=\"load\"] canvas").GetAttributeAsync("aria-label")).Should().Contain("Charge (1 min) 1").And.Contain("Charge (5 min) 2").And.Contain("Charge (15 min) 3");
        List<(string? Measurement, string[] Fields)> asked;
        lock (requests)
        {
            asked = requests.Select(u => System.Web.HttpUtility.ParseQueryString(u.Query))
                .Select(q => (q["measurement"], q.GetValues("field") ?? [])).ToList();
        }

        // Before: one request per field (three for CPU, three for load, two for the network).
        asked.Where(a => a.Measurement == "cpu").Should().NotBeEmpty().And.OnlyContain(a => a.Fields.SequenceEqual(new[] { "usage_user", "usage_system", "usage_iowait" }));
        asked.Where(a => a.Measurement == "system").Should().NotBeEmpty().And.OnlyContain(a => a.Fields.SequenceEqual(new[] { "load1", "load5", "load15" }));
        asked.Where(a => a.Measurement == "net").Should().NotBeEmpty().And.OnlyContain(a => a.Fields.SequenceEqual(new[] { "bytes_recv", "bytes_sent" }));
        asked.Where(a => a.Measurement == "mem").Should().NotBeEmpty().And.OnlyContain(a => a.Fields.SequenceEqual(new[] { "used_percent" }));
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task HostPage_LeftBeforeTheSeriesListAnswers_AsksNothingMoreAfterwards()
    {
        await PublishAsync("test", "borne-partie", "cpu,cpu=cpu-total usage_user=12,usage_system=3,usage_iowait=1\n" +
            "hotspot_terminal active_sessions=4i,access_accepts=10i,access_rejects=1i");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Page.RouteAsync("**/api/series?*", async route =>
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await route.ContinueAsync();
        });
        var afterLeaving = new List<string>();
        var left = false;
        Page.Request += (_, request) =>
        {
            if (left && request.Url.Contains("/api/query?", StringComparison.Ordinal) && request.Url.Contains("host=borne-partie", StringComparison.Ordinal))
            {
                afterLeaving.Add(request.Url);
            }
        };
        await Page.GotoAsync("/#/host/test/borne-partie");
        await Page.Locator("section[data-chart=\"cpu\"]").WaitForAsync(new() { Timeout = 15_000 });

        await Page.GetByRole(AriaRole.Link, new() { Name = "Astreinte" }).ClickAsync();
        await Page.Locator("h1", new() { HasTextString = "Astreinte" }).WaitForAsync(new() { Timeout = 15_000 });
        left = true;
        release.SetResult();
        // The 15-minute range refreshes its charts every 2 s: three periods without a request for the page left.
        await Page.WaitForTimeoutAsync(6_000);

        afterLeaving.Should().BeEmpty("the page left asks for no chart, even when its series list answers afterwards");
        PageErrors.Should().BeEmpty();
    }
}
