using Alpi.Collector.Storage;
using Alpi.Collector.Storage.DuckDb;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Alpi.Collector.Tests.Storage.Points;

namespace Alpi.Collector.Tests.Storage.DuckDb;

/// <summary>
/// The embedded store's layout by series: <see cref="DuckDbTimeSeriesStore.CompactAsync"/> moves closed time from
/// <c>points_recent</c> (arrival order) to <c>points_compacted</c> (sorted by series then time) without changing any
/// answer, in one transaction per part; and the last values kept in memory answer as the store would.
/// </summary>
public partial class DuckDbCompactionTests
{
    private const long S = 1_000_000_000L;
    private const long M = 60 * S;
    private const long H = 60 * M;

    // 2027-01-15T08:00:00Z.
    private const long Now = 1_800_000_000L * S;

    private static readonly string[] Hosts = ["srv1", "srv2", "srv3"];
    private static readonly string[] Fields = ["user", "system"];
    private static readonly (long Step, Aggregation Aggregation)[] Readings = [(1L, Aggregation.Last), (5 * M, Aggregation.Avg), (M, Aggregation.Max)];
    private static readonly Dictionary<string, string> NoTags = [];

    private TempDirectory _folder = null!;
    private DuckDbTimeSeriesStore _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _folder = new TempDirectory("alpi-duckdb-compaction");
        _store = await OpenAsync();
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Test]
    public async Task CompactAsync_QueriesAndLastValues_AnswerTheSameBeforeAndAfter()
    {
        await WriteFleetAsync(Now - (3 * H), 3 * 360);
        var before = await AnswersAsync();

        var moved = await _store.CompactAsync(Now - (30 * M), CancellationToken.None);

        moved.Should().Be(3 * 2 * ((3 * 360) - 180), "two fields of three hosts, every 10 s, all but the last 30 minutes");
        (await ScalarAsync("SELECT count(*) FROM points_recent")).Should().Be(3 * 2 * 180);
        (await ScalarAsync($"SELECT count(*) FROM points_compacted WHERE ts >= {Now - (30 * M)}")).Should().Be(0);
        (await AnswersAsync()).Should().Equal(before);
    }

    [Test]
    public async Task QueryAsync_AcrossTheCompactedAndRecentBoundary_ReturnsEveryPointOnce()
    {
        await WriteFleetAsync(Now - H, 360);
        await _store.CompactAsync(Now - (30 * M), CancellationToken.None);

        var result = await _store.QueryAsync(new SeriesQuery("cpu", "user", "srv2", "acme", NoTags, Now - (35 * M), Now - (25 * M), 1, Aggregation.Last), CancellationToken.None);

        // srv2's user value at k * 10 s after Now - 1 h is 1000 + k: k = 150 … 209 around the boundary at k = 180.
        result.Should().ContainSingle().Which.Points.Should().Equal(
            Enumerable.Range(150, 60).Select(k => (Now - H + (k * 10 * S), 1000.0 + k)));
    }

    [Test]
    public async Task CompactAsync_LaysEachPartOutBySeriesThenTime()
    {
        await WriteFleetAsync(Now - (2 * H), 720);

        await _store.CompactAsync(Now, CancellationToken.None);

        // Two parts of one hour each, each sorted: in storage order, (series, ts) decreases only where a part starts.
        (await ScalarAsync(DuckDbTestStore.OrderBreaks("points_compacted"))).Should().Be(1);
        (await ScalarAsync("SELECT count(*) FROM points_recent")).Should().Be(0);
    }

    [Test]
    public async Task CompactAsync_FailingBetweenTheCopyAndTheDelete_NeitherDuplicatesNorLoses()
    {
        await WriteFleetAsync(Now - H, 360);
        var before = await AnswersAsync();
        _store.AfterCompactionCopy = () => throw new IOException("crash between the copy and the delete");

        var compacting = () => _store.CompactAsync(Now, CancellationToken.None);

        await compacting.Should().ThrowAsync<IOException>();
        (await ScalarAsync("SELECT count(*) FROM points_compacted")).Should().Be(0);
        (await ScalarAsync("SELECT count(*) FROM points")).Should().Be(3 * 2 * 360);
        (await AnswersAsync()).Should().Equal(before);

        _store.AfterCompactionCopy = null;
        (await _store.CompactAsync(Now, CancellationToken.None)).Should().Be(3 * 2 * 360);
        (await ScalarAsync("SELECT count(*) FROM points")).Should().Be(3 * 2 * 360);
        (await ScalarAsync("SELECT count(*) FROM (SELECT series_id, ts FROM points GROUP BY ALL HAVING count(*) > 1)")).Should().Be(0);
        (await AnswersAsync()).Should().Equal(before);
    }

    [Test]
    public async Task WriteAsync_RedeliveryOfACompactedPoint_ReplacesIt()
    {
        await WriteFleetAsync(Now - H, 360);
        await _store.CompactAsync(Now, CancellationToken.None);

        await _store.WriteAsync([Float("cpu", "tenant=acme,host=srv1", "user", -1, Now - H)], CancellationToken.None);

        (await ScalarAsync("SELECT count(*) FROM points")).Should().Be(3 * 2 * 360);
        (await ScalarAsync($"SELECT CAST(min(value) AS BIGINT) FROM points WHERE ts = {Now - H}")).Should().Be(-1);
        _store.ReplacedValues.Should().Be(1);
    }

    [Test]
    public async Task CompactAsync_LatePointsAfterCompaction_AreMovedByTheNextRun()
    {
        await WriteFleetAsync(Now - H, 180);
        await _store.CompactAsync(Now, CancellationToken.None);
        // An agent's buffer replayed after an outage: points of a time already compacted, for a new host.
        await _store.WriteAsync(
            Enumerable.Range(0, 180).Select(k => Float("cpu", "tenant=acme,host=srv4", "user", k, Now - H + (k * 10 * S))).ToArray(),
            CancellationToken.None);

        (await _store.CompactAsync(Now, CancellationToken.None)).Should().Be(180);

        (await ScalarAsync("SELECT count(*) FROM points_recent")).Should().Be(0);
        var srv4 = await _store.QueryAsync(new SeriesQuery("cpu", "user", "srv4", "acme", NoTags, Now - H, Now, 1, Aggregation.Last), CancellationToken.None);
        srv4.Single().Points.Should().HaveCount(180);
    }

    [Test]
    public async Task InitializeAsync_StoreOfAnEarlierVersionWithAPointsTable_KeepsItsPoints()
    {
        await WriteFleetAsync(Now - H, 60);
        var before = await AnswersAsync();
        _store.Dispose();
        using (var connection = new DuckDBConnection($"Data Source={Path.Combine(_folder.Path, "timeseries.duckdb")}"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            // The layout of the version before: one points table in arrival order.
            command.CommandText = """
                DROP VIEW points;
                CREATE TABLE points AS SELECT * FROM points_recent;
                DROP TABLE points_recent;
                DROP TABLE points_compacted;
                """;
            await command.ExecuteNonQueryAsync();
        }

        _store = await OpenAsync();

        (await AnswersAsync()).Should().Equal(before);
        (await _store.CompactAsync(Now, CancellationToken.None)).Should().Be(3 * 2 * 60);
        (await AnswersAsync()).Should().Equal(before);
    }

    [Test]
    public async Task LastValuesAsync_AfterARedeliveryAtTheLatestTimestamp_ReturnsTheReplacingValue()
    {
        await WriteFleetAsync(Now - M, 6);
        await _store.WriteAsync([Float("cpu", "tenant=acme,host=srv1", "user", 42, Now - M + (50 * S))], CancellationToken.None);

        var series = _store.ListSeries("acme", "srv1").Where(s => s.Field == "user").ToList();
        var latest = await _store.LastValuesAsync(series, Now - M, Now, S, CancellationToken.None);

        latest.Should().ContainSingle().Which.Value.Should().Be((Now - M + (50 * S), 42.0));
    }

    [Test]
    public async Task LastValuesAsync_RangeEndingBeforeTheLatestValue_ReturnsTheLastValueInTheRange()
    {
        await WriteFleetAsync(Now - M, 6);

        var series = _store.ListSeries("acme", "srv1").Where(s => s.Field == "user").ToList();
        var latest = await _store.LastValuesAsync(series, Now - M, Now - M + (25 * S), S, CancellationToken.None);

        latest.Should().ContainSingle().Which.Value.Should().Be((Now - M + (20 * S), 2.0));
    }

    [Test]
    public async Task LastValuesAsync_StringValueAtTheLatestNumericTimestamp_IsRefused_TheNumericValueStays()
    {
        // A string where numbers are stored is a field type conflict: refused, it no longer replaces the latest value.
        await WriteFleetAsync(Now - M, 6);
        await _store.WriteAsync([Of("cpu", "tenant=acme,host=srv1", Now - M + (50 * S), ("user", FieldValue.String("n/a")))], CancellationToken.None);

        var series = _store.ListSeries("acme", "srv1").Where(s => s.Field == "user").ToList();
        var latest = await _store.LastValuesAsync(series, Now - M, Now, S, CancellationToken.None);

        latest.Should().ContainSingle().Which.Value.Should().Be((Now - M + (50 * S), 5.0));
    }

    [Test]
    public async Task LastValuesAsync_AfterReopening_ReturnsTheSameAsBefore()
    {
        await WriteFleetAsync(Now - M, 6);
        var series = _store.ListSeries("acme", null);
        var before = await _store.LastValuesAsync(series, Now - M, Now, S, CancellationToken.None);
        _store.Dispose();

        _store = await OpenAsync();
        var after = await _store.LastValuesAsync(_store.ListSeries("acme", null), Now - M, Now, S, CancellationToken.None);

        before.Should().HaveCount(6);
        after.Should().BeEquivalentTo(before);
    }

    /// <summary>Every 10 s from <paramref name="from"/>, <paramref name="count"/> times: cpu user = 1000 × host number + k, system = −k, for three hosts.</summary>
    private async Task WriteFleetAsync(long from, int count)
    {
        for (var start = 0; start < count; start += 60)
        {
            var batch = new List<LinePoint>();
            for (var k = start; k < Math.Min(count, start + 60); k++)
            {
                for (var h = 0; h < Hosts.Length; h++)
                {
                    batch.Add(Of("cpu", $"tenant=acme,host={Hosts[h]}", from + (k * 10 * S),
                        ("user", FieldValue.Float((1000 * h) + k)), ("system", FieldValue.Float(-k))));
                }
            }

            await _store.WriteAsync(batch, CancellationToken.None);
        }
    }

    /// <summary>Raw points, 5-minute averages and last values of every series over the last 3 hours, as text.</summary>
    private async Task<List<string>> AnswersAsync()
    {
        var answers = new List<string>();
        foreach (var host in Hosts)
        {
            foreach (var field in Fields)
            {
                foreach (var (step, aggregation) in Readings)
                {
                    var query = new SeriesQuery("cpu", field, host, "acme", NoTags, Now - (3 * H), Now, step, aggregation);
                    foreach (var series in await _store.QueryAsync(query, CancellationToken.None))
                    {
                        answers.Add($"{host} {field} {aggregation} {string.Join(' ', series.Points)}");
                    }
                }
            }
        }

        var latest = await _store.LastValuesAsync(_store.ListSeries("acme", null), Now - (3 * H), Now, 10 * S, CancellationToken.None);
        answers.AddRange(latest.OrderBy(l => l.Key).Select(l => $"last {l.Key} {l.Value}"));
        return answers;
    }

    private Task<DuckDbTimeSeriesStore> OpenAsync() => DuckDbTestStore.OpenAsync(_folder.Path);

    private Task<long> ScalarAsync(string sql) => DuckDbTestStore.ScalarAsync(_folder.Path, sql);
}
