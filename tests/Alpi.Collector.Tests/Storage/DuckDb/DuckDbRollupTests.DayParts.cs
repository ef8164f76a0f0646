using Alpi.Collector.Storage;
using Alpi.Collector.Storage.Retention;
using DuckDB.NET.Data;
using static Alpi.Collector.Tests.Storage.Points;

namespace Alpi.Collector.Tests.Storage.DuckDb;

/// <summary>
/// Day parts of the aggregates: the rollup run ends by moving each closed day of <c>rollup_5m_recent</c> into
/// <c>rollup_5m_daily</c>, one part per day sorted by series then bucket, without changing any answer.
/// </summary>
public partial class DuckDbRollupTests
{
    private const string Srv2 = "tenant=acme,host=srv2";

    [TestCase(Aggregation.Avg, H)]
    [TestCase(Aggregation.Max, D)]
    [TestCase(Aggregation.Last, 6 * H)]
    [TestCase(Aggregation.Rate, H)]
    public async Task RunRollupAsync_ClosedDays_BecomeOneSortedPartEach_AndAnswersStayTheSame(Aggregation aggregation, long step)
    {
        // Two series, every 10 s for the 3 days before Now (08:00 UTC): three midnights, the first two days whole.
        static double Value(int k) => Math.Round(1000 + (k * 0.5) + (40 * Math.Sin(k / 7.0)), 3);
        await WriteEvery10sAsync(Now - (3 * D), 3 * 8640, Value);
        await _store.WriteAsync(Enumerable.Range(0, 3 * 8640).Select(k => Float("cpu", Srv2, "usage", -Value(k), Now - (3 * D) + (k * 10 * S))).ToList(), CancellationToken.None);
        var rawOnly = await PointsAsync(Query(Now - (3 * D), Now, step, aggregation));

        var run = await _store.RunRollupAsync(NowTime.AddSeconds(30), _options, CancellationToken.None);

        var midnight = Now - (8 * H);
        run.AggregatesMerged.Should().Be(2 * ((16 * 12) + (2 * 288)), "the first day's last 16 hours and the two whole days before today's midnight, two series");
        (await ScalarAsync("SELECT count(*) FROM rollup_5m_daily")).Should().Be(2 * ((16 * 12) + (2 * 288)));
        (await ScalarAsync($"SELECT count(*) FROM rollup_5m_recent WHERE bucket < {midnight}")).Should().Be(0, "the first day's 16 hours were merged too");
        (await ScalarAsync($"SELECT count(*) FROM rollup_5m_daily WHERE bucket < {midnight - (2 * D)}")).Should().Be(2 * 16 * 12);
        (await ScalarAsync(DuckDbTestStore.OrderBreaks("rollup_5m_daily", "bucket"))).Should().Be(2, "three day parts (the first one partial)");
        var merged = await PointsAsync(Query(Now - (3 * D), Now, step, aggregation));
        merged.Select(p => p.TimestampNs).Should().Equal(rawOnly.Select(p => p.TimestampNs));
        merged.Select(p => p.Value).Should().Equal(rawOnly.Select(p => p.Value), (a, b) => Math.Abs(a - b) < 1e-6);
        (await _store.RunRollupAsync(NowTime.AddSeconds(30), _options, CancellationToken.None)).AggregatesMerged.Should().Be(0);
    }

    [Test]
    public async Task RunRollupAsync_LatePointOfAMergedDay_IsMergedByTheNextRun()
    {
        await WriteEvery10sAsync(Now - (2 * D), 2 * 8640, k => k % 10);
        await _store.RunRollupAsync(NowTime, _options, CancellationToken.None);
        var day = Now - (8 * H) - D; // yesterday's midnight
        var before = await PointsAsync(Query(day, day + D, D, Aggregation.Max));

        // An agent's buffer replayed: a point of yesterday, after its day was rolled up and merged.
        await _store.WriteAsync([Float("cpu", Srv1, "usage", 500, day + H + (5 * S))], CancellationToken.None);
        var run = await _store.RunRollupAsync(NowTime, _options, CancellationToken.None);

        before.Should().Equal((day, 9.0));
        run.AggregatesMerged.Should().Be(1);
        (await ScalarAsync($"SELECT count(*) FROM rollup_5m_recent WHERE bucket < {Now - (8 * H)}")).Should().Be(0);
        (await PointsAsync(Query(day, day + D, D, Aggregation.Max))).Should().Equal((day, 500.0));
    }

    [Test]
    public async Task RunRollupAsync_MergedAggregatesPastTheirRetention_AreDeleted()
    {
        await WriteEvery10sAsync(Now - (400 * D), 3, k => k);
        var first = await _store.RunRollupAsync(NowTime.AddDays(-398), _options, CancellationToken.None);

        var second = await _store.RunRollupAsync(NowTime, _options, CancellationToken.None);

        first.AggregatesMerged.Should().Be(1);
        second.AggregatesDeleted.Should().Be(1, "the merged day is past the 365 days of aggregates");
        (await RollupRowsAsync()).Should().BeEmpty();
    }

    [Test]
    public async Task InitializeAsync_StoreWithTheAggregatesTableOfAnEarlierVersion_KeepsThemAndMergesThem()
    {
        await WriteEvery10sAsync(Now - (2 * D), 2 * 8640, k => k % 100);
        await _store.RunRollupAsync(NowTime, _options, CancellationToken.None);
        var before = await PointsAsync(Query(Now - (2 * D), Now, H, Aggregation.Avg));
        var rows = await RollupRowsAsync();
        _store.Dispose();
        using (var connection = new DuckDBConnection($"Data Source={Path.Combine(_folder.Path, "timeseries.duckdb")}"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            // The layout of the version before: one rollup_5m table, rows in the order the runs appended them.
            command.CommandText = """
                DROP VIEW rollup_5m;
                CREATE TABLE rollup_5m AS SELECT * FROM rollup_5m_recent UNION ALL SELECT * FROM rollup_5m_daily ORDER BY bucket, series_id;
                DROP TABLE rollup_5m_recent;
                DROP TABLE rollup_5m_daily;
                """;
            await command.ExecuteNonQueryAsync();
        }

        _store = await OpenAsync();

        (await PointsAsync(Query(Now - (2 * D), Now, H, Aggregation.Avg))).Should().Equal(before);
        (await RollupRowsAsync()).Should().Equal(rows);
        (await _store.RunRollupAsync(NowTime, _options, CancellationToken.None)).AggregatesMerged.Should().Be(288 + (16 * 12));
        (await PointsAsync(Query(Now - (2 * D), Now, H, Aggregation.Avg))).Should().Equal(before);
    }

    private Task<long> ScalarAsync(string sql) => DuckDbTestStore.ScalarAsync(_folder.Path, sql);
}
