using Alpi.Collector.Storage;
using Alpi.Collector.Storage.DuckDb;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Alpi.Collector.Tests.Storage.Points;

namespace Alpi.Collector.Tests.Storage.DuckDb;

public class DuckDbTimeSeriesStoreTests
{
    private const long S = 1_000_000_000L;

    // 2023-11-14T22:13:20Z, a multiple of the 10 s step used below.
    private const long T0 = 1_700_000_000L * S;

    private const string Srv1 = "tenant=acme,host=srv1";

    private TempDirectory _folder = null!;
    private DuckDbTimeSeriesStore _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _folder = new TempDirectory("alpi-duckdb");
        _store = await OpenAsync();
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Test]
    public async Task WriteAsync_EveryFieldKind_ReturnsTheNumberOfValuesAndCreatesOneSeriesEach()
    {
        var written = await _store.WriteAsync([
            Of("m", Srv1, T0 + S, ("f", FieldValue.Float(1.5)), ("i", FieldValue.Integer(-2)), ("u", FieldValue.UInteger(3)), ("b", FieldValue.Boolean(true)), ("s", FieldValue.String("x"))),
            Of("m", Srv1, T0 + (2 * S), ("f", FieldValue.Float(2.5)), ("i", FieldValue.Integer(4)), ("u", FieldValue.UInteger(5)), ("b", FieldValue.Boolean(false)), ("s", FieldValue.String("y"))),
        ], CancellationToken.None);

        written.Should().Be(10);
        _store.ListSeries("acme", "srv1").Select(s => s.Field).Should().Equal("b", "f", "i", "s", "u");
    }

    // Each case: a field, and the average of its two values (1.5 and 2.5, -2 and 4, 3 and 5, true and false) in one step.
    [TestCase("f", 2.0)]
    [TestCase("i", 1.0)]
    [TestCase("u", 4.0)]
    // Booleans are stored as 1 and 0.
    [TestCase("b", 0.5)]
    public async Task QueryAsync_NumericFieldKinds_AreStoredAsDoubles(string field, double expectedAvg)
    {
        await _store.WriteAsync([
            Of("m", Srv1, T0 + S, ("f", FieldValue.Float(1.5)), ("i", FieldValue.Integer(-2)), ("u", FieldValue.UInteger(3)), ("b", FieldValue.Boolean(true)), ("s", FieldValue.String("x"))),
            Of("m", Srv1, T0 + (2 * S), ("f", FieldValue.Float(2.5)), ("i", FieldValue.Integer(4)), ("u", FieldValue.UInteger(5)), ("b", FieldValue.Boolean(false)), ("s", FieldValue.String("y"))),
        ], CancellationToken.None);

        var result = await _store.QueryAsync(Query("m", field, T0, T0 + (10 * S), 10 * S, Aggregation.Avg), CancellationToken.None);

        result.Should().ContainSingle().Which.Points.Should().Equal((T0, expectedAvg));
    }

    [Test]
    public async Task QueryAsync_StringField_ReturnsItsSeriesWithoutPoints()
    {
        await _store.WriteAsync([Of("m", Srv1, T0 + S, ("s", FieldValue.String("x")))], CancellationToken.None);

        var result = await _store.QueryAsync(Query("m", "s", T0, T0 + (10 * S), 10 * S, Aggregation.Last), CancellationToken.None);

        result.Should().ContainSingle().Which.Points.Should().BeEmpty();
    }

    // Each case: the aggregation and the expected (step offset in seconds, value) list, flattened.
    // Step [0 s, 10 s) holds 1 @1 s, 5 @5 s, 3 @9 s; step [10 s, 20 s) holds 10 @12 s; step [20 s, 30 s) holds -3 @25 s.
    // Points at -1 s and 30 s lie outside [from, to) and must not count.
    [TestCase(Aggregation.Avg, new[] { 0, 3.0, 10, 10.0, 20, -3.0 })]
    [TestCase(Aggregation.Min, new[] { 0, 1.0, 10, 10.0, 20, -3.0 })]
    [TestCase(Aggregation.Max, new[] { 0, 5.0, 10, 10.0, 20, -3.0 })]
    // Last is the latest timestamp, not the last written: 3 @9 s was written before 5 @5 s.
    [TestCase(Aggregation.Last, new[] { 0, 3.0, 10, 10.0, 20, -3.0 })]
    public async Task QueryAsync_Aggregation_ReducesEachStep(Aggregation aggregation, double[] expected)
    {
        await _store.WriteAsync([
            Float("cpu", Srv1, "usage", 100, T0 - S),
            Float("cpu", Srv1, "usage", 1, T0 + S),
            Float("cpu", Srv1, "usage", 3, T0 + (9 * S)),
            Float("cpu", Srv1, "usage", 5, T0 + (5 * S)),
        ], CancellationToken.None);
        await _store.WriteAsync([
            Float("cpu", Srv1, "usage", 10, T0 + (12 * S)),
            Float("cpu", Srv1, "usage", -3, T0 + (25 * S)),
            Float("cpu", Srv1, "usage", 100, T0 + (30 * S)),
        ], CancellationToken.None);

        var result = await _store.QueryAsync(Query("cpu", "usage", T0, T0 + (30 * S), 10 * S, aggregation), CancellationToken.None);

        result.Should().ContainSingle().Which.Points.Should().Equal(Pairs(expected));
    }

    [Test]
    public async Task QueryAsync_Rate_IsPerSecondBetweenStepsAndSkipsACounterReset()
    {
        // Last values per 10 s step: 100 in the step before the range (for the first rate), 200, then 50 (the counter
        // restarted), then 250.
        await _store.WriteAsync([
            Float("net", Srv1, "bytes_recv", 90, T0 - (8 * S)),
            Float("net", Srv1, "bytes_recv", 100, T0 - (5 * S)),
            Float("net", Srv1, "bytes_recv", 200, T0 + (5 * S)),
            Float("net", Srv1, "bytes_recv", 50, T0 + (15 * S)),
            Float("net", Srv1, "bytes_recv", 250, T0 + (25 * S)),
        ], CancellationToken.None);

        var result = await _store.QueryAsync(Query("net", "bytes_recv", T0, T0 + (30 * S), 10 * S, Aggregation.Rate), CancellationToken.None);

        // 200 - 100 over 10 s; no point at 10 s (reset); 250 - 50 over 10 s.
        result.Should().ContainSingle().Which.Points.Should().Equal((T0, 10.0), (T0 + (20 * S), 20.0));
    }

    [Test]
    public async Task QueryAsync_SeveralSeries_FiltersByHostTenantAndTags()
    {
        await _store.WriteAsync([
            Float("cpu", Srv1 + ",cpu=cpu0", "usage", 1, T0),
            Float("cpu", Srv1 + ",cpu=cpu1", "usage", 2, T0),
            Float("cpu", "tenant=acme,host=srv2,cpu=cpu0", "usage", 3, T0),
            Float("cpu", "tenant=other,host=srv1,cpu=cpu0", "usage", 4, T0),
        ], CancellationToken.None);

        var all = await _store.QueryAsync(Query("cpu", "usage", T0, T0 + S, S, Aggregation.Last), CancellationToken.None);
        var filtered = await _store.QueryAsync(
            Query("cpu", "usage", T0, T0 + S, S, Aggregation.Last) with { Tenant = "acme", TagFilters = new Dictionary<string, string> { ["cpu"] = "cpu0" } },
            CancellationToken.None);

        all.SelectMany(r => r.Points).Select(p => p.Value).Should().BeEquivalentTo([1.0, 2.0, 3.0, 4.0]);
        filtered.Select(r => (r.Series.Host, r.Points.Single().Value)).Should().BeEquivalentTo([("srv1", 1.0), ("srv2", 3.0)]);
    }

    [Test]
    public async Task QueryAsync_NoMatchingSeries_ReturnsNothing()
    {
        await _store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0)], CancellationToken.None);

        (await _store.QueryAsync(Query("cpu", "nope", T0, T0 + S, S, Aggregation.Avg), CancellationToken.None)).Should().BeEmpty();
    }

    [Test]
    public async Task QueryAsync_SeriesWithoutPointsInRange_IsReturnedEmpty()
    {
        await _store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0)], CancellationToken.None);

        var result = await _store.QueryAsync(Query("cpu", "usage", T0 + S, T0 + (10 * S), S, Aggregation.Avg), CancellationToken.None);

        result.Should().ContainSingle().Which.Points.Should().BeEmpty();
    }

    [Test]
    public async Task InitializeAsync_AfterReopening_ReloadsSeriesWithTheSameIdsAndContinuesIds()
    {
        await _store.WriteAsync([
            Float("cpu", Srv1 + ",cpu=cpu0", "usage", 1, T0),
            Float("mem", Srv1, "used", 2, T0),
        ], CancellationToken.None);
        var before = _store.ListSeries(null, null);
        await _store.FlushAsync(CancellationToken.None);
        _store.Dispose();

        _store = await OpenAsync();
        await _store.WriteAsync([Float("cpu", Srv1 + ",cpu=cpu0", "usage", 3, T0 + S), Float("disk", Srv1, "free", 4, T0)], CancellationToken.None);

        var after = _store.ListSeries(null, null);
        after.Should().HaveCount(3);
        after.Where(s => s.Measurement != "disk").Should().BeEquivalentTo(before);
        after.Single(s => s.Measurement == "disk").Id.Should().Be(before.Max(s => s.Id) + 1);
        var cpu = await _store.QueryAsync(Query("cpu", "usage", T0, T0 + (2 * S), S, Aggregation.Last), CancellationToken.None);
        cpu.Should().ContainSingle().Which.Points.Should().Equal((T0, 1.0), (T0 + S, 3.0));
    }

    [Test]
    public async Task InitializeAsync_AfterDisposeWithoutFlush_KeepsCommittedPoints()
    {
        await _store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0)], CancellationToken.None);
        _store.Dispose();

        _store = await OpenAsync();

        var result = await _store.QueryAsync(Query("cpu", "usage", T0, T0 + S, S, Aggregation.Last), CancellationToken.None);
        result.Should().ContainSingle().Which.Points.Should().Equal((T0, 1.0));
    }

    // A point without timestamp, without host tag, without tenant tag.
    [TestCase(null, Srv1)]
    [TestCase(T0, "tenant=acme")]
    [TestCase(T0, "host=srv1")]
    public async Task WriteAsync_InvalidPoint_ThrowsArgumentException(long? timestamp, string tags)
    {
        var write = () => _store.WriteAsync([Float("cpu", tags, "usage", 1, timestamp)], CancellationToken.None);

        await write.Should().ThrowAsync<ArgumentException>();
    }

    // The invalid point comes after a valid point of a new series in the same batch: without timestamp, without host tag.
    [TestCase(null, Srv1)]
    [TestCase(T0, "tenant=acme")]
    public async Task WriteAsync_BatchRejectedForAnInvalidPoint_DoesNotLoseTheSeriesOfItsValidPoints(long? timestamp, string tags)
    {
        var rejected = () => _store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0), Float("mem", tags, "used", 1, timestamp)], CancellationToken.None);
        await rejected.Should().ThrowAsync<ArgumentException>();

        // The sender fixes its batch and writes the valid point again.
        await _store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0)], CancellationToken.None);
        _store.Dispose();
        _store = await OpenAsync();

        _store.ListSeries(null, null).Select(s => s.Measurement).Should().Equal("cpu");
        var result = await _store.QueryAsync(Query("cpu", "usage", T0, T0 + S, S, Aggregation.Last), CancellationToken.None);
        result.Should().ContainSingle().Which.Points.Should().Equal((T0, 1.0));
    }

    [Test]
    public async Task WriteAsync_BeforeInitialize_Throws()
    {
        using var store = new DuckDbTimeSeriesStore(Options.Create(new CollectorOptions { DataDirectory = _folder.Path }), new SeriesRegistry(), NullLogger<DuckDbTimeSeriesStore>.Instance);

        var write = () => store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0)], CancellationToken.None);

        await write.Should().ThrowAsync<InvalidOperationException>();
    }

    [Test]
    public void Rates_ConsecutiveLasts_AreDividedByTheTimeBetweenThemAndStartAtFrom()
    {
        List<(long, double)> lasts = [(0, 0), (10 * S, 100), (30 * S, 300), (40 * S, 0), (50 * S, 50)];

        // The first step (0) only serves as the previous value; a 20 s gap divides by 20; 300 -> 0 is a reset.
        DuckDbTimeSeriesStore.Rates(lasts, 10 * S).Should().Equal((10 * S, 10.0), (30 * S, 10.0), (50 * S, 5.0));
        DuckDbTimeSeriesStore.Rates(lasts, 31 * S).Should().Equal((50 * S, 5.0));
        DuckDbTimeSeriesStore.Rates([], 0).Should().BeEmpty();
    }

    private Task<DuckDbTimeSeriesStore> OpenAsync() => DuckDbTestStore.OpenAsync(_folder.Path);

    private static SeriesQuery Query(string measurement, string field, long fromNs, long toNs, long stepNs, Aggregation aggregation) =>
        new(measurement, field, null, null, new Dictionary<string, string>(), fromNs, toNs, stepNs, aggregation);

    private static (long, double)[] Pairs(double[] flat) =>
        [.. flat.Chunk(2).Select(p => (T0 + ((long)p[0] * S), p[1]))];
}
