using System.Globalization;
using Alpi.Testing;
using Microsoft.Playwright;

namespace Alpi.DashboardBench;

/// <summary>
/// Loads each view in headless Debian Chromium three ways and reads, in the page, the time to the animation frame after
/// the view's main content appeared (a MutationObserver until the view's <see cref="View.Rendered"/> expression is
/// true; the views' code is not changed for it):
/// <list type="bullet">
/// <item><b>fresh tab</b>: a new page of one browser context opening the view's address, timed from navigation start
/// (the document's <c>performance.timeOrigin</c>): Chromium starts the tab's renderer, then loads the page (its HTTP
/// cache kept, as for a technician's every visit after the first: the page is revalidated, its versioned assets are not
/// asked again, the API's answers are <c>no-store</c>); with <c>BENCH_COLD=1</c> a new context for every load (a first
/// visit, nothing cached);</item>
/// <item><b>same tab</b>: the dashboard already open on that address in a tab, reloaded (F5, or the address typed
/// again): the renderer runs already, the document, script and data are loaded again; timed from navigation start;</item>
/// <item><b>in-app switch</b>: the dashboard open on another view, the menu link of the view clicked (or, for a host
/// or device page, the address's hash set, as a link in a list does): timed from the click, in the page, to the same
/// criterion.</item>
/// </list>
/// Before any timing, each timed view loaded <c>BENCH_WARMUP</c> times (default 20) each of the three ways and the JIT
/// left to go quiet (<see cref="WarmUpAsync"/>); then one warm-up load per view and way, then <c>loads</c> timed ones.
/// The JIT figure printed after each view is the methods compiled (by the whole process: the collector and this bench's
/// Playwright client) during its fresh-tab, same-tab and in-app loads.
/// </summary>
internal static class PageTimer
{
    private const string Watcher = """
        (() => {
          const rendered = () => { try { return !!(__RENDERED__); } catch { return false; } };
          const observer = new MutationObserver(() => {
            if (window.__alpiRendered !== undefined || !rendered()) return;
            window.__alpiRendered = null;
            window.__alpiContent = performance.now();
            observer.disconnect();
            requestAnimationFrame(() => { window.__alpiRendered = performance.now(); });
          });
          observer.observe(document, { childList: true, subtree: true, attributes: true });
        })();
        """;

    /// <summary>
    /// Switches the open dashboard to the view at hash <c>__HASH__</c> as a technician does (its menu link clicked, else
    /// the hash set) and resolves with the ms from the click to the animation frame after <c>__RENDERED__</c> held.
    /// </summary>
    private const string Switch = """
        () => new Promise((resolve, reject) => {
          const rendered = () => { try { return !!(__RENDERED__); } catch { return false; } };
          const hash = __HASH__;
          let done = false;
          const timer = setTimeout(() => { observer.disconnect(); reject(new Error(`${hash} not rendered in 60 s`)); }, 60000);
          const observer = new MutationObserver(() => {
            if (done || !rendered()) return;
            done = true;
            observer.disconnect();
            clearTimeout(timer);
            requestAnimationFrame(() => resolve(performance.now() - start));
          });
          observer.observe(document, { childList: true, subtree: true, attributes: true });
          const link = [...document.querySelectorAll('nav.views a')].find((a) => a.getAttribute('href') === hash);
          const start = performance.now();
          if (link) link.click(); else location.hash = hash;
        })
        """;

    /// <summary>The document's milestones (ms since navigation start): parsed, deferred scripts run, first paints.</summary>
    private const string Milestones = """
        () => {
          const n = performance.getEntriesByType('navigation')[0];
          const paints = performance.getEntriesByType('paint').map(p => `${p.name} ${p.startTime.toFixed(0)}`).join(', ');
          return `  milestones: response ${n.responseEnd.toFixed(0)}, DOM parsed ${n.domInteractive.toFixed(0)}, ` +
            `modules run ${n.domContentLoadedEventEnd.toFixed(0)}, load ${n.loadEventEnd.toFixed(0)}; ${paints}; content in ${window.__alpiContent.toFixed(0)}, rendered ${window.__alpiRendered.toFixed(0)}; ` +
            `navigation start ${new Date(performance.timeOrigin).toISOString()}`;
        }
        """;

    private const string WaitRendered = "() => typeof window.__alpiRendered === 'number'";

    public static async Task<List<ViewTimes>> RunAsync(CollectorHarness collector, IReadOnlyList<View> views, int loads)
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserOnItsOwnCpus.ExecutablePath(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        // BENCH_COLD=1: every fresh-tab load in a new browser context (an empty HTTP cache: a technician's first visit);
        // otherwise one context (the browser's cache kept between loads, as for a technician's every other visit).
        var cold = Environment.GetEnvironmentVariable("BENCH_COLD") == "1";
        var trace = Environment.GetEnvironmentVariable("BENCH_TRACE") == "1";
        var profile = Environment.GetEnvironmentVariable("BENCH_PROFILE") == "1";
        var contextOptions = new BrowserNewContextOptions
        {
            BaseURL = collector.BaseUrl,
            ViewportSize = new() { Width = 1280, Height = 900 },
            Locale = "fr-FR",
            TimezoneId = "Europe/Paris",
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + collector.AdminToken },
        };
        var context = await browser.NewContextAsync(contextOptions);
        // BENCH_VIEWS=Host,Device: only the views whose name starts with one of these (comma-separated, any case) are
        // timed; the in-app switch still starts from the list's last view (on call).
        var only = (Environment.GetEnvironmentVariable("BENCH_VIEWS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var timed = views.Where(v => only.Length == 0 || only.Any(o => v.Name.StartsWith(o, StringComparison.OrdinalIgnoreCase))).ToList();
        var warmUp = int.Parse(Environment.GetEnvironmentVariable("BENCH_WARMUP") ?? "20", CultureInfo.InvariantCulture);
        if (warmUp > 0)
        {
            await WarmUpAsync(context, timed, views, warmUp);
        }

        var results = new List<ViewTimes>();
        foreach (var view in timed)
        {
            var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
            var fresh = new List<double>();
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
                var cdp = n == 1 && (trace || profile) ? await StartTraceAsync(context, page, profile) : null;

                await page.GotoAsync(view.Address);
                await page.WaitForFunctionAsync(WaitRendered, null, new() { Timeout = 60_000 });
                if (cdp is not null)
                {
                    Console.WriteLine("  fresh tab:");
                    if (profile)
                    {
                        await CpuProfile.StopAndPrintAsync(cdp);
                    }

                    await PrintMetricsAsync(cdp);
                }

                var ms = await page.EvaluateAsync<double>("() => window.__alpiRendered");
                if (n > 0)
                {
                    fresh.Add(ms);
                }

                if (n == 1 && trace)
                {
                    await PrintTraceAsync(page);
                }

                await page.CloseAsync();
            }

            var jitFresh = System.Runtime.JitInfo.GetCompiledMethodCount();
            var sameTab = await SameTabAsync(context, view, loads, trace, profile);
            var jitSameTab = System.Runtime.JitInfo.GetCompiledMethodCount();
            var inApp = await InAppAsync(context, view, views, loads);
            var jitInApp = System.Runtime.JitInfo.GetCompiledMethodCount();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{view.Name,-12} fresh tab {Join(fresh)} | same tab {Join(sameTab)} | in-app switch {Join(inApp)} ms | JIT {jitFresh - jitBefore} / {jitSameTab - jitFresh} / {jitInApp - jitSameTab} methods"));
            results.Add(new(view, fresh, sameTab, inApp));
        }

        await context.DisposeAsync();
        return results;
    }

    /// <summary>
    /// Brings the collector (in this process) to the state of one that has served pages for a while: each view loaded
    /// <paramref name="rounds"/> times each way a technician loads it (untimed): reloaded, opened in a new tab, switched to
    /// from another view; then a wait until the JIT has compiled nothing new for 2 s (at most 30 s). The runtime compiles
    /// a method again, optimised, after 30 calls (tiered compilation, with dynamic PGO): a collector serving technicians
    /// all day has done so long ago, whereas in the first minute after the bench's start that compilation competed with
    /// the timed loads for the two cores (200–270 ms of JIT time in one 24 h host page reload, 2026-12-01). Reloads alone
    /// left the code of the other two ways (a new tab's session and static files, a switch's requests) to be compiled
    /// during the timed loads: 229–497 methods after 50 reloads (2026-12-01, 14:49). <c>BENCH_WARMUP=0</c> times without
    /// it.
    /// </summary>
    private static async Task WarmUpAsync(IBrowserContext context, IReadOnlyList<View> views, IReadOnlyList<View> all, int rounds)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var methods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var page = await context.NewPageAsync();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var view in views)
            {
                await page.GotoAsync(view.Address);
                await page.ReloadAsync();
                await page.WaitForFunctionAsync($"() => !!({view.Rendered})", null, new() { Timeout = 60_000 });
                var tab = await context.NewPageAsync();
                await tab.GotoAsync(view.Address);
                await tab.WaitForFunctionAsync($"() => !!({view.Rendered})", null, new() { Timeout = 60_000 });
                await tab.CloseAsync();
            }
        }

        foreach (var view in views)
        {
            await InAppAsync(context, view, all, rounds);
        }

        await page.CloseAsync();
        var loaded = clock.Elapsed;
        var last = System.Runtime.JitInfo.GetCompiledMethodCount();
        var quiet = System.Diagnostics.Stopwatch.StartNew();
        while (quiet.Elapsed < TimeSpan.FromSeconds(2) && clock.Elapsed < loaded + TimeSpan.FromSeconds(30))
        {
            await Task.Delay(250);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now != last)
            {
                last = now;
                quiet.Restart();
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Warm-up: {rounds} reloads, new tabs and switches of each timed view in {loaded.TotalSeconds:F0} s, {last - methods} methods compiled by the JIT meanwhile, quiet {(clock.Elapsed - loaded).TotalSeconds:F1} s later"));
    }

    /// <summary>
    /// One tab open on the view, then <paramref name="loads"/> reloads of it (after one untimed), each timed from its
    /// navigation start; with <paramref name="trace"/> (<c>BENCH_TRACE</c>) or <paramref name="profile"/>
    /// (<c>BENCH_PROFILE</c>) the first timed reload is traced or profiled.
    /// </summary>
    private static async Task<List<double>> SameTabAsync(IBrowserContext context, View view, int loads, bool trace, bool profile)
    {
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync(Watcher.Replace("__RENDERED__", view.Rendered, StringComparison.Ordinal));
        await page.GotoAsync(view.Address);
        await page.WaitForFunctionAsync(WaitRendered, null, new() { Timeout = 60_000 });
        var times = new List<double>();
        for (var n = 0; n <= loads; n++)
        {
            // BENCH_TRACE, BENCH_PROFILE: the renderer's main-thread work and V8's profile of the first timed reload.
            var cdp = n == 1 && (trace || profile) ? await StartTraceAsync(context, page, profile) : null;

            // BENCH_SETTLE_MS: a pause before each reload, for the previous load's last requests to end (an experiment:
            // the bench otherwise reloads as soon as the view's main content is drawn).
            if (Environment.GetEnvironmentVariable("BENCH_SETTLE_MS") is { } settle)
            {
                await Task.Delay(int.Parse(settle, CultureInfo.InvariantCulture));
            }

            var cpu = Environment.CpuUsage.TotalTime;
            var jit = (Methods: System.Runtime.JitInfo.GetCompiledMethodCount(), Time: System.Runtime.JitInfo.GetCompilationTime());
            var gc = (Pause: GC.GetTotalPauseDuration(), Gen0: GC.CollectionCount(0), Gen1: GC.CollectionCount(1), Gen2: GC.CollectionCount(2));
            // BENCH_CHROME_TRACE=FILE: Chromium's own trace of the first timed reload, every process and thread (ChromeTrace).
            var chromeTrace = n == 1 && Environment.GetEnvironmentVariable("BENCH_CHROME_TRACE") is { } tracePath
                ? await ChromeTrace.StartAsync(context, page, tracePath) : null;
            await page.ReloadAsync();
            await page.WaitForFunctionAsync(WaitRendered, null, new() { Timeout = 60_000 });
            if (chromeTrace is not null)
            {
                await chromeTrace.StopAndPrintAsync();
            }

            if (cdp is not null)
            {
                Console.WriteLine("  same tab (reload):");
                // The collector runs in this process: its garbage collections and thread pool during the reload.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  collector process during the reload: CPU {(Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds:F0} ms, " +
                    $"JIT {System.Runtime.JitInfo.GetCompiledMethodCount() - jit.Methods} methods in {(System.Runtime.JitInfo.GetCompilationTime() - jit.Time).TotalMilliseconds:F0} ms, GC paused {(GC.GetTotalPauseDuration() - gc.Pause).TotalMilliseconds:F0} ms " +
                    $"({GC.CollectionCount(0) - gc.Gen0} gen0, {GC.CollectionCount(1) - gc.Gen1} gen1, {GC.CollectionCount(2) - gc.Gen2} gen2), " +
                    $"thread pool {ThreadPool.ThreadCount} threads, {ThreadPool.PendingWorkItemCount} work items waiting"));
                if (profile)
                {
                    await CpuProfile.StopAndPrintAsync(cdp);
                }

                await PrintMetricsAsync(cdp);
                await cdp.DetachAsync();
            }

            var ms = await page.EvaluateAsync<double>("() => window.__alpiRendered");
            if (n > 0)
            {
                times.Add(ms);
            }

            if (n == 1 && trace)
            {
                await PrintTraceAsync(page);
            }
        }

        await page.CloseAsync();
        return times;
    }

    /// <summary>The renderer main thread's work since <c>Performance.enable</c> (CDP Performance domain), ms.</summary>
    private static async Task PrintMetricsAsync(ICDPSession cdp)
    {
        var metrics = (await cdp.SendAsync("Performance.getMetrics"))!.Value.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
        string Ms(string name) => metrics.TryGetValue(name, out var v) ? (v * 1000).ToString("F0", CultureInfo.InvariantCulture) : "?";
        Console.WriteLine($"  main thread (ms, to rendered and a little after): tasks {Ms("TaskDuration")}, script {Ms("ScriptDuration")}, " +
            $"style {Ms("RecalcStyleDuration")}, layout {Ms("LayoutDuration")}, other tasks {Ms("TaskOtherDuration")}");
    }

    /// <summary>Where the time of the page's last load went: every request, start and end, and the document's milestones (ms since navigation start).</summary>
    private static async Task PrintTraceAsync(IPage page)
    {
        Console.WriteLine(await page.EvaluateAsync<string>("() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map(e => `  ${e.name.replace(location.origin, '')} ${e.startTime.toFixed(0)}→${e.responseEnd.toFixed(0)}${e.transferSize === 0 ? ' (cache)' : ''}`).join('\\n')"));
        Console.WriteLine(await page.EvaluateAsync<string>(Milestones));
    }

    /// <summary>
    /// One tab open on another view (on call, or the overview for the on-call view itself: neither matches another
    /// view's criterion); then <paramref name="loads"/> switches to the view (after one untimed), each from the other
    /// view rendered again.
    /// </summary>
    private static async Task<List<double>> InAppAsync(IBrowserContext context, View view, IReadOnlyList<View> views, int loads)
    {
        var from = views[^1] == view ? views[0] : views[^1];
        var page = await context.NewPageAsync();
        await page.GotoAsync(from.Address);
        await page.WaitForFunctionAsync($"() => !!({from.Rendered})", null, new() { Timeout = 60_000 });
        var times = new List<double>();
        for (var n = 0; n <= loads; n++)
        {
            var ms = await SwitchAsync(page, view);
            if (n > 0)
            {
                times.Add(ms);
            }

            await SwitchAsync(page, from);
        }

        await page.CloseAsync();
        return times;
    }

    private static Task<double> SwitchAsync(IPage page, View to) =>
        page.EvaluateAsync<double>(Switch
            .Replace("__RENDERED__", to.Rendered, StringComparison.Ordinal)
            .Replace("__HASH__", System.Text.Json.JsonSerializer.Serialize(to.Address.TrimStart('/')), StringComparison.Ordinal));

    private static string Join(List<double> times) =>
        string.Join(" ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)));

    /// <summary>
    /// Opens a Chrome DevTools Protocol session on <paramref name="page"/> with the Performance domain on (the renderer's
    /// main-thread work), and V8's CPU profiler started when <paramref name="profile"/>.
    /// </summary>
    private static async Task<ICDPSession> StartTraceAsync(IBrowserContext context, IPage page, bool profile)
    {
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Performance.enable");
        if (profile)
        {
            await CpuProfile.StartAsync(cdp);
        }

        return cdp;
    }
}

/// <summary>One view's times (ms): <see cref="FreshTab"/>, <see cref="SameTab"/> and <see cref="InApp"/> as <see cref="PageTimer"/> measures them.</summary>
internal sealed record ViewTimes(View View, List<double> FreshTab, List<double> SameTab, List<double> InApp);
