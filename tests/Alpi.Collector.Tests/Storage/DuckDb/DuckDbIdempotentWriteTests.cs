using Alpi.Collector.Storage;
using Alpi.Collector.Storage.DuckDb;
using Alpi.Collector.Storage.Retention;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Alpi.Collector.Tests.Storage.Points;

namespace Alpi.Collector.Tests.Storage.DuckDb;

/// <summary>
/// The embedded store's rows after writes that repeat a series and timestamp, counted in the DuckDB file itself: one row
/// per series and timestamp across <c>points</c> and <c>string_points</c>, the last value written, and aggregates that
/// count a replaced late point once.
/// </summary>
public class DuckDbIdempotentWriteTests
{
    private const long S = 1_000_000_000L;
    private const long M = 60 * S;

    // 2027-01-15T08:00:00Z, a multiple of 5 minutes.
    private const long Now = 1_800_000_000L * S;

    private const string Srv1 = "tenant=acme,host=srv1";

    private TempDirectory _folder = null!;
    private SeriesRegistry _registry = null!;
    private DuckDbTimeSeriesStore _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _folder = new TempDirectory("alpi-duckdb-upsert");
        _store = await OpenAsync();
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Test]
    public async Task WriteAsync_SameBatchTwice_LeavesOneRowPerSeriesAndTimestamp()
    {
        var batch = Enumerable.Range(0, 1000)
            .Select(i => Of("cpu", Srv1, Now + (i * S), ("user", FieldValue.Float(i)), ("idle", FieldValue.Integer(i)), ("state", FieldValue.String($"s{i}"))))
            .ToArray();

        await _store.WriteAsync(batch, CancellationToken.None);
        await _store.WriteAsync(batch, CancellationToken.None);

        (await RowsAsync("points")).Should().Be(2000);
        (await RowsAsync("string_points")).Should().Be(1000);
        (await ScalarAsync("SELECT count(*) FROM (SELECT series_id, ts FROM points GROUP BY ALL HAVING count(*) > 1)")).Should().Be(0);
        _store.ReplacedValues.Should().Be(3000);
    }

    [Test]
    public async Task WriteAsync_HalfOfABatchAgainWithTheRestNew_StoresTheNewAndReplacesTheOld()
    {
        // A redelivered message stored in one transaction with messages that came after it.
        await _store.WriteAsync([.. Enumerable.Range(0, 10).Select(i => Float("cpu", Srv1, "user", i, Now + (i * S)))], CancellationToken.None);

        await _store.WriteAsync([.. Enumerable.Range(5, 10).Select(i => Float("cpu", Srv1, "user", 100 + i, Now + (i * S)))], CancellationToken.None);

        (await RowsAsync("points")).Should().Be(15);
        (await ScalarAsync("SELECT CAST(sum(value) AS BIGINT) FROM points")).Should().Be(0 + 1 + 2 + 3 + 4 + Enumerable.Range(105, 10).Sum());
        _store.ReplacedValues.Should().Be(5);
    }

    [Test]
    public async Task WriteAsync_OutOfOrderPointNeverStored_IsAddedWithoutReplacingAnything()
    {
        await _store.WriteAsync([Float("cpu", Srv1, "user", 1, Now), Float("cpu", Srv1, "user", 3, Now + (2 * S))], CancellationToken.None);

        await _store.WriteAsync([Float("cpu", Srv1, "user", 2, Now + S)], CancellationToken.None);

        (await RowsAsync("points")).Should().Be(3);
        _store.ReplacedValues.Should().Be(0);
    }

    [Test]
    public async Task WriteAsync_FieldThatTurnsFromNumberToString_IsRefusedWholeCountedAndTheNumberKept()
    {
        // InfluxDB 1.x: "partial write: field type conflict: input field "v" on measurement "m" is type string, already
        // exists as type float dropped=1"; the whole point is dropped (w too), the write's other points are stored.
        await _store.WriteAsync([Of("m", Srv1, Now, ("v", FieldValue.Float(1)))], CancellationToken.None);

        await _store.WriteAsync([
            Of("m", Srv1, Now, ("w", FieldValue.Float(5)), ("v", FieldValue.String("one"))),
            Of("m", Srv1, Now + S, ("v", FieldValue.Float(2))),
        ], CancellationToken.None);

        (await ScalarAsync("SELECT CAST(sum(value) AS BIGINT) FROM points")).Should().Be(3);
        (await RowsAsync("string_points")).Should().Be(0);
        _store.ReplacedValues.Should().Be(0);
        _store.ListSeries("acme", "srv1").Select(s => s.Field).Should().Equal(["v"], "no series is created for a refused point");
        _registry.FieldTypeConflicts.Should().Be(1);
        _registry.DrainFieldTypeConflicts().Should().Equal(new FieldTypeConflict("acme", "srv1", "m", "v", "string", "number", 1));
    }

    [Test]
    public async Task WriteAsync_NumberAfterStringsWithinOneWrite_IsRefused_TheFirstValueFixesTheType()
    {
        await _store.WriteAsync([
            Of("ups", Srv1, Now, ("status", FieldValue.String("online"))),
            Of("ups", Srv1, Now + S, ("status", FieldValue.Integer(3))),
            Of("ups", Srv1, Now + (2 * S), ("status", FieldValue.String("on battery"))),
        ], CancellationToken.None);

        (await RowsAsync("string_points")).Should().Be(2);
        (await RowsAsync("points")).Should().Be(0);
        _registry.DrainFieldTypeConflicts().Should().Equal(new FieldTypeConflict("acme", "srv1", "ups", "status", "integer", "string", 1));
    }

    [Test]
    public async Task WriteAsync_AfterReopening_TheStoredTypeStillRefusesTheOther()
    {
        await _store.WriteAsync([Float("m", Srv1, "v", 1, Now)], CancellationToken.None);
        _store.Dispose();
        _store = await OpenAsync();

        await _store.WriteAsync([Of("m", Srv1, Now + S, ("v", FieldValue.String("x"))), Float("m", Srv1, "v", 2, Now + (2 * S))], CancellationToken.None);

        (await RowsAsync("string_points")).Should().Be(0);
        (await RowsAsync("points")).Should().Be(2);
        _registry.FieldTypeConflicts.Should().Be(1);
    }

    // Integers, unsigned integers and booleans are stored as numbers beside floats: no conflict among them (the InfluxDB
    // stores write them all as floats too).
    [Test]
    public async Task WriteAsync_IntegerBooleanAndFloatOfOneField_AreAllStored()
    {
        await _store.WriteAsync([
            Of("m", Srv1, Now, ("v", FieldValue.Integer(1))),
            Of("m", Srv1, Now + S, ("v", FieldValue.Float(2.5))),
            Of("m", Srv1, Now + (2 * S), ("v", FieldValue.Boolean(true))),
            Of("m", Srv1, Now + (3 * S), ("v", FieldValue.UInteger(4))),
        ], CancellationToken.None);

        (await RowsAsync("points")).Should().Be(4);
        _registry.FieldTypeConflicts.Should().Be(0);
    }

    [Test]
    public async Task WriteAsync_AfterReopening_ReplacesWhatWasCommittedBeforeTheRestart()
    {
        LinePoint[] batch = [Float("cpu", Srv1, "user", 1, Now), Float("cpu", Srv1, "user", 2, Now + S)];
        await _store.WriteAsync(batch, CancellationToken.None);
        _store.Dispose(); // no checkpoint, as after a kill: the WAL is replayed at open

        _store = await OpenAsync();
        await _store.WriteAsync(batch, CancellationToken.None);

        (await RowsAsync("points")).Should().Be(2);
        _store.ReplacedValues.Should().Be(2);
    }

    [Test]
    public async Task WriteAsync_LatePointAgainAfterItsBucketWasRolledUp_IsCountedOnceInTheAggregates()
    {
        await _store.WriteAsync([Float("cpu", Srv1, "user", 10, Now - (20 * M))], CancellationToken.None);
        await _store.RunRollupAsync(DateTimeOffset.UnixEpoch.AddTicks(Now / 100), new RetentionOptions { RawRetentionDays = 30, RollupRetentionDays = 365, Delay = TimeSpan.FromMinutes(1) }, CancellationToken.None);
        // A late point, never seen, in a rolled-up bucket: added to the aggregates once.
        LinePoint[] late = [Float("cpu", Srv1, "user", 20, Now - (19 * M))];
        await _store.WriteAsync(late, CancellationToken.None);

        // Delivered again: the raw row is replaced, the aggregates do not count it twice.
        await _store.WriteAsync(late, CancellationToken.None);

        (await RowsAsync("points")).Should().Be(2);
        (await ScalarAsync("SELECT CAST(sum(value_count) AS BIGINT) FROM rollup_5m")).Should().Be(2);
        var result = await _store.QueryAsync(
            new SeriesQuery("cpu", "user", null, null, new Dictionary<string, string>(), Now - (30 * M), Now, 30 * M, Aggregation.Avg), CancellationToken.None);
        result.Should().ContainSingle().Which.Points.Should().Equal((Now - (30 * M), 15.0));
    }

    private Task<DuckDbTimeSeriesStore> OpenAsync() => DuckDbTestStore.OpenAsync(_folder.Path, _registry = new SeriesRegistry());

    private Task<long> RowsAsync(string table) => ScalarAsync($"SELECT count(*) FROM {table}");

    private Task<long> ScalarAsync(string sql) => DuckDbTestStore.ScalarAsync(_folder.Path, sql);
}
