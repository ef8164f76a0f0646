using System.Diagnostics;
using System.Globalization;
using Alpi.BenchCommon;
using Alpi.Collector;
using Alpi.Collector.Storage;
using Alpi.Collector.Storage.DuckDb;
using Alpi.Collector.Storage.Retention;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// A host page's charts read from the embedded store laid out as a running collector lays it out, before and after the
// long sorted parts (DuckDbTimeSeriesStore.PartMerging.cs). HOSTS hosts of 100 numeric series each (Telegraf's cpu-total,
// 6 disks, 2 interfaces, mem, load and 84 kernel fields), written in time order through the store.
// 1. Raw points: HOURS hours every 10 s; every 5 minutes of that time the store compacts what is 5 minutes old, as the
//    rollup job does in steady state (one sorted part per 5 minutes). The host page's five chart reads for one host over
//    24 h (144 s steps, as the page asks at 600 px) are timed READS times each before and after MergeHoursAsync.
// 2. Aggregates: 7 days, one point per series every 5 minutes (the aggregates hold one row per series and bucket
//    whatever the raw rate), the rollup job run every hour of that time (rollup, then the merges: the day parts come out
//    the same whatever the job's cadence). The five chart reads over 7 days (1,008 s steps: from the aggregates) are
//    timed in day parts as the job left them, then with the rows put back in the order the job's runs append them every
//    5 minutes in steady state (by bucket, then series), the layout before day parts.
//   dotnet run -c Release --project bench/Alpi.ChartReadBench -- [hosts=50] [hours=24] [reads=15]
var hosts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
var hours = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 24;
var reads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 15;
const long S = 1_000_000_000L;
const long M = 60 * S;
const long H = 60 * M;
const long D = 24 * H;
const long Now = 1_800_000_000L * S; // 2027-01-15T08:00:00Z, a whole hour
Console.WriteLine($"load average at the start: {LoadAverage.Text()}");

// 1. Raw points, hour parts.
var table = new Table("chart read (one host)", "before, ms", "after, ms", "ratio");
using (var folder = new TempDirectory("alpi-chartreadbench"))
using (var store = await OpenAsync(folder.Path))
{
    var load = Stopwatch.StartNew();
    long values = 0;
    for (var part = Now - (hours * H); part < Now; part += 5 * M)
    {
        values += await store.WriteAsync(Points(hosts, part, part + (5 * M), 10 * S), CancellationToken.None);
        await store.CompactAsync(part, CancellationToken.None); // what was 5 minutes old when this part's time ended
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"raw: loaded {values:N0} values ({hosts} hosts x 100 series x {hours} h every 10 s, compacted every 5 minutes) in {load.Elapsed.TotalSeconds:F0} s"));
    var charts = Charts("h0", Now - (24 * H), Now, 144 * S);
    var before = await TimeChartsAsync(store, charts, reads, (Math.Min(hours, 24) * 25) - 2);
    var merge = Stopwatch.StartNew();
    var merged = await store.MergeHoursAsync(Now - (5 * M), CancellationToken.None);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw: merged {merged:N0} values into hour parts in {merge.Elapsed.TotalSeconds:F1} s (all {hours - 1} closed hours at once: a catch-up)"));
    var after = await TimeChartsAsync(store, charts, reads, (Math.Min(hours, 24) * 25) - 2);
    AddRows(table, "24 h, 144 s steps: 5-minute parts → hour parts", charts, before, after);
}

// 2. Aggregates, day parts.
using (var folder = new TempDirectory("alpi-chartreadbench-days"))
using (var store = await OpenAsync(folder.Path))
{
    var retention = new RetentionOptions { RawRetentionDays = 30, RollupRetentionDays = 365, Delay = TimeSpan.FromMinutes(1) };
    var load = Stopwatch.StartNew();
    long values = 0;
    for (var part = Now - (7 * D); part < Now; part += H)
    {
        values += await store.WriteAsync(Points(hosts, part, part + H, 5 * M), CancellationToken.None);
        await store.RunRollupAsync(DateTimeOffset.UnixEpoch.AddTicks((part + H) / 100), retention, CancellationToken.None);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"aggregates: loaded {values:N0} values ({hosts} hosts x 100 series x 7 days every 5 minutes, the rollup job every hour) in {load.Elapsed.TotalSeconds:F0} s"));
    var charts = Charts("h0", Now - (7 * D), Now, 1008 * S);
    var after = await TimeChartsAsync(store, charts, reads, 598);
    var put = Stopwatch.StartNew();
    await ExecuteAsync(folder.Path, """
        INSERT INTO rollup_5m_recent SELECT * FROM rollup_5m_daily ORDER BY bucket, series_id;
        DELETE FROM rollup_5m_daily;
        CHECKPOINT;
        """);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"aggregates: put back in the rollup runs' order in {put.Elapsed.TotalSeconds:F1} s"));
    var before = await TimeChartsAsync(store, charts, reads, 598);
    AddRows(table, "7 days, 1,008 s steps: rollup runs' rows → day parts", charts, before, after);
}

Console.WriteLine($"load average at the end: {LoadAverage.Text()}");
Console.WriteLine();
Console.Write(table);

static async Task<DuckDbTimeSeriesStore> OpenAsync(string folder)
{
    var store = new DuckDbTimeSeriesStore(Options.Create(new CollectorOptions { DataDirectory = folder }), new SeriesRegistry(), NullLogger<DuckDbTimeSeriesStore>.Instance);
    await store.InitializeAsync(CancellationToken.None);
    return store;
}

// SQL on a second connection to the store's database (DuckDB.NET shares the open database within the process).
static async Task ExecuteAsync(string folder, string sql)
{
    using var connection = new DuckDBConnection($"Data Source={Path.Combine(folder, "timeseries.duckdb")}");
    await connection.OpenAsync();
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    await command.ExecuteNonQueryAsync();
}

static void AddRows(Table table, string layout, List<(string Name, Func<ITimeSeriesStore, Task<IReadOnlyList<SeriesPoints>>> Read)> charts,
    Dictionary<string, Stats> before, Dictionary<string, Stats> after)
{
    table.Row($"**{layout}**", "", "", "");
    foreach (var name in charts.Select(c => c.Name).Append(AllFive))
    {
        table.Row(name, Table.Range(before[name], 1), Table.Range(after[name], 1), Table.N(after[name].Median / before[name].Median, 2));
    }
}

// Every host's points of [from, to) every `every` ns: 11 points per host and timestamp, 100 fields.
static List<LinePoint> Points(int hosts, long from, long to, long every)
{
    var kernelFields = Enumerable.Range(0, 84).Select(f => "f" + f.ToString(CultureInfo.InvariantCulture)).ToArray();
    var points = new List<LinePoint>();
    for (var ts = from; ts < to; ts += every)
    {
        var k = ts / (10 * S);
        for (var h = 0; h < hosts; h++)
        {
            var host = "h" + h.ToString(CultureInfo.InvariantCulture);
            KeyValuePair<string, string>[] Tags(params (string Key, string Value)[] extra) =>
                [.. extra.Select(e => KeyValuePair.Create(e.Key, e.Value)), new("host", host), new("tenant", "bench")];
            double V(int i) => ((k + i + h) % 100) + 0.5;
            points.Add(new LinePoint("cpu", Tags(("cpu", "cpu-total")),
                [new("usage_user", FieldValue.Float(V(1))), new("usage_system", FieldValue.Float(V(2))), new("usage_iowait", FieldValue.Float(V(3))), new("usage_idle", FieldValue.Float(V(4)))], ts));
            for (var i = 0; i < DiskPaths.Length; i++)
            {
                points.Add(new LinePoint("disk", Tags(("path", DiskPaths[i])), [new("used_percent", FieldValue.Float(V(10 + i)))], ts));
            }

            foreach (var nic in Interfaces)
            {
                points.Add(new LinePoint("net", Tags(("interface", nic)),
                    [new("bytes_recv", FieldValue.UInteger((ulong)(k * 1000))), new("bytes_sent", FieldValue.UInteger((ulong)(k * 500)))], ts));
            }

            points.Add(new LinePoint("mem", Tags(), [new("used_percent", FieldValue.Float(V(20)))], ts));
            points.Add(new LinePoint("system", Tags(), [new("load1", FieldValue.Float(V(21))), new("load5", FieldValue.Float(V(22))), new("load15", FieldValue.Float(V(23)))], ts));
            points.Add(new LinePoint("kernel", Tags(), [.. kernelFields.Select((f, i) => new KeyValuePair<string, FieldValue>(f, FieldValue.Float(V(30 + i))))], ts));
        }
    }

    return points;
}

// The host page's chart reads (host.js HOST_CHARTS: one store read per chart, the fields of a chart together).
static List<(string Name, Func<ITimeSeriesStore, Task<IReadOnlyList<SeriesPoints>>> Read)> Charts(string host, long from, long to, long step)
{
    SeriesQuery Q(string measurement, Aggregation aggregation, params (string, string)[] tags) =>
        new(measurement, "", host, "bench", tags.ToDictionary(t => t.Item1, t => t.Item2), from, to, step, aggregation);
    return
    [
        ("cpu: 3 fields of cpu-total, avg", s => s.QueryFieldsAsync(Q("cpu", Aggregation.Avg, ("cpu", "cpu-total")), ["usage_user", "usage_system", "usage_iowait"], CancellationToken.None)),
        ("mem: used_percent, avg", s => s.QueryAsync(Q("mem", Aggregation.Avg) with { Field = "used_percent" }, CancellationToken.None)),
        ("disk: 6 paths' used_percent, avg", s => s.QueryAsync(Q("disk", Aggregation.Avg) with { Field = "used_percent" }, CancellationToken.None)),
        ("net: 2 interfaces x 2 fields, rate", s => s.QueryFieldsAsync(Q("net", Aggregation.Rate), ["bytes_recv", "bytes_sent"], CancellationToken.None)),
        ("load: load1, load5, load15, avg", s => s.QueryFieldsAsync(Q("system", Aggregation.Avg), ["load1", "load5", "load15"], CancellationToken.None)),
    ];
}

// Each chart's read timed `reads` times (after one untimed round), and the five one after the other; checks that every
// series has a point in (nearly) every step.
static async Task<Dictionary<string, Stats>> TimeChartsAsync(ITimeSeriesStore store, List<(string Name, Func<ITimeSeriesStore, Task<IReadOnlyList<SeriesPoints>>> Read)> charts, int reads, int leastSteps)
{
    var times = charts.ToDictionary(c => c.Name, _ => new List<double>());
    var totals = new List<double>();
    for (var round = -1; round < reads; round++)
    {
        var total = 0.0;
        foreach (var (name, read) in charts)
        {
            var watch = Stopwatch.StartNew();
            var answer = await read(store);
            var ms = watch.Elapsed.TotalMilliseconds;
            if (answer.Count == 0 || answer.Any(s => s.Points.Count < leastSteps))
            {
                throw new InvalidOperationException($"{name}: {answer.Count} series, points {string.Join(',', answer.Select(s => s.Points.Count))} (at least {leastSteps} each expected)");
            }

            total += ms;
            if (round >= 0)
            {
                times[name].Add(ms);
            }
        }

        if (round >= 0)
        {
            totals.Add(total);
        }
    }

    var stats = times.ToDictionary(t => t.Key, t => Stats.Of(t.Value));
    stats[AllFive] = Stats.Of(totals);
    return stats;
}

// The disks' paths and the interfaces of every host.
static partial class Program
{
    private static readonly string[] DiskPaths = ["/", "/boot", "/home", "/srv", "/tmp", "/var"];
    private static readonly string[] Interfaces = ["eth0", "eth1"];
    private const string AllFive = "all five, one after the other";
}
