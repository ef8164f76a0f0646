using System.Diagnostics;
using System.Globalization;
using Alpi.Collector;
using Alpi.Collector.Storage;
using Alpi.Collector.Storage.DuckDb;
using Alpi.Collector.Storage.Retention;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// The DuckDB rollup job at scale, on the embedded store in a temp folder:
// S series (cpu,tenant=bench,host=h<i/10>,cpu=cpu<i%10> usage) x H hours of 10 s points are written through the store
// (appender batches of 100,000 values), then
// (a) the first rollup run over all of it (every completed 5-minute bucket: S x H x 12 aggregate rows, one transaction
//     per 6 hours), (b) a steady-state run 5 minutes later (5 more minutes of points written first: one bucket per series),
// (c) a 1-day query of one host (10 series, avg per hour) from raw points before the rollup and from the aggregates after.
//   dotnet run -c Release --project bench/Alpi.RollupBench -- [series=1000] [hours=24]
var seriesCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var hours = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 24;
const long S = 1_000_000_000L;
const long H = 3600 * S;
const long Now = 1_800_000_000L * S; // 2027-01-15T08:00:00Z, a whole hour
var retention = new RetentionOptions { RawRetentionDays = 30, RollupRetentionDays = 365, Delay = TimeSpan.Zero };

using var folder = new TempDirectory("alpi-rollupbench");
using var store = new DuckDbTimeSeriesStore(Options.Create(new CollectorOptions { DataDirectory = folder.Path }), new SeriesRegistry(), NullLogger<DuckDbTimeSeriesStore>.Instance);
await store.InitializeAsync(CancellationToken.None);

var load = Stopwatch.StartNew();
var values = await WriteAsync(store, seriesCount, Now - (hours * H), Now);
load.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded {values:N0} values ({seriesCount} series x {hours} h every 10 s) in {load.Elapsed.TotalSeconds:F1} s ({values / load.Elapsed.TotalSeconds:N0} values/s)"));

var query = new SeriesQuery("cpu", "usage", "h0", "bench", new Dictionary<string, string>(), Now - (24 * H), Now, H, Aggregation.Avg);
var raw = await TimeQueryAsync(store, query, Math.Min(hours, 24));

var first = Stopwatch.StartNew();
var run = await store.RunRollupAsync(At(Now), retention, CancellationToken.None);
first.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first rollup: {run.AggregatesWritten:N0} aggregate rows in {first.Elapsed.TotalSeconds:F2} s"));

await WriteAsync(store, seriesCount, Now, Now + (300 * S));
var steady = Stopwatch.StartNew();
run = await store.RunRollupAsync(At(Now + (300 * S)), retention, CancellationToken.None);
steady.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"steady-state rollup (5 minutes later): {run.AggregatesWritten:N0} rows in {steady.Elapsed.TotalMilliseconds:F0} ms"));

var rolled = await TimeQueryAsync(store, query, Math.Min(hours, 24));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"1-day query of 10 series, avg per hour: {raw.TotalMilliseconds:F0} ms from raw points, {rolled.TotalMilliseconds:F0} ms from aggregates (best of 5 each)"));
await store.FlushAsync(CancellationToken.None);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timeseries.duckdb: {new FileInfo(Path.Combine(folder.Path, "timeseries.duckdb")).Length / 1e6:F0} MB"));

static DateTimeOffset At(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);

static async Task<long> WriteAsync(DuckDbTimeSeriesStore store, int seriesCount, long fromNs, long toNs)
{
    long written = 0;
    var batch = new List<LinePoint>(100_000);
    for (var ts = fromNs; ts < toNs; ts += 10 * S)
    {
        for (var i = 0; i < seriesCount; i++)
        {
            batch.Add(new LinePoint("cpu",
                [new("cpu", "cpu" + (i % 10).ToString(CultureInfo.InvariantCulture)), new("host", "h" + (i / 10).ToString(CultureInfo.InvariantCulture)), new("tenant", "bench")],
                [new("usage", FieldValue.Float((ts / S % 600) + i))], ts));
            if (batch.Count == batch.Capacity)
            {
                written += await store.WriteAsync(batch, CancellationToken.None);
                batch.Clear();
            }
        }
    }

    written += await store.WriteAsync(batch, CancellationToken.None);
    return written;
}

// hourBuckets: the hours of the 1-day query that hold points (fewer than 24 when fewer hours were loaded).
static async Task<TimeSpan> TimeQueryAsync(DuckDbTimeSeriesStore store, SeriesQuery query, int hourBuckets)
{
    var best = TimeSpan.MaxValue;
    for (var i = 0; i < 5; i++)
    {
        var watch = Stopwatch.StartNew();
        var result = await store.QueryAsync(query, CancellationToken.None);
        watch.Stop();
        if (result.Count != 10 || result.Any(s => s.Points.Count != hourBuckets))
        {
            throw new InvalidOperationException($"unexpected query answer: {result.Count} series (10 expected), points {string.Join(',', result.Select(s => s.Points.Count))} ({hourBuckets} each expected)");
        }

        best = watch.Elapsed < best ? watch.Elapsed : best;
    }

    return best;
}
