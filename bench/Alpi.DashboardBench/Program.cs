using System.Diagnostics;
using System.Globalization;
using Alpi.Collector.Storage;
using Alpi.Collector.Storage.Retention;
using Alpi.DashboardBench;
using Alpi.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// Time to first render of each dashboard view with 500 hosts and 50,000 series in the embedded DuckDB store.
//   dotnet run -c Release --project bench/Alpi.DashboardBench -- [loads=7] [historyMinutes=30]
// Each view is loaded `loads` times in headless Debian Chromium (after one warm-up load) three ways: a fresh tab, the same
// tab reloaded, and an in-app switch from another view; the figure is navigation start (the click, for a switch) → the
// next animation frame after the view's main content is in the document (PageTimer), median and worst.
// BENCH_VIEWS="Host (,Device" times only the views whose names start so; BENCH_WARMUP=N (default 20) loads each timed
// view N times before timing, so that the collector in this process has finished compiling its hot paths (PageTimer).
var loads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
var historyMinutes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;

using var config = new TempDirectory("alpi-dashboard-bench");
await File.WriteAllTextAsync(Path.Combine(config.Path, "rules.yaml"), Fleet.Rules);
await File.WriteAllTextAsync(Path.Combine(config.Path, "oncall.yaml"), Fleet.OnCall);
await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
{
    ["Agent:Enabled"] = "false",
    ["Collector:Alerting:RulesFile"] = Path.Combine(config.Path, "rules.yaml"),
    ["Collector:Alerting:OnCallFile"] = Path.Combine(config.Path, "oncall.yaml"),
    ["Collector:Alerting:EvaluationInterval"] = "00:00:05",
});

var clock = Stopwatch.StartNew();
var store = collector.Services.GetRequiredService<ITimeSeriesStore>();
var now = TimeProvider.System.GetUtcNow();
var values = await Fleet.WriteHistoryAsync(store, now, TimeSpan.FromMinutes(historyMinutes));
Console.WriteLine($"History: {values:N0} values ({historyMinutes} min at 10 s, and 24 h for {Fleet.HostName(0)}) in {clock.Elapsed.TotalSeconds:F0} s");
clock.Restart();
// What the rollup job (every 5 minutes) has done by then in a running collector: the history's closed buckets laid out
// by series and rolled up. BENCH_NO_ROLLUP=1 leaves the history as written, in arrival order.
if (Environment.GetEnvironmentVariable("BENCH_NO_ROLLUP") != "1" && store is IRollupMaintenance maintenance)
{
    var run = await maintenance.RunRollupAsync(TimeProvider.System.GetUtcNow(), collector.Services.GetRequiredService<IOptions<RetentionOptions>>().Value, CancellationToken.None);
    Console.WriteLine($"Rollup job (compaction by series, then 5-minute aggregates): {run.AggregatesWritten:N0} aggregates in {clock.Elapsed.TotalSeconds:F0} s");
    clock.Restart();
}

await Fleet.PublishCurrentAsync(collector);
var health = await collector.GetJsonAsync("/healthz");
Console.WriteLine($"Published statuses and current values over MQTT in {clock.Elapsed.TotalSeconds:F0} s; store: {health.GetProperty("series").GetInt32():N0} series, " +
    $"{collector.Services.GetRequiredService<Alpi.Collector.Inventory.HostInventory>().List().Count} hosts, " +
    $"{(await collector.GetJsonAsync("/api/alerts?state=open&limit=10000")).GetArrayLength()} open problems");

await DownsamplingCheck.RunAsync(collector, now);
await DataPathTimer.RunAsync(collector, TimeProvider.System.GetUtcNow(), loads);
var results = await PageTimer.RunAsync(collector, Fleet.Views, loads);
Console.WriteLine();
Console.WriteLine("| view | address | fresh tab, median / worst (ms) | same tab (reload), median / worst (ms) | in-app switch, median / worst (ms) | loads |");
Console.WriteLine("|---|---|--:|--:|--:|--:|");
static string MedianWorst(List<double> times)
{
    var sorted = times.Order().ToList();
    return string.Create(CultureInfo.InvariantCulture, $"{sorted[sorted.Count / 2]:F0} / {sorted[^1]:F0}");
}

foreach (var r in results)
{
    Console.WriteLine($"| {r.View.Name} | `{r.View.Address}` | {MedianWorst(r.FreshTab)} | {MedianWorst(r.SameTab)} | {MedianWorst(r.InApp)} | {r.FreshTab.Count} |");
}
