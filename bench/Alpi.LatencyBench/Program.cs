using System.Diagnostics;
using System.Globalization;
using System.Text;
using Alpi.BenchCommon;
using Alpi.Testing;
using MQTTnet;
using MQTTnet.Protocol;

// Publish → visible, as the dashboard reads it. A collector (in this process: embedded broker, DuckDB, no local agent)
// and one MQTT publisher. Each run publishes (QoS 1) one point with a new value, stamped now, for a new host, then:
//  - API: GET /api/latest?host=H&measurement=latency (the host page's request), every 5 ms, until it returns the value;
//  - page: as the host page does (parts.js latestValues): when /api/live (the dashboard's Server-Sent Events stream,
//    read here as the page reads it) sends a `stored` event naming the host, one GET /api/latest — the clock stops when
//    that answer holds the value;
//  - hosts list: when /api/live first lists the new host in a `hosts` event.
// Then the median, min and max over the runs.
//   dotnet run -c Release --project bench/Alpi.LatencyBench -- [runs=30]
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
Console.WriteLine($"publish → visible: {runs} runs, {LoadAverage.Text()}");
await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Agent:Enabled"] = "false", ["Hotspot:Enabled"] = "false", ["Logging:LogLevel:Microsoft"] = "Warning" });
using var publisher = new MqttClientFactory().CreateMqttClient();
await publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", collector.BrokerPort).WithClientId("latency").Build());
var clock = Stopwatch.StartNew();
var watcher = new LiveHostsWatcher(collector.Http, clock);
using var stop = new CancellationTokenSource();
var watching = watcher.RunAsync(stop.Token);
await watcher.Ready.WaitAsync(TimeSpan.FromSeconds(30));

var toLatest = new List<double>();
var toLive = new List<double>();
var toPage = new List<double>();
for (var run = -1; run < runs; run++)
{
    // Run -1 warms up (JIT of the ingest, store and API paths), and is not counted.
    var host = $"lat{run + 1}";
    var value = 1000 + run + 0.25;
    var nowNs = (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
    var started = clock.Elapsed;
    await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"alpi/bench/{host}/metrics")
        .WithPayload(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"latency value={value} {nowNs}\n")))
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
    double? latest = null, live = null, page = null;
    while ((latest is null || live is null || page is null) && clock.Elapsed - started < TimeSpan.FromSeconds(30))
    {
        if (page is null && watcher.FirstStored(host) is not null)
        {
            // The page's refresh on the `stored` cue: one request.
            if (await HoldsAsync(collector, host, value))
            {
                page = (clock.Elapsed - started).TotalMilliseconds;
            }
            else
            {
                throw new InvalidOperationException($"run {run}: the stored event came before the value could be read");
            }
        }

        if (latest is null && await HoldsAsync(collector, host, value))
        {
            latest = (clock.Elapsed - started).TotalMilliseconds;
        }

        if (live is null && watcher.FirstSeen(host) is { } seen)
        {
            live = (seen - started).TotalMilliseconds;
        }

        await Task.Delay(5);
    }

    if (latest is null || live is null || page is null)
    {
        throw new InvalidOperationException($"run {run}: not visible within 30 s (latest {latest}, live {live}, page {page})");
    }

    if (run >= 0)
    {
        toLatest.Add(latest.Value);
        toLive.Add(live.Value);
        toPage.Add(page.Value);
    }

    await Task.Delay(200 + Random.Shared.Next(300));
}

await stop.CancelAsync();
await watching;
var table = new Table("publish → visible", "median ms", "min ms", "max ms", "runs");
foreach (var (name, values) in new[]
{
    ("new value in `/api/latest`, polled every 5 ms", toLatest),
    ("new value on the host page: `/api/live` `stored` event, then one `/api/latest`", toPage),
    ("new host in `/api/live` `hosts` event (hosts list)", toLive),
})
{
    var s = Stats.Of(values);
    table.Row(name, Table.N(s.Median, 0), Table.N(s.Min, 0), Table.N(s.Max, 0), s.Count.ToString(CultureInfo.InvariantCulture));
}

Console.WriteLine();
Console.WriteLine($"{runs} runs, {LoadAverage.Text()} at the end");
Console.WriteLine(table);

static async Task<bool> HoldsAsync(CollectorHarness collector, string host, double value)
{
    var answer = await collector.GetJsonAsync($"/api/latest?host={host}&tenant=bench&measurement=latency&window=1m");
    var series = answer.GetProperty("series");
    return series.GetArrayLength() > 0 && series[0].GetProperty("value") is { ValueKind: System.Text.Json.JsonValueKind.Number } v && v.GetDouble() == value;
}
