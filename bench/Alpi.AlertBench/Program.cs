using System.Diagnostics;
using System.Globalization;
using System.Text;
using Alpi.Testing;
using MQTTnet;
using MQTTnet.Protocol;

// Alerting at scale, in a real collector (embedded broker, DuckDB, alerts.db) started in-process on free ports:
// (a) H hosts x 10 series (measurements m0..m9, field value, tag grp = g<host/10>), 3 points each over MQTT, and a
//     generated rule file of R threshold rules; the evaluation tick's own figure (/healthz alerting.lastEvaluationMs)
//     over T ticks. Rule r reads m<r%10> of group g<(r/10)%groups> (10 series; --broad: no tag, every host's series),
//     function last for the first half, avg for the second; all `above: 90`, `for: 0s`.
// (b) publish -> e-mail: one point of 99 on m0 of a host over MQTT; the clock stops when Postfix's smtp-sink has
//     written the FIRING e-mail (polled every 5 ms). The first alert after start (cold), then W warm crossings on other hosts.
//   dotnet run -c Release --project bench/Alpi.AlertBench -- [hosts=1000] [rules=2000] [ticks=6] [warm=7] [interval=5] [--broad]
var hosts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var ruleCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
var ticks = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 6;
var warm = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 7;
var interval = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 5;
var broad = args.Contains("--broad");
const int SeriesPerHost = 10;
var groups = Math.Max(1, hosts / 10);

using var sink = await SmtpSink.StartAsync();
using var folder = new TempDirectory("alpi-alertbench");
var rulesPath = Path.Combine(folder.Path, "rules.yaml");
// Start with one rule on another measurement: loading the data must not run 2,000 rules per host at ingest.
await File.WriteAllTextAsync(rulesPath, "rules:\n  - name: idle\n    kind: threshold\n    measurement: none\n    field: value\n    window: 5m\n    above: 90\n");
await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
{
    ["Agent:Enabled"] = "false",
    ["Collector:Alerting:RulesFile"] = rulesPath,
    ["Collector:Alerting:EvaluationInterval"] = TimeSpan.FromSeconds(interval).ToString("c", CultureInfo.InvariantCulture),
    ["Collector:Alerting:Email:Host"] = "127.0.0.1",
    ["Collector:Alerting:Email:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
    ["Collector:Alerting:Email:Security"] = "None",
    ["Collector:Alerting:Email:From"] = "alpi@bench.test",
    ["Collector:Alerting:Email:To:0"] = "astreinte@bench.test",
});
using var publisher = new MqttClientFactory().CreateMqttClient();
await publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", collector.BrokerPort).WithClientId("alertbench").Build());

// (a) the data, then the rules.
var clock = Stopwatch.StartNew();
var nowNs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000L;
for (var h = 0; h < hosts; h++)
{
    var text = new StringBuilder();
    for (var s = 0; s < SeriesPerHost; s++)
    {
        for (var p = 0; p < 3; p++)
        {
            text.Append(CultureInfo.InvariantCulture, $"m{s},grp=g{h / 10} value={10 + ((h + s + p) % 20)} {nowNs - ((3 - p) * 10_000_000_000L)}\n");
        }
    }

    await PublishAsync($"host{h}", text.ToString());
}

var expected = (long)hosts * SeriesPerHost * 3;
while ((await collector.GetJsonAsync("/healthz")).GetProperty("pointsStored").GetInt64() < expected && clock.Elapsed < TimeSpan.FromMinutes(2))
{
    await Task.Delay(50);
}

var health = await collector.GetJsonAsync("/healthz");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"loaded {hosts * SeriesPerHost:N0} series ({health.GetProperty("pointsStored").GetInt64():N0} points) from {hosts:N0} hosts in {clock.Elapsed.TotalSeconds:F1} s"));

var yaml = new StringBuilder("rules:\n");
for (var r = 0; r < ruleCount; r++)
{
    yaml.Append(CultureInfo.InvariantCulture, $"  - name: r{r:D4}\n    kind: threshold\n    measurement: m{r % SeriesPerHost}\n    field: value\n");
    if (!broad)
    {
        yaml.Append(CultureInfo.InvariantCulture, $"    tags: {{ grp: g{r / SeriesPerHost % groups} }}\n");
    }

    yaml.Append(CultureInfo.InvariantCulture, $"    function: {(r < ruleCount / 2 ? "last" : "avg")}\n    window: 5m\n    above: 90\n    recover: 80\n    for: 0s\n    severity: warning\n");
}

await File.WriteAllTextAsync(rulesPath, yaml.ToString());
var alerting = await WaitForTickAsync(0);
while (alerting.GetProperty("rules").GetInt32() != ruleCount)
{
    alerting = await WaitForTickAsync(alerting.GetProperty("evaluations").GetInt64());
}

var errors = alerting.GetProperty("ruleErrors");
if (errors.GetArrayLength() > 0)
{
    Console.WriteLine("rule errors: " + errors);
    return 1;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"rules loaded: {ruleCount:N0} ({(broad ? $"each over all {hosts:N0} hosts' series" : "each over 10 series")}); reload tick {alerting.GetProperty("lastEvaluationMs").GetDouble():N0} ms"));
var costs = new List<double>();
var starts = new List<DateTimeOffset>();
for (var t = 0; t < ticks; t++)
{
    alerting = await WaitForTickAsync(alerting.GetProperty("evaluations").GetInt64());
    var ms = alerting.GetProperty("lastEvaluationMs").GetDouble();
    costs.Add(ms);
    starts.Add(alerting.GetProperty("lastEvaluation").GetDateTimeOffset());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  tick {t + 1}: {ms:N0} ms, {alerting.GetProperty("openAlerts").GetInt32()} open alerts"));
}

if (starts.Count > 1)
{
    // Share of the time the tick holds the engine's lock (which ingest-time evaluation waits for).
    var busy = costs.Take(costs.Count - 1).Sum() / (starts[^1] - starts[0]).TotalMilliseconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ticks start every {(starts[^1] - starts[0]).TotalSeconds / (starts.Count - 1):F1} s on average; busy {busy:P0} of the time"));
}

costs.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"tick cost, {hosts * SeriesPerHost:N0} series x {ruleCount:N0} rules: median {costs[costs.Count / 2]:N0} ms (min {costs[0]:N0}, max {costs[^1]:N0}) over {costs.Count} ticks, every {interval} s"));

// (b) publish -> e-mail, for: 0s.
var latencies = new List<double>();
for (var i = 0; i <= warm; i++)
{
    var h = (1 + (i * 37)) % hosts;
    var ms = await CrossAsync(h);
    if (i == 0)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold (first alert after start), host{h}: {ms:N0} ms"));
    }
    else
    {
        latencies.Add(ms);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  warm {i}, host{h}: {ms:N0} ms"));
    }

    await Task.Delay(Random.Shared.Next(300, 1500));
}

if (latencies.Count > 0)
{
    latencies.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"publish -> e-mail, warm: median {latencies[latencies.Count / 2]:N0} ms (min {latencies[0]:N0}, max {latencies[^1]:N0}) over {latencies.Count} crossings"));
}

return 0;

async Task PublishAsync(string host, string lines) =>
    await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"alpi/bench/{host}/metrics")
        .WithPayload(Encoding.UTF8.GetBytes(lines)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

async Task<System.Text.Json.JsonElement> WaitForTickAsync(long after)
{
    var deadline = Stopwatch.StartNew();
    while (true)
    {
        var status = (await collector.GetJsonAsync("/healthz")).GetProperty("alerting");
        if (status.GetProperty("evaluations").GetInt64() > after || deadline.Elapsed > TimeSpan.FromMinutes(5))
        {
            return status;
        }

        await Task.Delay(50);
    }
}

async Task<double> CrossAsync(int h)
{
    var marker = $"on bench/host{h}";
    var mails = sink.Messages().Count;
    var watch = Stopwatch.StartNew();
    await PublishAsync($"host{h}", $"m0,grp=g{h / 10} value=99 {TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000L}\n");
    while (!sink.Messages().Skip(mails).Any(m => m.Contains("FIRING", StringComparison.Ordinal) && m.Contains(marker, StringComparison.Ordinal)))
    {
        if (watch.Elapsed > TimeSpan.FromSeconds(60))
        {
            Console.WriteLine($"no e-mail for host{h} within 60 s");
            return double.NaN;
        }

        await Task.Delay(5);
    }

    return watch.Elapsed.TotalMilliseconds;
}
