using System.Globalization;
using Alpi.Testing;
using Microsoft.Playwright;

namespace Alpi.DashboardBench;

/// <summary>
/// Loads each view in headless Debian Chromium and reads, in the page, the time from navigation start (the document's
/// <c>performance.timeOrigin</c>) to the animation frame after the view's main content appeared: a script added before
/// the page's own watches the document (MutationObserver) until the view's <see cref="View.Rendered"/> expression is
/// true. The views' code is not changed for it. One warm-up load per view, then <c>loads</c> timed ones, each a fresh
/// page (no HTTP cache: the collector's answers carry no validators and the API's are <c>no-store</c>).
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
        await using var context = await browser.NewContextAsync(new()
        {
            BaseURL = collector.BaseUrl,
            ViewportSize = new() { Width = 1280, Height = 900 },
            Locale = "fr-FR",
            TimezoneId = "Europe/Paris",
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + collector.AdminToken },
        });
        var results = new List<(View, List<double>)>();
        foreach (var view in views)
        {
            var times = new List<double>();
            for (var n = 0; n <= loads; n++)
            {
                var page = await context.NewPageAsync();
                await page.AddInitScriptAsync(Watcher.Replace("__RENDERED__", view.Rendered, StringComparison.Ordinal));
                await page.GotoAsync(view.Address);
                await page.WaitForFunctionAsync("() => typeof window.__alpiRendered === 'number'", null, new() { Timeout = 60_000 });
                var ms = await page.EvaluateAsync<double>("() => window.__alpiRendered");
                if (n > 0)
                {
                    times.Add(ms);
                }

                if (n == 1 && Environment.GetEnvironmentVariable("BENCH_TRACE") == "1")
                {
                    // Where the time goes: every request of the load, start and end (ms since navigation start).
                    Console.WriteLine(await page.EvaluateAsync<string>("() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map(e => `  ${e.name.replace(location.origin, '')} ${e.startTime.toFixed(0)}→${e.responseEnd.toFixed(0)}`).join('\\n')"));
                }

                await page.CloseAsync();
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{view.Name,-12} {string.Join(" ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms"));
            results.Add((view, times));
        }

        return results;
    }
}
