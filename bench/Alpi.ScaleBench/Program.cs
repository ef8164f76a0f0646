using System.Diagnostics;
using System.Globalization;
using Alpi.BenchCommon;

// Scale load test: N simulated agents (one process, one MQTTnet connection each) each publishing 100 series every 10 s,
// their rounds spread evenly over the interval, to one collector running as its own process (embedded broker, DuckDB).
// Every 5 s the collector's RSS and CPU (/proc); every minute a line. At the end: every batch the broker acknowledged
// must be stored — /healthz pointsStored (lines) must equal acknowledged batches × 10 exactly — and the memory after
// the first minute must be flat (the slope of a least-squares line through the RSS samples, and first vs last minute).
//   dotnet run -c Release --project bench/Alpi.ScaleBench -- [--agents 1000] [--minutes 10] [--interval 10] [--collector PATH/Alpi.Collector.dll] [--env NAME=VALUE]...
// --env sets an environment variable of the collector process (DOTNET_gcServer=0…).
var agents = 1000;
var minutes = 10.0;
var interval = TimeSpan.FromSeconds(10);
string? collectorPath = null;
var environment = new Dictionary<string, string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--agents": agents = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--minutes": minutes = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--interval": interval = TimeSpan.FromSeconds(double.Parse(args[++i], CultureInfo.InvariantCulture)); break;
        case "--collector": collectorPath = args[++i]; break;
        case "--env":
            var pair = args[++i].Split('=', 2);
            environment[pair[0]] = pair[1];
            break;
        default: throw new ArgumentException($"unknown argument {args[i]}");
    }
}

Console.WriteLine($"scale: {agents} agents x 100 series every {interval.TotalSeconds} s for {minutes} min, {LoadAverage.Text()}");
using var collector = await CollectorProcess.StartAsync(CollectorProcess.Locate(collectorPath), [], environment);
if (environment.Count > 0)
{
    Console.WriteLine($"  collector environment: {string.Join(' ', environment.Select(e => $"{e.Key}={e.Value}"))}");
}
var simulated = Enumerable.Range(0, agents).Select(i => new SimulatedAgent(i, collector.BrokerPort)).ToArray();
var connecting = Stopwatch.StartNew();
using (var gate = new SemaphoreSlim(50))
{
    await Task.WhenAll(simulated.Select(async a =>
    {
        await gate.WaitAsync();
        try
        {
            await a.ConnectAsync(CancellationToken.None);
        }
        finally
        {
            gate.Release();
        }
    }));
}

Console.WriteLine($"  {agents} connections in {connecting.Elapsed.TotalSeconds:F1} s");
var samples = new List<(double At, ProcessSample Sample)>();
var clock = Stopwatch.StartNew();
var until = TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(minutes);
using var cancel = new CancellationTokenSource();
var running = Task.WhenAll(simulated.Select((a, i) => a.RunAsync(interval, interval * i / agents, until, cancel.Token)));
var nextReport = 60.0;
while (!running.IsCompleted)
{
    await Task.WhenAny(running, Task.Delay(5000));
    var at = clock.Elapsed.TotalSeconds;
    var sample = ProcessSample.Read(collector.Pid) ?? throw new InvalidOperationException("the collector exited");
    samples.Add((at, sample));
    if (at >= nextReport)
    {
        nextReport += 60;
        var health = await collector.HealthAsync();
        var acknowledged = simulated.Sum(a => a.Acknowledged);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {at / 60:F0} min: RSS {sample.RssBytes / 1048576.0:F1} MiB, CPU {sample.CpuSeconds:F1} s; lines stored {health.GetProperty("pointsStored").GetInt64():N0} of {acknowledged * SimulatedAgent.Lines:N0} acknowledged; {LoadAverage.Text()}"));
    }
}

await running;
var expected = simulated.Sum(a => a.Acknowledged) * SimulatedAgent.Lines;
var failures = simulated.Sum(a => a.Failures);
var drain = Stopwatch.StartNew();
long stored;
System.Text.Json.JsonElement last;
do
{
    await Task.Delay(250);
    last = await collector.HealthAsync();
    stored = last.GetProperty("pointsStored").GetInt64();
}
while (stored < expected && drain.Elapsed < TimeSpan.FromMinutes(2));
var final = ProcessSample.Read(collector.Pid)!.Value;
foreach (var a in simulated)
{
    await a.DisconnectAsync();
}

// Memory after the first minute (start-up, JIT, first series) and its trend.
var steady = samples.Where(s => s.At >= Math.Min(60, minutes * 60 / 4)).ToList();
var slope = Slope(steady.Select(s => (s.At / 60, s.Sample.RssBytes / 1048576.0)).ToList());
var firstMinute = Stats.Of(steady.Where(s => s.At < steady[0].At + 60).Select(s => s.Sample.RssBytes / 1048576.0));
var lastMinute = Stats.Of(steady.Where(s => s.At >= steady[^1].At - 60).Select(s => s.Sample.RssBytes / 1048576.0));
// The retention job (every 5 minutes: compaction, rollup) lifts RSS for a minute; the medians of each minute and the
// slope through them say whether the memory between those peaks grows.
var minuteMedians = steady.GroupBy(s => (int)(s.At / 60)).Select(g => (X: (double)g.Key, Y: Stats.Of(g.Select(s => s.Sample.RssBytes / 1048576.0)).Median)).ToList();
var medianSlope = Slope(minuteMedians);
var cpu = 100 * (samples[^1].Sample.CpuSeconds - steady[0].Sample.CpuSeconds) / (samples[^1].At - steady[0].At);
var table = new Table("what", "figure");
table.Row("agents × series, interval", $"{agents:N0} × 100, {interval.TotalSeconds} s ({agents * 100 / interval.TotalSeconds:N0} values/s)");
table.Row("batches acknowledged by the broker / not", $"{expected / SimulatedAgent.Lines:N0} / {failures}");
table.Row("lines stored / expected (lost)", $"{stored:N0} / {expected:N0} ({expected - stored:N0})");
table.Row("series in the store", Table.N(last.GetProperty("series").GetInt64()));
var writes = last.GetProperty("storeWrites").GetInt64();
table.Row("store transactions, lines each (mean)", $"{writes:N0}, {stored / (double)Math.Max(1, writes):N1}");
table.Row("malformed lines, rejected messages, store failures", $"{last.GetProperty("malformedLines").GetInt64()}, {last.GetProperty("rejectedMessages").GetInt64()}, —");
table.Row("collector RSS, first steady minute median (min–max), MiB", Table.Range(firstMinute, 1));
table.Row("collector RSS, last minute median (min–max), MiB", Table.Range(lastMinute, 1));
table.Row("collector RSS trend after warm-up, MiB per minute", Table.N(slope, 2));
table.Row("collector RSS per-minute medians after warm-up, MiB", string.Join(", ", minuteMedians.Select(m => Table.N(m.Y, 0))));
table.Row("collector RSS trend of the per-minute medians, MiB per minute", Table.N(medianSlope, 2));
table.Row("collector RSS highest sample, MiB", Table.N(steady.Max(s => s.Sample.RssBytes) / 1048576.0, 1));
table.Row("collector CPU after warm-up, % of one core", Table.N(cpu, 1));
table.Row("drain after the last publish, s", Table.N(drain.Elapsed.TotalSeconds, 1));
Console.WriteLine();
Console.WriteLine($"{minutes} min, RSS sampled every 5 s ({samples.Count} samples), final RSS {final.RssBytes / 1048576.0:F1} MiB, {LoadAverage.Text()} at the end");
Console.WriteLine(table);
return stored == expected && failures == 0 ? 0 : 1;

static double Slope(List<(double X, double Y)> points)
{
    if (points.Count < 2)
    {
        return double.NaN;
    }

    double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
    var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
    return sxx == 0 ? double.NaN : points.Sum(p => (p.X - mx) * (p.Y - my)) / sxx;
}
