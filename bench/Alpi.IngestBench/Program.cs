using System.Globalization;
using Alpi.BenchCommon;

// Ingest side by side: the same line-protocol payloads into influxd 1.6.7's /write and, over MQTT, into a collector
// on its embedded broker and DuckDB store; P concurrent publishers (MQTT clients, or HTTP clients for influxd) each
// sending B batches of L lines, one at a time. Runs alternate (influxd first in odd runs, ours first in even ones),
// after one warm-up pair that is not counted; prints medians, min, max and the ratio.
//   dotnet run -c Release --project bench/Alpi.IngestBench -- [publishers=4] [batches=250] [lines=500] [runs=3] [--no-peer] [--mosquitto] [--split]
// --no-peer runs ours alone; --mosquitto puts a Mosquitto broker between the publishers and the collector; --split
// times the parser alone and the store alone on the same payloads.
var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var publishers = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 4;
var batches = positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 250;
var lines = positional.Length > 2 ? int.Parse(positional[2], CultureInfo.InvariantCulture) : 500;
var runs = positional.Length > 3 ? int.Parse(positional[3], CultureInfo.InvariantCulture) : 3;
var withPeer = !args.Contains("--no-peer");
var viaMosquitto = args.Contains("--mosquitto");
if (args.Contains("--split"))
{
    await StoreOnly.RunAsync(Payloads.Build(publishers, batches, lines, withTopicTags: false).SelectMany(p => p).ToList());
    return;
}

var total = (long)publishers * batches * lines;
var mqttPayloads = Payloads.Build(publishers, batches, lines, withTopicTags: false);
var httpPayloads = withPeer ? Payloads.Build(publishers, batches, lines, withTopicTags: true) : [];
Console.WriteLine($"ingest: {publishers} publishers x {batches} batches x {lines} lines = {total:N0} points ({total * 4:N0} field values), {LoadAverage.Text()}");
var ours = new List<double>();
var theirs = new List<double>();
var pairRatios = new List<double>();
for (var run = 0; run <= runs; run++)
{
    Console.WriteLine(run == 0 ? "warm-up pair (not counted):" : $"run {run} ({LoadAverage.Text()}):");
    double? peer = null;
    if (withPeer && run % 2 == 1)
    {
        peer = await InfluxIngestRun.RunAsync(httpPayloads, total);
    }

    var mine = await AlpiIngestRun.RunAsync(mqttPayloads, total, viaMosquitto);
    if (withPeer && run % 2 == 0)
    {
        peer = await InfluxIngestRun.RunAsync(httpPayloads, total);
    }

    if (run > 0)
    {
        ours.Add(mine);
        if (peer is { } p)
        {
            theirs.Add(p);
            pairRatios.Add(mine / p);
            Console.WriteLine($"  ratio of this pair: {mine / p:F2}");
        }
    }
}

var alpi = Stats.Of(ours);
var table = new Table("ingest path", "points/s median (min–max)", "runs");
if (withPeer)
{
    var influx = Stats.Of(theirs);
    table.Row("influxd 1.6.7 `/write` (HTTP)", Table.Range(influx), runs.ToString(CultureInfo.InvariantCulture));
    table.Row(viaMosquitto ? "Alpi: MQTT via Mosquitto → DuckDB" : "Alpi: MQTT → embedded broker → DuckDB", Table.Range(alpi), runs.ToString(CultureInfo.InvariantCulture));
    table.Row("ratio Alpi / influxd: of the medians; median (min–max) of the pairs", $"{Table.N(alpi.Median / influx.Median, 2)}; {Table.Range(Stats.Of(pairRatios), 2)}", "");
}
else
{
    table.Row(viaMosquitto ? "Alpi: MQTT via Mosquitto → DuckDB" : "Alpi: MQTT → embedded broker → DuckDB", Table.Range(alpi), runs.ToString(CultureInfo.InvariantCulture));
}

Console.WriteLine();
Console.WriteLine($"{publishers} publishers x {batches} batches x {lines} lines, {LoadAverage.Text()} at the end");
Console.WriteLine(table);
