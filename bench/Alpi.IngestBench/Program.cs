using System.Diagnostics;
using System.Globalization;
using System.Text;
using Alpi.Testing;
using MQTTnet;
using MQTTnet.Protocol;

// End-to-end ingest rate: P publishers each send B batches of L lines (QoS 1) to a collector on its embedded
// broker; the clock stops when /healthz reports every point stored (committed, then acknowledged).
//   dotnet run -c Release --project bench/Alpi.IngestBench -- [publishers=4] [batches=50] [lines=5000] [runs=3] [--mosquitto] [--split]
// --mosquitto uses a Mosquitto broker started on a free port instead of the embedded one; --split times the parser
// and the store alone on the same payloads.
var publishers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4;
var batches = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
var lines = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5000;
var runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
if (args.Contains("--split"))
{
    await StoreOnly.RunAsync(Enumerable.Range(0, publishers).SelectMany(p => Enumerable.Range(0, batches).Select(b => Payload(p, b, lines))).ToList());
    return;
}

var rates = new List<double>();
for (var run = 0; run < runs; run++)
{
    using var mosquitto = args.Contains("--mosquitto") ? await MosquittoBroker.StartAsync() : null;
    var settings = new Dictionary<string, string?> { ["Agent:Enabled"] = "false" };
    if (Environment.GetEnvironmentVariable("INGEST_TRACE") == "1")
    {
        settings["Logging:LogLevel:Alpi.Collector.Ingest"] = "Trace";
        settings["Logging:Console:TimestampFormat"] = "HH:mm:ss.fff ";
    }
    if (mosquitto is not null)
    {
        settings["Collector:Broker:Embedded"] = "false";
    }

    await using var collector = await CollectorHarness.StartAsync(settings, mosquitto?.Port);
    var payloads = Enumerable.Range(0, publishers).Select(p => Enumerable.Range(0, batches).Select(b => Payload(p, b, lines)).ToArray()).ToArray();
    var total = (long)publishers * batches * lines;
    var clients = new List<IMqttClient>();
    for (var p = 0; p < publishers; p++)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", collector.BrokerPort).WithClientId($"bench-{p}").Build());
        clients.Add(client);
    }

    var clock = Stopwatch.StartNew();
    await Task.WhenAll(clients.Select(async (client, p) =>
    {
        foreach (var payload in payloads[p])
        {
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"alpi/bench/host{p}/metrics")
                .WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }
    }));
    var published = clock.Elapsed;
    long stored;
    do
    {
        await Task.Delay(20);
        stored = (await collector.GetJsonAsync("/healthz")).GetProperty("pointsStored").GetInt64();
    }
    while (stored < total && clock.Elapsed < TimeSpan.FromMinutes(5));
    clock.Stop();
    var rate = stored / clock.Elapsed.TotalSeconds;
    var writes = (await collector.GetJsonAsync("/healthz")).GetProperty("storeWrites").GetInt64();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {writes} store transactions, {stored / Math.Max(1, writes):N0} points each; publishing took {published.TotalSeconds:F2} s"));
    rates.Add(rate);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run + 1}: {stored:N0} of {total:N0} points in {clock.Elapsed.TotalSeconds:F2} s = {rate:N0} points/s"));
    foreach (var client in clients)
    {
        client.Dispose();
    }
}

rates.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ingest, {publishers} publishers x {batches} batches x {lines} lines: median {rates[rates.Count / 2]:N0} points/s (min {rates[0]:N0}, max {rates[^1]:N0})"));

static byte[] Payload(int publisher, int batch, int lines)
{
    var text = new StringBuilder(lines * 110);
    var baseNs = 1_764_000_000_000_000_000L + (batch * (long)lines * 1_000_000_000L);
    for (var i = 0; i < lines; i++)
    {
        text.Append(CultureInfo.InvariantCulture,
            $"cpu,cpu=cpu{i % 16},site=s{publisher} usage_user={i % 100}.5,usage_system={i % 7}.25,usage_idle=80.0,usage_iowait=1.5 {baseNs + (i * 1_000_000_000L)}\n");
    }

    return Encoding.UTF8.GetBytes(text.ToString());
}
