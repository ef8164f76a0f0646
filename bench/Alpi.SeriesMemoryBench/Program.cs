using System.Diagnostics;
using System.Globalization;
using Alpi.BenchCommon;
using Alpi.Testing;
using MQTTnet;
using MQTTnet.Protocol;

// Collector memory per active series. A collector (in this process: embedded broker, DuckDB store, no local agent)
// receives over MQTT distinct series in steps — by default 10,000, then up to 100,000, then up to 1,000,000 — as hosts of
// 100 series each (alpi/bench/hN/metrics), a few points per series. After each step, once /healthz reports every point
// stored: a full compacting GC, then the managed heap (GC.GetTotalMemory after collection, GC heap size) and the
// process RSS; bytes per series from the growth between steps. The harness itself keeps nothing per series (payloads
// are built, sent and dropped), so the growth is the collector's.
// Also after each step: how long one GET /healthz and one GET /api/latest of one host take (the median of 5).
//   dotnet run -c Release --project bench/Alpi.SeriesMemoryBench -- [steps=10000,100000,1000000] [points=3] [publishers=4] [--hold SECONDS]
// --hold keeps the process (and its heap) alive at the end, e.g. for `dotnet-gcdump collect -p PID`.
var hold = Array.IndexOf(args, "--hold") is var h and >= 0 ? int.Parse(args[h + 1], CultureInfo.InvariantCulture) : 0;
args = args.Where((a, i) => a != "--hold" && (i == 0 || args[i - 1] != "--hold")).ToArray();
var steps = (args.Length > 0 ? args[0] : "10000,100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var points = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var publishers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
Console.WriteLine($"series memory: steps {string.Join(", ", steps)} series, {points} points each, {LoadAverage.Text()}; GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");

await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Agent:Enabled"] = "false", ["Hotspot:Enabled"] = "false", ["Logging:LogLevel:Microsoft"] = "Warning" });
var clients = new List<IMqttClient>();
for (var p = 0; p < publishers; p++)
{
    var client = new MqttClientFactory().CreateMqttClient();
    await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", collector.BrokerPort).WithClientId($"series-{p}").Build());
    clients.Add(client);
}

var baseline = Measure();
var seriesBefore = (await collector.GetJsonAsync("/healthz")).GetProperty("series").GetInt64();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  start: {seriesBefore} series, heap {baseline.Heap / 1048576.0:F1} MiB, RSS {baseline.Rss / 1048576.0:F1} MiB"));
var table = new Table("series", "hosts", "managed heap after full GC, MiB", "RSS, MiB", "heap bytes/series (step)", "RSS bytes/series (step)", "publish+store s", "`/healthz` ms", "`/api/latest` of a host ms", "load average");
var hosts = 0;
var stored = 0L;
var previous = (Series: 0L, baseline.Heap, baseline.Rss);
foreach (var step in steps)
{
    var targetHosts = step / SeriesPayload.SeriesPerHost;
    var load = LoadAverage.OneMinute();
    var clock = Stopwatch.StartNew();
    var next = hosts;
    await Task.WhenAll(clients.Select(async client =>
    {
        while (true)
        {
            var host = Interlocked.Increment(ref next) - 1;
            if (host >= targetHosts)
            {
                return;
            }

            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"alpi/bench/h{host}/metrics")
                .WithPayload(SeriesPayload.For(host, points, 1_764_000_000_000_000_000L)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }
    }));
    stored += (long)(targetHosts - hosts) * points * SeriesPayload.LinesPerPoint;
    hosts = targetHosts;
    long pointsStored;
    do
    {
        await Task.Delay(100);
        pointsStored = (await collector.GetJsonAsync("/healthz")).GetProperty("pointsStored").GetInt64();
    }
    while (pointsStored < stored && clock.Elapsed < TimeSpan.FromMinutes(30));
    var elapsed = clock.Elapsed.TotalSeconds;
    var series = (await collector.GetJsonAsync("/healthz")).GetProperty("series").GetInt64() - seriesBefore;
    var healthMs = await MedianMsAsync(() => collector.GetJsonAsync("/healthz"));
    var latestMs = await MedianMsAsync(() => collector.GetJsonAsync("/api/latest?tenant=bench&host=h0&window=7d"));
    var now = Measure();
    var added = series - previous.Series;
    table.Row(Table.N(series), Table.N(hosts), Table.N(now.Heap / 1048576.0, 1), Table.N(now.Rss / 1048576.0, 1),
        Table.N((now.Heap - previous.Heap) / (double)added), Table.N((now.Rss - previous.Rss) / (double)added), Table.N(elapsed, 1),
        Table.N(healthMs, 0), Table.N(latestMs, 0), Table.N(load, 1));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {series:N0} series ({pointsStored:N0} lines stored) in {elapsed:F1} s: heap {now.Heap / 1048576.0:F1} MiB, RSS {now.Rss / 1048576.0:F1} MiB; {LoadAverage.Text()}"));
    previous = (series, now.Heap, now.Rss);
}

foreach (var client in clients)
{
    client.Dispose();
}

Console.WriteLine();
Console.WriteLine($"{points} points per series, 100 series per host; {LoadAverage.Text()} at the end");
Console.WriteLine(table);
if (hold > 0)
{
    Console.WriteLine($"holding for {hold} s: dotnet-gcdump collect -p {Environment.ProcessId}");
    await Task.Delay(TimeSpan.FromSeconds(hold));
}

static async Task<double> MedianMsAsync(Func<Task> request)
{
    var times = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        var clock = Stopwatch.StartNew();
        await request();
        times.Add(clock.Elapsed.TotalMilliseconds);
    }

    return Stats.Of(times).Median;
}

static (long Heap, long Rss) Measure()
{
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    var heap = GC.GetTotalMemory(forceFullCollection: true);
    return (heap, ProcessSample.Read(Environment.ProcessId)!.Value.RssBytes);
}
