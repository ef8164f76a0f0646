using System.Diagnostics;
using System.Globalization;
using System.Net;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.Manager;
using Alpi.Testing;

// Walks the whole MIB tree of a test snmpd (started here on a free loopback port) with net-snmp's snmpbulkwalk and
// with our SnmpClient, same version, community and max-repetitions, alternating, and prints medians and the ratio.
//   dotnet run -c Release --project bench/Alpi.SnmpBench -- [runs=7] [maxRepetitions=10]
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
var maxRepetitions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
using var snmpd = await SnmpdAgent.StartAsync();
await using var client = new SnmpClient();
var target = new SnmpTarget(new IPEndPoint(IPAddress.Loopback, snmpd.Port), SnmpVersion.V2c, SnmpdAgent.Community, null, TimeSpan.FromSeconds(2), 2);
var root = Oid.Parse("1.3.6.1");
var ours = new List<double>();
var theirs = new List<double>();
int ourCount = 0, theirCount = 0;
for (var run = 0; run <= runs; run++)
{
    var clock = Stopwatch.StartNew();
    var (_, output) = await NetSnmpTool.RunAsync("snmpbulkwalk", "-On", "-v2c", "-c", SnmpdAgent.Community, $"-Cr{maxRepetitions}", snmpd.Target, "1.3.6.1");
    var peer = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    var walk = await client.WalkAsync(target, root, new SnmpWalkOptions(MaxRepetitions: maxRepetitions));
    var mine = clock.Elapsed.TotalMilliseconds;
    if (run == 0)
    {
        continue; // warm-up: JIT, snmpd caches
    }

    theirs.Add(peer);
    ours.Add(mine);
    theirCount = output.Split('\n').Count(l => l.StartsWith('.'));
    ourCount = walk.Varbinds.Count;
}

ours.Sort();
theirs.Sort();
var ratio = ours[ours.Count / 2] / theirs[theirs.Count / 2];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"bulk walk of .1.3.6.1, -Cr{maxRepetitions}, {runs} runs: snmpbulkwalk median {theirs[theirs.Count / 2]:F1} ms ({theirCount} varbinds, min {theirs[0]:F1}, max {theirs[^1]:F1}); " +
    $"Alpi median {ours[ours.Count / 2]:F1} ms ({ourCount} varbinds, min {ours[0]:F1}, max {ours[^1]:F1}); ratio {ratio:F2}"));
