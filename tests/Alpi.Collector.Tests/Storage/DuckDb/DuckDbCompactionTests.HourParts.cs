using Alpi.Collector.Storage;
using Alpi.Collector.Storage.Retention;
using DuckDB.NET.Data;
using static Alpi.Collector.Tests.Storage.Points;

namespace Alpi.Collector.Tests.Storage.DuckDb;

/// <summary>
/// Hour parts: <see cref="Alpi.Collector.Storage.DuckDb.DuckDbTimeSeriesStore.MergeHoursAsync"/> moves each closed hour of
/// <c>points_compacted</c> into <c>points_hourly</c> as one part sorted by series then time, without changing any answer.
/// </summary>
public partial class DuckDbCompactionTests
{
    /// <summary>Compacts as the rollup job does in steady state: every 5 minutes from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private async Task CompactEveryFiveMinutesAsync(long from, long to)
    {
        for (var boundary = from + (5 * M); boundary <= to; boundary += 5 * M)
        {
            await _store.CompactAsync(boundary, CancellationToken.None);
        }
    }

    [Test]
    public async Task MergeHoursAsync_ClosedHours_BecomeOneSortedPartEach_AndAnswersStayTheSame()
    {
        await WriteFleetAsync(Now - (3 * H), 3 * 360);
        await CompactEveryFiveMinutesAsync(Now - (3 * H), Now);
        (await ScalarAsync(DuckDbTestStore.OrderBreaks("points_compacted"))).Should().Be(35, "36 five-minute parts");
        var before = await AnswersAsync();

        var moved = await _store.MergeHoursAsync(Now - (30 * M), CancellationToken.None);

        moved.Should().Be(3 * 2 * 720, "the two hours that end before the boundary, two fields of three hosts every 10 s");
        (await ScalarAsync(DuckDbTestStore.OrderBreaks("points_hourly"))).Should().Be(1, "two hour parts");
        (await ScalarAsync($"SELECT count(*) FROM points_compacted WHERE ts < {Now - H}")).Should().Be(0);
        (await ScalarAsync("SELECT count(*) FROM points_compacted")).Should().Be(3 * 2 * 360, "the last hour is still open at the boundary");
        (await AnswersAsync()).Should().Equal(before);
        (await _store.MergeHoursAsync(Now - (30 * M), CancellationToken.None)).Should().Be(0);
    }

    [Test]
    public async Task MergeHoursAsync_InSmallTransactions_KeepsEachHourSortedAcrossThem()
    {
        await WriteFleetAsync(Now - (2 * H), 2 * 360);
        await CompactEveryFiveMinutesAsync(Now - (2 * H), Now);
        var before = await AnswersAsync();
        _store.MergeChunkRows = 500; // 2,160 points an hour: 5 transactions, each a range of series

        (await _store.MergeHoursAsync(Now, CancellationToken.None)).Should().Be(3 * 2 * 720);

        (await ScalarAsync(DuckDbTestStore.OrderBreaks("points_hourly"))).Should().Be(1, "two hour parts, each sorted over its transactions");
        (await ScalarAsync("SELECT count(*) FROM points_compacted")).Should().Be(0);
        (await AnswersAsync()).Should().Equal(before);
    }

    [Test]
    public async Task MergeHoursAsync_FailingBetweenTheCopyAndTheDelete_NeitherDuplicatesNorLoses()
    {
        await WriteFleetAsync(Now - H, 360);
        await CompactEveryFiveMinutesAsync(Now - H, Now);
        var before = await AnswersAsync();
        _store.AfterMergeCopy = () => throw new IOException("crash between the copy and the delete");

        var merging = () => _store.MergeHoursAsync(Now, CancellationToken.None);

        await merging.Should().ThrowAsync<IOException>();
        (await ScalarAsync("SELECT count(*) FROM points_hourly")).Should().Be(0);
        (await ScalarAsync("SELECT count(*) FROM points")).Should().Be(3 * 2 * 360);
        (await AnswersAsync()).Should().Equal(before);

        _store.AfterMergeCopy = null;
        (await _store.MergeHoursAsync(Now, CancellationToken.None)).Should().Be(3 * 2 * 360);
        (await ScalarAsync("SELECT count(*) FROM (SELECT series_id, ts FROM points GROUP BY ALL HAVING count(*) > 1)")).Should().Be(0);
        (await AnswersAsync()).Should().Equal(before);
    }

    [Test]
    public async Task MergeHoursAsync_LatePointsOfAMergedHour_AreMergedByTheNextRun()
    {
        await WriteFleetAsync(Now - H, 360);
        await CompactEveryFiveMinutesAsync(Now - H, Now);
        await _store.MergeHoursAsync(Now, CancellationToken.None);
        // An agent's buffer replayed after an outage: points of an hour already merged, for a new host.
        await _store.WriteAsync(
            Enumerable.Range(0, 180).Select(k => Float("cpu", "tenant=acme,host=srv4", "user", k, Now - H + (k * 10 * S))).ToArray(),
            CancellationToken.None);
        await _store.CompactAsync(Now, CancellationToken.None);

        (await _store.MergeHoursAsync(Now, CancellationToken.None)).Should().Be(180);

        (await ScalarAsync("SELECT count(*) FROM points_compacted")).Should().Be(0);
        var srv4 = await _store.QueryAsync(new SeriesQuery("cpu", "user", "srv4", "acme", NoTags, Now - H, Now, 1, Aggregation.Last), CancellationToken.None);
        srv4.Single().Points.Should().Equal(Enumerable.Range(0, 180).Select(k => (Now - H + (k * 10 * S), (double)k)));
    }

    [Test]
    public async Task WriteAsync_RedeliveryOfAMergedPoint_ReplacesIt()
    {
        await WriteFleetAsync(Now - H, 360);
        await CompactEveryFiveMinutesAsync(Now - H, Now);
        await _store.MergeHoursAsync(Now, CancellationToken.None);

        await _store.WriteAsync([Float("cpu", "tenant=acme,host=srv1", "user", -1, Now - H)], CancellationToken.None);

        (await ScalarAsync("SELECT count(*) FROM points")).Should().Be(3 * 2 * 360);
        (await ScalarAsync($"SELECT CAST(min(value) AS BIGINT) FROM points WHERE ts = {Now - H}")).Should().Be(-1);
        _store.ReplacedValues.Should().Be(1);
    }

    [Test]
    public async Task RunRollupAsync_MergesClosedHours_AndPurgesMergedPointsPastRetention()
    {
        var options = new RetentionOptions { RawRetentionDays = 1, RollupRetentionDays = 365, Delay = TimeSpan.FromMinutes(1) };
        const long D = 24 * H;
        await WriteFleetAsync(Now - (2 * D), 360);
        await WriteFleetAsync(Now - (2 * H), 720);
        var nowTime = DateTimeOffset.UnixEpoch.AddTicks(Now / 100);

        var first = await _store.RunRollupAsync(nowTime.AddDays(-1), options, CancellationToken.None);

        first.RawPointsMerged.Should().Be(3 * 2 * 360, "the hour two days back, closed a day back");
        (await ScalarAsync("SELECT count(*) FROM points_hourly")).Should().Be(3 * 2 * 360);

        var second = await _store.RunRollupAsync(nowTime, options, CancellationToken.None);

        second.RawPointsDeleted.Should().Be(3 * 2 * 360, "the merged hour is past the day of raw retention");
        second.RawPointsMerged.Should().Be(3 * 2 * 360, "the hour before the last; the last is still open to compaction");
        (await ScalarAsync($"SELECT count(*) FROM points_hourly WHERE ts < {Now - D}")).Should().Be(0);
        (await ScalarAsync("SELECT count(*) FROM points")).Should().Be(3 * 2 * 720);
    }

    [Test]
    public async Task InitializeAsync_StoreOfTheVersionWithoutHourParts_KeepsItsPointsAndMergesThem()
    {
        await WriteFleetAsync(Now - H, 360);
        await CompactEveryFiveMinutesAsync(Now - H, Now);
        var before = await AnswersAsync();
        _store.Dispose();
        using (var connection = new DuckDBConnection($"Data Source={Path.Combine(_folder.Path, "timeseries.duckdb")}"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            // The layout of the version before: two tables under the view.
            command.CommandText = """
                DROP VIEW points;
                DROP TABLE points_hourly;
                CREATE VIEW points AS SELECT series_id, ts, value FROM points_compacted UNION ALL SELECT series_id, ts, value FROM points_recent;
                """;
            await command.ExecuteNonQueryAsync();
        }

        _store = await OpenAsync();

        (await AnswersAsync()).Should().Equal(before);
        (await _store.MergeHoursAsync(Now, CancellationToken.None)).Should().Be(3 * 2 * 360);
        (await AnswersAsync()).Should().Equal(before);
    }
}
