using Alpi.Collector.Storage;
using Alpi.Collector.Storage.DuckDb;
using Alpi.Collector.Storage.Retention;
using Alpi.Testing;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Alpi.Collector.Tests.Storage.Points;

namespace Alpi.Collector.Tests.Storage.DuckDb;

/// <summary>
/// The embedded store's 5-minute aggregates: the rollup watermark (persisted, idempotent, resumed after a restart), late
/// points, the purges, and the queries that read the aggregates (long steps, ranges older than the raw retention, ranges
/// spanning both). "Now" is passed to the rollup, as the job passes its <see cref="TimeProvider"/>'s time.
/// </summary>
public partial class DuckDbRollupTests
{
    private const long S = 1_000_000_000L;
    private const long M = 60 * S;
    private const long H = 60 * M;
    private const long D = 24 * H;

    // 2027-01-15T08:00:00Z, a multiple of 5 minutes and of 1 hour.
    private const long Now = 1_800_000_000L * S;

    private const string Srv1 = "tenant=acme,host=srv1";

    private static readonly DateTimeOffset NowTime = DateTimeOffset.UnixEpoch.AddTicks(Now / 100);

    private readonly RetentionOptions _options = new() { RawRetentionDays = 30, RollupRetentionDays = 365, Delay = TimeSpan.FromMinutes(1) };
    private TempDirectory _folder = null!;
    private DuckDbTimeSeriesStore _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _folder = new TempDirectory("alpi-duckdb-rollup");
        _store = await OpenAsync();
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Test]
    public async Task RunRollupAsync_CompletedBuckets_AreRolledUpWithCountSumMinMaxAndLast()
    {
        // 0, 1, …, 59 every 10 s from Now - 10 min: 0…29 in the bucket [Now - 10 min, Now - 5 min), 30…59 in the next.
        await WriteEvery10sAsync(Now - (10 * M), 60, k => k);

        // At Now + 30 s with a 1-minute delay, only buckets ending at or before Now - 30 s are complete.
        var run = await _store.RunRollupAsync(NowTime.AddSeconds(30), _options, CancellationToken.None);

        run.Should().Be(new RollupRun(Now - (5 * M), 1, 0, 0));
        _store.RolledUpBeforeNs.Should().Be(Now - (5 * M));
        (await RollupRowsAsync()).Should().Equal((Now - (10 * M), 30L, 435.0, 0.0, 29.0, Now - (10 * M) + (290 * S), 29.0));
    }

    [Test]
    public async Task RunRollupAsync_TwiceAtTheSameTime_WritesNothingTheSecondTime()
    {
        await WriteEvery10sAsync(Now - (10 * M), 60, k => k);
        await _store.RunRollupAsync(NowTime.AddSeconds(30), _options, CancellationToken.None);

        var again = await _store.RunRollupAsync(NowTime.AddSeconds(30), _options, CancellationToken.None);

        again.Should().Be(new RollupRun(Now - (5 * M), 0, 0, 0));
        (await RollupRowsAsync()).Should().HaveCount(1);
    }

    [Test]
    public async Task RunRollupAsync_AfterReopening_ResumesFromThePersistedWatermark()
    {
        await WriteEvery10sAsync(Now - (10 * M), 60, k => k);
        await _store.RunRollupAsync(NowTime.AddSeconds(30), _options, CancellationToken.None);
        _store.Dispose();

        _store = await OpenAsync();
        _store.RolledUpBeforeNs.Should().Be(Now - (5 * M));
        var run = await _store.RunRollupAsync(NowTime.AddMinutes(5).AddSeconds(30), _options, CancellationToken.None);

        run.AggregatesWritten.Should().Be(1, "only the bucket completed since the last run");
        (await RollupRowsAsync()).Select(r => (r.Bucket, r.Count)).Should().Equal((Now - (10 * M), 30L), (Now - (5 * M), 30L));
    }

    [Test]
    public async Task RunRollupAsync_EmptyStore_RollsUpNothingAndKeepsNoWatermark()
    {
        var run = await _store.RunRollupAsync(NowTime, _options, CancellationToken.None);

        run.Should().Be(new RollupRun(long.MinValue, 0, 0, 0));
    }

    [Test]
    public async Task RunRollupAsync_DaysWithoutPoints_AreSkippedWithoutMissingTheBucketsAfterThem()
    {
        await WriteEvery10sAsync(Now - (3 * D), 3, k => 1);
        await WriteEvery10sAsync(Now - (10 * M), 3, k => 2);

        var run = await _store.RunRollupAsync(NowTime.AddSeconds(30), _options, CancellationToken.None);

        run.AggregatesWritten.Should().Be(2);
        (await RollupRowsAsync()).Select(r => (r.Bucket, r.Sum)).Should().Equal((Now - (3 * D), 3.0), (Now - (10 * M), 6.0));
    }

    [Test]
    public async Task WriteAsync_PointInARolledUpBucket_IsAddedToThatBucketsAggregates()
    {
        await WriteEvery10sAsync(Now - (10 * M), 60, k => k);
        await _store.RunRollupAsync(NowTime.AddSeconds(30), _options, CancellationToken.None);

        // An agent replays its buffer: 100 at Now - 10 min + 5 s, in the bucket already rolled up.
        await _store.WriteAsync([Float("cpu", Srv1, "usage", 100, Now - (10 * M) + (5 * S))], CancellationToken.None);

        var query = Query(Now - (10 * M), Now - (5 * M), 5 * M, Aggregation.Avg);
        (await PointsAsync(query)).Should().Equal((Now - (10 * M), (435.0 + 100) / 31));
        (await PointsAsync(query with { Aggregation = Aggregation.Max })).Should().Equal((Now - (10 * M), 100.0));
        // Last is by timestamp: 29 at +290 s stays the last.
        (await PointsAsync(query with { Aggregation = Aggregation.Last })).Should().Equal((Now - (10 * M), 29.0));
    }

    [Test]
    public async Task RunRollupAsync_RawPointsPastRetention_AreDeletedAndTheirRangeIsAnsweredFromTheAggregates()
    {
        // One hour 40 days ago and the last hour, 0…359 every 10 s.
        await WriteEvery10sAsync(Now - (40 * D), 360, k => k);
        await WriteEvery10sAsync(Now - H, 360, k => k);

        var run = await _store.RunRollupAsync(NowTime, _options, CancellationToken.None);

        run.RawPointsDeleted.Should().Be(360);
        _store.RawKeptFromNs.Should().Be(Now - (30 * D));
        // 10 s steps 40 days ago: one point per 5-minute bucket (30 values each), at its start.
        var old = await PointsAsync(Query(Now - (40 * D), Now - (40 * D) + H, 10 * S, Aggregation.Avg));
        old.Should().HaveCount(12);
        old[0].Should().Be((Now - (40 * D), 14.5));
        old[11].Should().Be((Now - (40 * D) + (55 * M), 344.5));
        // 10 s steps in the last hour: raw points.
        (await PointsAsync(Query(Now - H, Now, 10 * S, Aggregation.Avg))).Should().HaveCount(360);
    }

    [Test]
    public async Task RunRollupAsync_AggregatesPastTheirRetention_AreDeleted()
    {
        await WriteEvery10sAsync(Now - (400 * D), 3, k => k);

        var run = await _store.RunRollupAsync(NowTime, _options, CancellationToken.None);

        run.Should().Be(new RollupRun(Now - (5 * M), 1, 3, 1));
        (await RollupRowsAsync()).Should().BeEmpty();
        (await PointsAsync(Query(Now - (400 * D), Now - (400 * D) + H, 10 * S, Aggregation.Avg))).Should().BeEmpty();
    }

    [Test]
    public async Task QueryAsync_ThirtyDayRange_ReadsAggregatesAndOneHourRange_ReadsRawPoints()
    {
        await WriteEvery10sAsync(Now - (2 * H), 720, k => k % 100);
        await _store.RunRollupAsync(NowTime, _options, CancellationToken.None);
        // Mark the aggregates so that an answer read from them cannot be mistaken for one read from raw points.
        await ExecuteAsync("UPDATE rollup_5m_recent SET value_max = value_max + 1000; UPDATE rollup_5m_daily SET value_max = value_max + 1000");

        // 30 days over the API's default step (range / 300 = 2.4 h): from the aggregates, raw points are still there.
        var month = await PointsAsync(Query(Now - (30 * D), Now, 30 * D / 300, Aggregation.Max));
        // One hour at 10 s: raw points.
        var hour = await PointsAsync(Query(Now - H, Now, 10 * S, Aggregation.Max));

        month.Should().NotBeEmpty().And.OnlyContain(p => p.Value >= 1000);
        hour.Should().HaveCount(360).And.OnlyContain(p => p.Value < 100);
    }

    // Each case: a reduction of the hour [Now - 1 h, Now), whose last 5 minutes are not rolled up yet: the step merges
    // the aggregates of [Now - 1 h, Now - 5 min) with the raw points of [Now - 5 min, Now) and must equal the raw answer.
    [TestCase(Aggregation.Avg)]
    [TestCase(Aggregation.Min)]
    [TestCase(Aggregation.Max)]
    [TestCase(Aggregation.Last)]
    public async Task QueryAsync_StepSpanningAggregatesAndRawPoints_EqualsTheRawAnswer(Aggregation aggregation)
    {
        static double Value(int k) => Math.Round(50 + (40 * Math.Sin(k / 7.0)), 3);
        await WriteEvery10sAsync(Now - (2 * H), 720, Value);
        var rawOnly = await PointsAsync(Query(Now - (2 * H), Now, H, aggregation));

        await _store.RunRollupAsync(NowTime.AddSeconds(30), _options, CancellationToken.None);
        var merged = await PointsAsync(Query(Now - (2 * H), Now, H, aggregation));

        _store.RolledUpBeforeNs.Should().Be(Now - (5 * M));
        merged.Should().HaveCount(2);
        merged.Select(p => p.TimestampNs).Should().Equal(rawOnly.Select(p => p.TimestampNs));
        merged.Select(p => p.Value).Should().Equal(rawOnly.Select(p => p.Value), (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Test]
    public async Task QueryAsync_RateOverAggregates_UsesTheLastValueOfEachBucket()
    {
        // A counter growing by 1 per second for 3 hours, 40 days ago: only its aggregates are left.
        await WriteEvery10sAsync(Now - (40 * D), 1080, k => 1000 + (10 * k));
        await _store.RunRollupAsync(NowTime, _options, CancellationToken.None);

        var rates = await PointsAsync(Query(Now - (40 * D) + H, Now - (40 * D) + (3 * H), H, Aggregation.Rate));

        rates.Should().Equal((Now - (40 * D) + H, 1.0), (Now - (40 * D) + (2 * H), 1.0));
    }

    [Test]
    public async Task RunRollupAsync_PointsBefore1970_AreRolledUpIntoTheBucketsThatHoldThem()
    {
        // 1900-06-15T23:58:00Z: its 5-minute bucket starts at 23:55 and its day on 1900-06-15 (floor division), not at
        // 1900-06-16T00:00 (division rounding toward zero, which moved negative timestamps one bucket later).
        var june15 = (new DateTimeOffset(1900, 6, 15, 0, 0, 0, TimeSpan.Zero).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        await _store.WriteAsync([Float("cpu", Srv1, "usage", 4, june15 + D - (2 * M))], CancellationToken.None);

        await _store.RunRollupAsync(DateTimeOffset.UnixEpoch.AddTicks((june15 + (2 * D)) / 100), _options, CancellationToken.None);

        (await RollupRowsAsync()).Select(r => (r.Bucket, r.Count)).Should().Equal((june15 + D - (5 * M), 1L));
        // Read from the aggregates (a step of 5 minutes or more, all rolled up).
        (await PointsAsync(Query(june15, june15 + (2 * D), D, Aggregation.Max))).Should().Equal((june15, 4.0));
    }

    private async Task WriteEvery10sAsync(long fromNs, int count, Func<int, double> value)
    {
        var points = Enumerable.Range(0, count).Select(k => Float("cpu", Srv1, "usage", value(k), fromNs + (k * 10 * S))).ToList();
        await _store.WriteAsync(points, CancellationToken.None);
    }

    private async Task<IReadOnlyList<(long TimestampNs, double Value)>> PointsAsync(SeriesQuery query) =>
        (await _store.QueryAsync(query, CancellationToken.None)).Should().ContainSingle().Which.Points;

    private static SeriesQuery Query(long fromNs, long toNs, long stepNs, Aggregation aggregation) =>
        new("cpu", "usage", "srv1", "acme", new Dictionary<string, string>(), fromNs, toNs, stepNs, aggregation);

    private Task<DuckDbTimeSeriesStore> OpenAsync() => DuckDbTestStore.OpenAsync(_folder.Path);

    /// <summary>The rows of <c>rollup_5m</c>, read through a second connection to the store's database.</summary>
    private async Task<List<(long Bucket, long Count, double Sum, double Min, double Max, long LastTs, double Last)>> RollupRowsAsync()
    {
        using var connection = new DuckDBConnection($"Data Source={Path.Combine(_folder.Path, "timeseries.duckdb")}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT bucket, value_count, value_sum, value_min, value_max, last_ts, last_value FROM rollup_5m ORDER BY bucket, last_ts";
        using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, long, double, double, double, long, double)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetInt64(5), reader.GetDouble(6)));
        }

        return rows;
    }

    private async Task ExecuteAsync(string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={Path.Combine(_folder.Path, "timeseries.duckdb")}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
