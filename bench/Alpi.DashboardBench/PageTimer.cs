using System.Globalization;
using Alpi.Testing;
using Microsoft.Playwright;

namespace Alpi.DashboardBench;

/// <summary>
/// Loads each view in headless Debian Chromium and reads, in the page, the time from navigation start (the document's
/// <c>performance.timeOrigin</c>) to the animation frame after the view's main content appeared: a script added before
/// the page's own watches the document (MutationObserver) until the view's <see cref="View.Rendered"/> expression is
/// true. The views' code is not changed for it. One warm-up load per view, then <c>loads</c> timed ones, each a fresh
/// page of one browser context (its HTTP cache kept, as for a technician's every visit after the first: the page is
/// revalidated, its versioned assets are not asked again, the API's answers are <c>no-store</c>); with
/// <c>BENCH_COLD=1</c> a new context for every load (a first visit, nothing cached).
/// </summary>
internal static class PageTimer
{
    private const string Watcher = """
        (() => {
          const rendered = () => { try { return !!(__RENDERED__); } catch { return false; } };
          const observer = new MutationObserver(() => {
            if (window.__alpiRendered !== undefined || !rendered()) return;
            window.__alpiRendered = null;
            observer.disconnect();
            requestAnimationFrame(() => { window.__alpiRendered = performance.now(); });
          });
          observer.observe(document, { childList: true, subtree: true, attributes: true });
        })();
        """;

    /// <summary>The document's milestones (ms since navigation start): parsed, deferred scripts run, first paints.</summary>
    private const string Milestones = """
        () => {
          const n = performance.getEntriesByType('navigation')[0];
          const paints = performance.getEntriesByType('paint').map(p => `${p.name} ${p.startTime.toFixed(0)}`).join(', ');
          return `  milestones: response ${n.responseEnd.toFixed(0)}, DOM parsed ${n.domInteractive.toFixed(0)}, ` +
            `modules run ${n.domContentLoadedEventEnd.toFixed(0)}, load ${n.loadEventEnd.toFixed(0)}; ${paints}; rendered ${window.__alpiRendered.toFixed(0)}`;
        }
        """;

    public static async Task<List<(View View, List<double> Times)>> RunAsync(CollectorHarness collector, IReadOnlyList<View> views, int loads)
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        // BENCH_COLD=1: every load in a new browser context (an empty HTTP cache: a technician's first visit);
        // otherwise one context (the browser's cache kept between loads, as for a technician's every other visit).
        var cold = Environment.GetEnvironmentVariable("BENCH_COLD") == "1";
        var contextOptions = new BrowserNewContextOptions
        {
            BaseURL = collector.BaseUrl,
            ViewportSize = new() { Width = 1280, Height = 900 },
            Locale = "fr-FR",
            TimezoneId = "Europe/Paris",
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + collector.AdminToken },
        };
        var context = await browser.NewContextAsync(contextOptions);
        var results = new List<(View, List<double>)>();
        foreach (var view in views)
        {
            var times = new List<double>();
            for (var n = 0; n <= loads; n++)
            {
                if (cold)
                {
                    await context.DisposeAsync();
                    context = await browser.NewContextAsync(contextOptions);
                }

                var page = await context.NewPageAsync();
                await page.AddInitScriptAsync(Watcher.Replace("__RENDERED__", view.Rendered, StringComparison.Ordinal));
                // BENCH_TRACE: the renderer's main-thread work of the load (Chrome DevTools Protocol, Performance domain).
                ICDPSession? cdp = null;
                if (n == 1 && Environment.GetEnvironmentVariable("BENCH_TRACE") == "1")
                {
                    cdp = await context.NewCDPSessionAsync(page);
                    await cdp.SendAsync("Performance.enable");
                }

                await page.GotoAsync(view.Address);
                await page.WaitForFunctionAsync("() => typeof window.__alpiRendered === 'number'", null, new() { Timeout = 60_000 });
                if (cdp is not null)
                {
                    var metrics = (await cdp.SendAsync("Performance.getMetrics"))!.Value.GetProperty("metrics").EnumerateArray()
                        .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
                    string Ms(string name) => metrics.TryGetValue(name, out var v) ? (v * 1000).ToString("F0", CultureInfo.InvariantCulture) : "?";
                    Console.WriteLine($"  main thread (ms, to rendered and a little after): tasks {Ms("TaskDuration")}, script {Ms("ScriptDuration")}, " +
                        $"style {Ms("RecalcStyleDuration")}, layout {Ms("LayoutDuration")}, other tasks {Ms("TaskOtherDuration")}");
                }

                var ms = await page.EvaluateAsync<double>("() => window.__alpiRendered");
                if (n > 0)
                {
                    times.Add(ms);
                }

                if (n == 1 && Environment.GetEnvironmentVariable("BENCH_TRACE") == "1")
                {
                    // Where the time goes: every request of the load, start and end (ms since navigation start).
                    Console.WriteLine(await page.EvaluateAsync<string>("() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map(e => `  ${e.name.replace(location.origin, '')} ${e.startTime.toFixed(0)}→${e.responseEnd.toFixed(0)}${e.transferSize === 0 ? ' (cache)' : ''}`).join('\\n')"));
                    Console.WriteLine(await page.EvaluateAsync<string>(Milestones));
                }

                await page.CloseAsync();
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{view.Name,-12} {string.Join(" ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms"));
            results.Add((view, times));
        }

        await context.DisposeAsync();
        return results;
    }
}
