using System.Diagnostics;
using System.Globalization;
using System.Text;
using Alpi.BenchCommon;
using Alpi.Testing;
using MQTTnet;
using MQTTnet.Protocol;

// Publish → visible, as the dashboard reads it. A collector (in this process: embedded broker, DuckDB, no local agent)
// and one MQTT publisher. Each run publishes (QoS 1) one point with a new value, stamped now, for a host:
//  - value: the clock stops when GET /api/latest?host=H&measurement=latency (the host page's request) returns it;
//  - host: each run's point is the first of a new host; the clock stops when /api/live (the dashboard's
//    Server-Sent Events stream, read here as the page's EventSource does) first lists that host.
// The API is polled every 5 ms. Then the median, min and max over the runs.
//   dotnet run -c Release --project bench/Alpi.LatencyBench -- [runs=30]
// The page itself adds its own refresh period on top: see bench/README.md.
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
Console.WriteLine($"publish → visible: {runs} runs, {LoadAverage.Text()}");
await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Agent:Enabled"] = "false", ["Hotspot:Enabled"] = "false", ["Logging:LogLevel:Microsoft"] = "Warning" });
using var publisher = new MqttClientFactory().CreateMqttClient();
await publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", collector.BrokerPort).WithClientId("latency").Build());
var clock = Stopwatch.StartNew();
var watcher = new LiveHostsWatcher(collector.Http, clock);
using var stop = new CancellationTokenSource();
var watching = watcher.RunAsync(stop.Token);

var toLatest = new List<double>();
var toLive = new List<double>();
for (var run = -1; run < runs; run++)
{
    // Run -1 warms up (JIT of the ingest, store and API paths), and is not counted.
    var host = $"lat{run + 1}";
    var value = 1000 + run + 0.25;
    var nowNs = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
    var started = clock.Elapsed;
    await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"alpi/bench/{host}/metrics")
        .WithPayload(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"latency value={value} {nowNs}\n")))
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
    double? latest = null, live = null;
    while ((latest is null || live is null) && clock.Elapsed - started < TimeSpan.FromSeconds(30))
    {
        if (latest is null)
        {
            var answer = await collector.GetJsonAsync($"/api/latest?host={host}&tenant=bench&measurement=latency&window=1m");
            var series = answer.GetProperty("series");
            if (series.GetArrayLength() > 0 && series[0].GetProperty("value") is { ValueKind: System.Text.Json.JsonValueKind.Number } v && v.GetDouble() == value)
            {
                latest = (clock.Elapsed - started).TotalMilliseconds;
            }
        }

        if (live is null && watcher.FirstSeen(host) is { } seen)
        {
            live = (seen - started).TotalMilliseconds;
        }

        await Task.Delay(5);
    }

    if (latest is null || live is null)
    {
        throw new InvalidOperationException($"run {run}: not visible within 30 s (latest {latest}, live {live})");
    }

    if (run >= 0)
    {
        toLatest.Add(latest.Value);
        toLive.Add(live.Value);
    }

    await Task.Delay(200 + Random.Shared.Next(300));
}

await stop.CancelAsync();
await watching;
var table = new Table("publish → visible", "median ms", "min ms", "max ms", "runs");
foreach (var (name, values) in new[] { ("new value in `/api/latest` (host page's current values)", toLatest), ("new host in `/api/live` `hosts` event (hosts list)", toLive) })
{
    var s = Stats.Of(values);
    table.Row(name, Table.N(s.Median, 0), Table.N(s.Min, 0), Table.N(s.Max, 0), s.Count.ToString(CultureInfo.InvariantCulture));
}

Console.WriteLine();
Console.WriteLine($"{runs} runs, {LoadAverage.Text()} at the end");
Console.WriteLine(table);
