using System.Diagnostics;
using System.Globalization;
using Alpi.BenchCommon;
using Alpi.Testing;
using MQTTnet;

// Agent footprint side by side, both running at the same time for the same minutes:
//  - our agent (Alpi.Agent, 10 s interval, its default collectors and disk buffer) publishing to a Mosquitto broker;
//  - Debian's prometheus-node-exporter (default collectors), scraped by this harness every 10 s.
// Every second, /proc/PID/status VmRSS and /proc/PID/stat utime+stime of each; after the warm-up (the first minute,
// or the first fifth of a shorter run) prints RSS median/max and CPU, and the ratios.
//   dotnet run -c Release --project bench/Alpi.FootprintBench -- [--minutes 10] [--agent PATH] [--label TEXT] [--env NAME=VALUE]...
// --agent: the agent to run, a .dll (run with `dotnet`) or a native executable (a Native AOT publish); default the
// Alpi.Agent.dll built beside this harness. --env sets an environment variable of the agent (DOTNET_gcServer=1…).
var minutes = 10.0;
string? agentPath = null;
var label = "Alpi.Agent";
var environment = new Dictionary<string, string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--minutes": minutes = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--agent": agentPath = Path.GetFullPath(args[++i]); break;
        case "--label": label = args[++i]; break;
        case "--env":
            var pair = args[++i].Split('=', 2);
            environment[pair[0]] = pair[1];
            break;
        default: throw new ArgumentException($"unknown argument {args[i]}");
    }
}

agentPath ??= Path.Combine(AppContext.BaseDirectory, "Alpi.Agent.dll");
const string NodeExporter = "/usr/bin/prometheus-node-exporter";
if (!File.Exists(NodeExporter))
{
    Console.Error.WriteLine($"{NodeExporter} is missing: apt-get install prometheus-node-exporter");
    return 2;
}

var interval = TimeSpan.FromSeconds(10);
var warmUp = Math.Min(60, minutes * 60 / 5);
Console.WriteLine($"footprint: {label} ({agentPath}) vs prometheus-node-exporter, {minutes} min, 10 s interval, {LoadAverage.Text()}");

using var broker = await MosquittoBroker.StartAsync();
using var data = new TempDirectory("alpi-footprint");

// Count what the agent publishes, to show it works (and how much it sends).
using var subscriber = new MqttClientFactory().CreateMqttClient();
long batches = 0, lines = 0;
subscriber.ApplicationMessageReceivedAsync += e =>
{
    if (e.ApplicationMessage.Topic.EndsWith("/metrics", StringComparison.Ordinal))
    {
        Interlocked.Increment(ref batches);
        var count = 0L;
        foreach (var b in e.ApplicationMessage.Payload)
        {
            count += b.Span.Count((byte)'\n');
        }

        Interlocked.Add(ref lines, count);
    }

    return Task.CompletedTask;
};
await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).Build());
await subscriber.SubscribeAsync("alpi/bench/#");

var agentInfo = agentPath.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet", [agentPath]) : new ProcessStartInfo(agentPath);
foreach (var option in new[] { $"--Agent:Broker:Port={broker.Port}", "--Agent:Tenant=bench", "--Agent:Host=footprint", "--Agent:Interval=00:00:10", $"--Agent:DataDirectory={data.Path}", "--Logging:LogLevel:Default=Warning" })
{
    agentInfo.ArgumentList.Add(option);
}

foreach (var (name, value) in environment)
{
    agentInfo.Environment[name] = value;
}

var exporterPort = FreePort.Tcp();
var exporterInfo = new ProcessStartInfo(NodeExporter, [$"--web.listen-address=127.0.0.1:{exporterPort}", "--log.level=warn"]);
var agent = PeerProcess.Start(agentInfo, line => Console.WriteLine($"  agent: {line}"));
var exporter = PeerProcess.Start(exporterInfo);
try
{
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
    var scrapes = 0;
    var samplesPerScrape = 0;
    var scraping = Task.Run(async () =>
    {
        await Task.Delay(500);
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{exporterPort}/metrics"));
                samplesPerScrape = text.Split('\n').Count(l => l.Length > 0 && l[0] != '#');
                scrapes++;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
        }
        while (await timer.WaitForNextTickAsync() && !agent.HasExited);
    });

    var ours = new FootprintSeries(label);
    var theirs = new FootprintSeries("prometheus-node-exporter");
    var clock = Stopwatch.StartNew();
    var end = TimeSpan.FromMinutes(minutes);
    var nextReport = 60.0;
    while (clock.Elapsed < end)
    {
        await Task.Delay(1000 - (int)(clock.ElapsedMilliseconds % 1000));
        var at = clock.Elapsed.TotalSeconds;
        if (ProcessSample.Read(agent.Id) is not { } a || ProcessSample.Read(exporter.Id) is not { } e)
        {
            throw new InvalidOperationException($"a process exited: agent {agent.HasExited}, node-exporter {exporter.HasExited}");
        }

        ours.Add(at, a);
        theirs.Add(at, e);
        if (at >= nextReport)
        {
            nextReport += 60;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {at / 60:F0} min: agent {a.RssBytes / 1048576.0:F1} MiB, {a.CpuSeconds:F2} s CPU; node-exporter {e.RssBytes / 1048576.0:F1} MiB, {e.CpuSeconds:F2} s CPU; {LoadAverage.Text()}"));
        }
    }

    var ourRss = ours.RssMiB(warmUp);
    var theirRss = theirs.RssMiB(warmUp);
    double ourCpu = ours.CpuPercent(warmUp), theirCpu = theirs.CpuPercent(warmUp);
    var table = new Table("process", "RSS MiB median (min–max)", "CPU % of a core after warm-up", "CPU s in all (start-up included)", "what it produced");
    table.Row(label, Table.Range(ourRss, 1), Table.N(ourCpu, 3), Table.N(ours.TotalCpuSeconds, 2),
        $"{Interlocked.Read(ref batches)} batches, {Interlocked.Read(ref lines)} lines");
    table.Row("prometheus-node-exporter 1.5.0", Table.Range(theirRss, 1), Table.N(theirCpu, 3), Table.N(theirs.TotalCpuSeconds, 2),
        $"{scrapes} scrapes, {samplesPerScrape} samples each");
    table.Row("ratio Alpi / node-exporter", $"{Table.N(ourRss.Median / theirRss.Median, 2)} (max {Table.N(ourRss.Max / theirRss.Max, 2)})", Table.N(ourCpu / theirCpu, 2), Table.N(ours.TotalCpuSeconds / theirs.TotalCpuSeconds, 2), "");
    Console.WriteLine();
    Console.WriteLine($"{minutes} min, samples every second, warm-up {warmUp:F0} s left out, {LoadAverage.Text()} at the end");
    Console.WriteLine(table);
    return 0;
}
finally
{
    PeerProcess.Stop(agent);
    PeerProcess.Stop(exporter);
}
