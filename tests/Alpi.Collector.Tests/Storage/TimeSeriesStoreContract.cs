using Alpi.Collector.Storage;
using Alpi.Protocols.LineProtocol;
using static Alpi.Collector.Tests.Storage.Points;

namespace Alpi.Collector.Tests.Storage;

/// <summary>
/// What every <see cref="ITimeSeriesStore"/> answers alike, run against each implementation by a subclass that opens
/// it (the embedded DuckDB store, a real InfluxDB 1.x): ingest, aggregations, rates across a counter reset, tag
/// filters (with hostile values), series without points, the series index after reopening, and idempotent writes (one
/// point per series and timestamp, the last value winning, as InfluxDB defines it).
/// </summary>
public abstract class TimeSeriesStoreContract
{
    protected const long S = 1_000_000_000L;

    // 2023-11-14T22:13:20Z, a multiple of the 10 s step used below.
    protected const long T0 = 1_700_000_000L * S;

    protected const string Srv1 = "tenant=acme,host=srv1";

    protected ITimeSeriesStore Store { get; set; } = null!;

    /// <summary>Opens the store under test over the current test's data (a second call reopens the same data).</summary>
    protected abstract Task<ITimeSeriesStore> OpenAsync();

    /// <summary>Prepares the current test's data (a fresh folder, a fresh database) before the store is opened.</summary>
    protected abstract void BeforeEach();

    /// <summary>Deletes the current test's data after the store is closed.</summary>
    protected abstract void AfterEach();

    [SetUp]
    public async Task OpenStore()
    {
        BeforeEach();
        Store = await OpenAsync();
    }

    [TearDown]
    public void CloseStore()
    {
        (Store as IDisposable)?.Dispose();
        AfterEach();
    }

    [Test]
    public async Task WriteAsync_EveryFieldKind_ReturnsTheNumberOfValuesAndCreatesOneSeriesEach()
    {
        var written = await Store.WriteAsync(FieldKinds(), CancellationToken.None);

        written.Should().Be(10);
        Store.ListSeries("acme", "srv1").Select(s => s.Field).Should().Equal("b", "f", "i", "s", "u");
    }

    // Each case: a field, and the average of its two values (1.5 and 2.5, -2 and 4, 3 and 5, true and false) in one step.
    [TestCase("f", 2.0)]
    [TestCase("i", 1.0)]
    [TestCase("u", 4.0)]
    // Booleans are stored as 1 and 0.
    [TestCase("b", 0.5)]
    public async Task QueryAsync_NumericFieldKinds_AreStoredAsDoubles(string field, double expectedAvg)
    {
        await Store.WriteAsync(FieldKinds(), CancellationToken.None);

        var result = await Store.QueryAsync(Query("m", field, T0, T0 + (10 * S), 10 * S, Aggregation.Avg), CancellationToken.None);

        result.Should().ContainSingle().Which.Points.Should().Equal((T0, expectedAvg));
    }

    [Test]
    public async Task QueryAsync_StringField_ReturnsItsSeriesWithoutPoints()
    {
        await Store.WriteAsync([Of("m", Srv1, T0 + S, ("s", FieldValue.String("x")))], CancellationToken.None);

        var result = await Store.QueryAsync(Query("m", "s", T0, T0 + (10 * S), 10 * S, Aggregation.Last), CancellationToken.None);

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
        await Store.WriteAsync([
            Float("cpu", Srv1, "usage", 100, T0 - S),
            Float("cpu", Srv1, "usage", 1, T0 + S),
            Float("cpu", Srv1, "usage", 3, T0 + (9 * S)),
            Float("cpu", Srv1, "usage", 5, T0 + (5 * S)),
        ], CancellationToken.None);
        await Store.WriteAsync([
            Float("cpu", Srv1, "usage", 10, T0 + (12 * S)),
            Float("cpu", Srv1, "usage", -3, T0 + (25 * S)),
            Float("cpu", Srv1, "usage", 100, T0 + (30 * S)),
        ], CancellationToken.None);

        var result = await Store.QueryAsync(Query("cpu", "usage", T0, T0 + (30 * S), 10 * S, aggregation), CancellationToken.None);

        result.Should().ContainSingle().Which.Points.Should().Equal(Pairs(expected));
    }

    [Test]
    public async Task QueryAsync_OneNanosecondStep_ReturnsRawPoints()
    {
        // What the alert engine reads (StoreAlertDataSource: step 1 ns, last).
        await Store.WriteAsync([
            Float("cpu", Srv1, "usage", 1, T0 + S),
            Float("cpu", Srv1, "usage", 2, T0 + S + 1),
            Float("cpu", Srv1, "usage", 3, T0 + (2 * S)),
        ], CancellationToken.None);

        var result = await Store.QueryAsync(Query("cpu", "usage", T0, T0 + (2 * S), 1, Aggregation.Last), CancellationToken.None);

        result.Should().ContainSingle().Which.Points.Should().Equal((T0 + S, 1.0), (T0 + S + 1, 2.0));
    }

    [Test]
    public async Task QueryAsync_Rate_IsPerSecondBetweenStepsAndSkipsACounterReset()
    {
        // Last values per 10 s step: 100 in the step before the range (for the first rate), 200, then 50 (the counter
        // restarted), then 250.
        await Store.WriteAsync([
            Float("net", Srv1, "bytes_recv", 90, T0 - (8 * S)),
            Float("net", Srv1, "bytes_recv", 100, T0 - (5 * S)),
            Float("net", Srv1, "bytes_recv", 200, T0 + (5 * S)),
            Float("net", Srv1, "bytes_recv", 50, T0 + (15 * S)),
            Float("net", Srv1, "bytes_recv", 250, T0 + (25 * S)),
        ], CancellationToken.None);

        var result = await Store.QueryAsync(Query("net", "bytes_recv", T0, T0 + (30 * S), 10 * S, Aggregation.Rate), CancellationToken.None);

        // 200 - 100 over 10 s; no point at 10 s (reset); 250 - 50 over 10 s.
        result.Should().ContainSingle().Which.Points.Should().Equal((T0, 10.0), (T0 + (20 * S), 20.0));
    }

    [Test]
    public async Task QueryAsync_SeveralSeries_FiltersByHostTenantAndTags()
    {
        await Store.WriteAsync([
            Float("cpu", Srv1 + ",cpu=cpu0", "usage", 1, T0),
            Float("cpu", Srv1 + ",cpu=cpu1", "usage", 2, T0),
            Float("cpu", "tenant=acme,host=srv2,cpu=cpu0", "usage", 3, T0),
            Float("cpu", "tenant=other,host=srv1,cpu=cpu0", "usage", 4, T0),
        ], CancellationToken.None);

        var all = await Store.QueryAsync(Query("cpu", "usage", T0, T0 + S, S, Aggregation.Last), CancellationToken.None);
        var filtered = await Store.QueryAsync(
            Query("cpu", "usage", T0, T0 + S, S, Aggregation.Last) with { Tenant = "acme", TagFilters = new Dictionary<string, string> { ["cpu"] = "cpu0" } },
            CancellationToken.None);
        var host = await Store.QueryAsync(Query("cpu", "usage", T0, T0 + S, S, Aggregation.Last) with { Host = "srv1", Tenant = "other" }, CancellationToken.None);

        all.SelectMany(r => r.Points).Select(p => p.Value).Should().BeEquivalentTo([1.0, 2.0, 3.0, 4.0]);
        filtered.Select(r => (r.Series.Host, r.Points.Single().Value)).Should().BeEquivalentTo([("srv1", 1.0), ("srv2", 3.0)]);
        host.Should().ContainSingle().Which.Points.Should().Equal((T0, 4.0));
    }

    // Each case: a tag value or name that must be taken literally, never as query syntax. (Backslashes and newlines
    // cannot be written to InfluxDB 1.x tags, see the README; their escaping is covered by InfluxQlTests.)
    [TestCase("cpu", "x' OR 'a'='a")]
    [TestCase("cpu", "x\" OR \"a\"=\"a")]
    [TestCase("cpu\" = 'x' OR \"cpu", "cpu0")]
    [TestCase("cpu", "x') OR ('a'='a")]
    public async Task QueryAsync_HostileTagFilter_MatchesOnlyTheLiteralValue(string key, string value)
    {
        await Store.WriteAsync([
            Float("cpu", Srv1 + ",cpu=cpu0", "usage", 1, T0),
            Of("cpu", Srv1, T0, ("usage", FieldValue.Float(2))) with { Tags = [new("tenant", "acme"), new("host", "srv1"), new(key, value)] },
        ], CancellationToken.None);

        var result = await Store.QueryAsync(
            Query("cpu", "usage", T0, T0 + S, S, Aggregation.Last) with { TagFilters = new Dictionary<string, string> { [key] = value } },
            CancellationToken.None);

        result.Should().ContainSingle().Which.Points.Should().Equal((T0, 2.0));
    }

    [Test]
    public async Task LastValuesAsync_EveryFieldOfAHost_LastValueAtItsStepStart_SilentSeriesAbsent()
    {
        await Store.WriteAsync([
            Of("cpu", Srv1 + ",cpu=cpu0", T0, ("usage", FieldValue.Float(1)), ("idle", FieldValue.Float(99))),
            Of("cpu", Srv1 + ",cpu=cpu0", T0 + (12 * S), ("usage", FieldValue.Float(5)), ("idle", FieldValue.Float(95))),
            Of("mem", Srv1, T0 + (3 * S), ("used_percent", FieldValue.Float(40)), ("available", FieldValue.Integer(7))),
            Of("mem", Srv1, T0 + (25 * S), ("used_percent", FieldValue.Float(41))),
            Of("system", Srv1, T0 - (100 * S), ("load1", FieldValue.Float(0.5))),
            Of("cpu", "tenant=acme,host=srv2,cpu=cpu0", T0 + (30 * S), ("usage", FieldValue.Float(77))),
        ], CancellationToken.None);
        var series = Store.ListSeries("acme", "srv1");

        var latest = await Store.LastValuesAsync(series, T0, T0 + (60 * S), 10 * S, CancellationToken.None);

        string Name(long id) => series.Single(s => s.Id == id) is var s ? $"{s.Measurement}.{s.Field}" : "";
        latest.ToDictionary(p => Name(p.Key), p => p.Value).Should().BeEquivalentTo(new Dictionary<string, (long, double)>
        {
            ["cpu.usage"] = (T0 + (10 * S), 5),
            ["cpu.idle"] = (T0 + (10 * S), 95),
            ["mem.used_percent"] = (T0 + (20 * S), 41),
            ["mem.available"] = (T0, 7),
        }, "system.load1 has no point in the range, and srv2's series were not asked for");
    }

    [Test]
    public async Task LastValuesAsync_SeriesOfSeveralHosts_OneMeasurement()
    {
        await Store.WriteAsync([
            Float("hotspot_terminal", "tenant=cigale,host=borne-a,group=g", "active_sessions", 2, T0 + S),
            Float("hotspot_terminal", "tenant=cigale,host=borne-b,group=g", "active_sessions", 3, T0 + (2 * S)),
            Float("hotspot_terminal", "tenant=mairie,host=borne-c,group=g", "active_sessions", 4, T0 + (3 * S)),
        ], CancellationToken.None);
        var series = Store.ListSeries(null, null).Where(s => s.Measurement == "hotspot_terminal").ToList();

        var latest = await Store.LastValuesAsync(series, T0, T0 + (10 * S), S, CancellationToken.None);

        latest.Select(p => (series.Single(s => s.Id == p.Key).Host, p.Value.Value)).Should().BeEquivalentTo([("borne-a", 2.0), ("borne-b", 3.0), ("borne-c", 4.0)]);
    }

    // Each case: an aggregation and a step (1 ns: raw points); a several-field query answers what one query per field does.
    [TestCase(Aggregation.Avg, 10 * S)]
    [TestCase(Aggregation.Max, 10 * S)]
    [TestCase(Aggregation.Last, 10 * S)]
    [TestCase(Aggregation.Rate, 10 * S)]
    [TestCase(Aggregation.Last, 1L)]
    public async Task QueryFieldsAsync_SeveralFields_AnswersWhatOneQueryPerFieldDoes(Aggregation aggregation, long step)
    {
        // Two CPUs of srv1 with three numeric fields (usage missing at one time, idle only on cpu0 at first), a string
        // field, and another host's CPU that the host filter leaves out.
        await Store.WriteAsync([
            Of("cpu", Srv1 + ",cpu=cpu0", T0 - (5 * S), ("usage", FieldValue.Float(1)), ("idle", FieldValue.Float(99)), ("steal", FieldValue.Float(0)), ("state", FieldValue.String("ok"))),
            Of("cpu", Srv1 + ",cpu=cpu0", T0 + (3 * S), ("usage", FieldValue.Float(5)), ("idle", FieldValue.Float(95)), ("steal", FieldValue.Float(1))),
            Of("cpu", Srv1 + ",cpu=cpu0", T0 + (14 * S), ("idle", FieldValue.Float(90)), ("steal", FieldValue.Float(2))),
            Of("cpu", Srv1 + ",cpu=cpu0", T0 + (26 * S), ("usage", FieldValue.Float(30)), ("idle", FieldValue.Float(70)), ("steal", FieldValue.Float(4))),
            Of("cpu", Srv1 + ",cpu=cpu1", T0 + (4 * S), ("usage", FieldValue.Float(7)), ("steal", FieldValue.Float(3))),
            Of("cpu", Srv1 + ",cpu=cpu1", T0 + (24 * S), ("usage", FieldValue.Float(9)), ("idle", FieldValue.Float(91)), ("steal", FieldValue.Float(5))),
            Of("cpu", "tenant=acme,host=srv2,cpu=cpu0", T0 + (5 * S), ("usage", FieldValue.Float(50)), ("idle", FieldValue.Float(50))),
        ], CancellationToken.None);
        var query = Query("cpu", "usage", T0, T0 + (30 * S), step, aggregation) with { Host = "srv1", Tenant = "acme" };
        string[] fields = ["idle", "usage", "state", "nope", "steal"];

        var result = await Store.QueryFieldsAsync(query, fields, CancellationToken.None);

        var expected = new List<SeriesPoints>();
        foreach (var field in fields)
        {
            expected.AddRange(await Store.QueryAsync(query with { Field = field }, CancellationToken.None));
        }

        static string Text(SeriesPoints s) => $"{s.Series.Field} {string.Join(",", s.Series.Tags)}: {string.Join(" ", s.Points.Select(p => $"{(p.TimestampNs - T0) / S}s={p.Value}"))}";
        result.Select(Text).Should().Equal(expected.Select(Text), "the same series, field after field, with the same points");
        result.Select(s => s.Series.Field).Distinct().Should().Equal(["idle", "usage", "state", "steal"], "a field no series has gives nothing");
        result.Where(s => s.Series.Field == "usage").Should().HaveCount(2).And.OnlyContain(s => s.Points.Count > 0);
        result.Where(s => s.Series.Field == "state").Should().ContainSingle().Which.Points.Should().BeEmpty("string values are not returned");
    }

    [Test]
    public async Task QueryFieldsAsync_FieldGivenTwice_ThrowsArgumentException()
    {
        await Store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0)], CancellationToken.None);

        var read = () => Store.QueryFieldsAsync(Query("cpu", "usage", T0, T0 + S, S, Aggregation.Avg), ["usage", "idle", "usage"], CancellationToken.None);

        await read.Should().ThrowAsync<ArgumentException>().WithMessage("*\"usage\" is given twice*");
    }

    [Test]
    public async Task QueryAsync_NoMatchingSeries_ReturnsNothing()
    {
        await Store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0)], CancellationToken.None);

        (await Store.QueryAsync(Query("cpu", "nope", T0, T0 + S, S, Aggregation.Avg), CancellationToken.None)).Should().BeEmpty();
    }

    [Test]
    public async Task QueryAsync_SeriesWithoutPointsInRange_IsReturnedEmpty()
    {
        await Store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0)], CancellationToken.None);

        var result = await Store.QueryAsync(Query("cpu", "usage", T0 + S, T0 + (10 * S), S, Aggregation.Avg), CancellationToken.None);

        result.Should().ContainSingle().Which.Points.Should().BeEmpty();
    }

    [Test]
    public async Task InitializeAsync_AfterReopening_ReloadsTheSeriesAndTheirPoints()
    {
        await Store.WriteAsync([
            Float("cpu", Srv1 + ",cpu=cpu0", "usage", 1, T0),
            Float("mem", Srv1, "used", 2, T0),
            Of("m", Srv1, T0, ("s", FieldValue.String("x"))),
        ], CancellationToken.None);
        var before = Store.ListSeries(null, null).Select(s => (s.Measurement, s.Field, s.Tenant, s.Host, Tags: string.Join(",", s.Tags))).ToList();
        await Store.FlushAsync(CancellationToken.None);
        (Store as IDisposable)?.Dispose();

        Store = await OpenAsync();
        await Store.WriteAsync([Float("cpu", Srv1 + ",cpu=cpu0", "usage", 3, T0 + S)], CancellationToken.None);

        Store.ListSeries(null, null).Select(s => (s.Measurement, s.Field, s.Tenant, s.Host, Tags: string.Join(",", s.Tags))).Should().BeEquivalentTo(before);
        var cpu = await Store.QueryAsync(Query("cpu", "usage", T0, T0 + (2 * S), S, Aggregation.Last), CancellationToken.None);
        cpu.Should().ContainSingle().Which.Points.Should().Equal((T0, 1.0), (T0 + S, 3.0));
        (await Store.QueryAsync(Query("m", "s", T0, T0 + S, S, Aggregation.Last), CancellationToken.None)).Should().ContainSingle().Which.Points.Should().BeEmpty();
    }

    [Test]
    public async Task WriteAsync_SameBatchTwice_IsStoredOnce()
    {
        // 1 and 3 in one step: stored twice, the average would still be 2, so a third value tells: with 1 once more
        // beside them the average would be 5/3.
        LinePoint[] batch = [Float("cpu", Srv1, "usage", 1, T0 + S), Float("cpu", Srv1, "usage", 3, T0 + (2 * S))];
        await Store.WriteAsync(batch, CancellationToken.None);
        await Store.WriteAsync(batch, CancellationToken.None);
        await Store.WriteAsync([batch[0]], CancellationToken.None);

        var result = await Store.QueryAsync(Query("cpu", "usage", T0, T0 + (10 * S), 10 * S, Aggregation.Avg), CancellationToken.None);

        result.Should().ContainSingle().Which.Points.Should().Equal((T0, 2.0));
    }

    [Test]
    public async Task WriteAsync_SameSeriesAndTimestampAgain_LastValueWins()
    {
        await Store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0 + S), Float("cpu", Srv1, "usage", 3, T0 + (2 * S))], CancellationToken.None);
        await Store.WriteAsync([Float("cpu", Srv1, "usage", 7, T0 + S)], CancellationToken.None);

        var result = await Store.QueryAsync(Query("cpu", "usage", T0, T0 + (10 * S), 10 * S, Aggregation.Avg), CancellationToken.None);

        result.Should().ContainSingle().Which.Points.Should().Equal((T0, 5.0));
    }

    [Test]
    public async Task WriteAsync_DuplicateWithinOneBatch_LastValueWins()
    {
        await Store.WriteAsync([
            Float("cpu", Srv1, "usage", 1, T0 + S),
            Float("cpu", Srv1, "usage", 3, T0 + (2 * S)),
            Float("cpu", Srv1, "usage", 9, T0 + S),
        ], CancellationToken.None);

        var result = await Store.QueryAsync(Query("cpu", "usage", T0, T0 + (10 * S), 10 * S, Aggregation.Avg), CancellationToken.None);

        result.Should().ContainSingle().Which.Points.Should().Equal((T0, 6.0));
    }

    [Test]
    public async Task WriteAsync_SameBatchAfterReopening_IsStoredOnce()
    {
        // A redelivery after a crash meets a store that was closed and opened again.
        LinePoint[] batch = [Float("cpu", Srv1, "usage", 1, T0 + S), Float("cpu", Srv1, "usage", 3, T0 + (2 * S))];
        await Store.WriteAsync(batch, CancellationToken.None);
        await Store.WriteAsync([Float("cpu", Srv1, "usage", 5, T0 + (3 * S))], CancellationToken.None);
        await Store.FlushAsync(CancellationToken.None);
        (Store as IDisposable)?.Dispose();

        Store = await OpenAsync();
        await Store.WriteAsync(batch, CancellationToken.None);

        var result = await Store.QueryAsync(Query("cpu", "usage", T0, T0 + (10 * S), 10 * S, Aggregation.Avg), CancellationToken.None);
        result.Should().ContainSingle().Which.Points.Should().Equal((T0, 3.0));
    }

    // A point without timestamp, without host tag, without tenant tag.
    [TestCase(null, Srv1)]
    [TestCase(T0, "tenant=acme")]
    [TestCase(T0, "host=srv1")]
    public async Task WriteAsync_InvalidPoint_ThrowsArgumentExceptionAndWritesNothing(long? timestamp, string tags)
    {
        var write = () => Store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0), Float("mem", tags, "used", 1, timestamp)], CancellationToken.None);

        await write.Should().ThrowAsync<ArgumentException>();
        Store.ListSeries(null, null).Should().BeEmpty();
    }

    // Points before 1970 have negative timestamps: a step holds [k × step, (k + 1) × step) since the epoch, so a point at
    // noon on 1900-06-15 is in the step of 1900-06-15 (floor division), not of 1900-06-16 (division rounding toward zero).
    [TestCase(Aggregation.Avg)]
    [TestCase(Aggregation.Last)]
    public async Task QueryAsync_PointsBefore1970_LandInTheStepThatHoldsThem(Aggregation aggregation)
    {
        var day = 86_400 * S;
        var june15 = NsOf(1900, 6, 15);
        await Store.WriteAsync([
            Float("cpu", Srv1, "usage", 1, june15 + (12 * 3600 * S)),
            Float("cpu", Srv1, "usage", 2, june15 + day + (23 * 3600 * S)),
        ], CancellationToken.None);

        var result = await Store.QueryAsync(Query("cpu", "usage", june15, june15 + (2 * day), day, aggregation), CancellationToken.None);

        result.Should().ContainSingle().Which.Points.Should().Equal((june15, 1.0), (june15 + day, 2.0));
    }

    [Test]
    public async Task QueryAsync_RateBefore1970_IsPerSecondBetweenTheStepsThatHoldThePoints()
    {
        var day = 86_400 * S;
        var june15 = NsOf(1900, 6, 15);
        await Store.WriteAsync([
            Float("net", Srv1, "bytes_recv", 100, june15 - (12 * 3600 * S)),
            Float("net", Srv1, "bytes_recv", 100 + 86_400, june15 + (12 * 3600 * S)),
        ], CancellationToken.None);

        var result = await Store.QueryAsync(Query("net", "bytes_recv", june15, june15 + day, day, Aggregation.Rate), CancellationToken.None);

        result.Should().ContainSingle().Which.Points.Should().Equal((june15, 1.0));
    }

    // A step wider than the range (or a range starting inside a step): the step is labelled with the range's start, never
    // an instant before it (1970-01-01 for a 100-year step), as Flux's aggregateWindow labels its first window.
    [TestCase(36_500L * 86_400)]
    [TestCase(10L)]
    public async Task QueryAsync_RangeStartingInsideAStep_LabelsThatStepWithTheRangeStart(long stepSeconds)
    {
        await Store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0 + (6 * S)), Float("cpu", Srv1, "usage", 3, T0 + (8 * S))], CancellationToken.None);

        var result = await Store.QueryAsync(Query("cpu", "usage", T0 + (5 * S), T0 + (10 * S), stepSeconds * S, Aggregation.Avg), CancellationToken.None);

        result.Should().ContainSingle().Which.Points.Should().Equal((T0 + (5 * S), 2.0));
    }

    // Near the earliest instant stored (1678): the 100-year step holding the point starts before 2^63 ns before the epoch.
    [TestCase(Aggregation.Max)]
    [TestCase(Aggregation.Last)]
    public async Task QueryAsync_HundredYearStepIn1678_AnswersWithoutOverflow(Aggregation aggregation)
    {
        var from = NsOf(1678, 1, 1);
        await Store.WriteAsync([Float("cpu", Srv1, "usage", 1, from + (3600 * S)), Float("cpu", Srv1, "usage", 5, NsOf(1678, 6, 1))], CancellationToken.None);

        var result = await Store.QueryAsync(Query("cpu", "usage", from, NsOf(1679, 1, 1), 36_500L * 86_400 * S, aggregation), CancellationToken.None);

        result.Should().ContainSingle().Which.Points.Should().Equal((from, 5.0));
    }

    // InfluxDB refuses a point whose field has another type than the one stored ("field type conflict"), keeping the
    // other points of the write: the number stays, the string is not stored in its place.
    [Test]
    public async Task WriteAsync_StringAfterANumberAtTheSameTimestamp_IsRefusedAndTheNumberKept()
    {
        await Store.WriteAsync([Float("m", Srv1, "v", 1, T0 + S)], CancellationToken.None);

        await Store.WriteAsync([Of("m", Srv1, T0 + S, ("v", FieldValue.String("one"))), Float("m", Srv1, "w", 2, T0 + S)], CancellationToken.None);

        (await Store.QueryAsync(Query("m", "v", T0, T0 + (10 * S), 10 * S, Aggregation.Last), CancellationToken.None))
            .Should().ContainSingle().Which.Points.Should().Equal((T0, 1.0));
        (await Store.QueryAsync(Query("m", "w", T0, T0 + (10 * S), 10 * S, Aggregation.Last), CancellationToken.None))
            .Should().ContainSingle().Which.Points.Should().Equal((T0, 2.0));
    }

    /// <summary>Nanoseconds since the epoch of midnight UTC on the given day.</summary>
    protected static long NsOf(int year, int month, int day) =>
        (new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    protected static SeriesQuery Query(string measurement, string field, long fromNs, long toNs, long stepNs, Aggregation aggregation) =>
        new(measurement, field, null, null, new Dictionary<string, string>(), fromNs, toNs, stepNs, aggregation);

    private static LinePoint[] FieldKinds() =>
    [
        Of("m", Srv1, T0 + S, ("f", FieldValue.Float(1.5)), ("i", FieldValue.Integer(-2)), ("u", FieldValue.UInteger(3)), ("b", FieldValue.Boolean(true)), ("s", FieldValue.String("x"))),
        Of("m", Srv1, T0 + (2 * S), ("f", FieldValue.Float(2.5)), ("i", FieldValue.Integer(4)), ("u", FieldValue.UInteger(5)), ("b", FieldValue.Boolean(false)), ("s", FieldValue.String("y"))),
    ];

    private static (long, double)[] Pairs(double[] flat) =>
        [.. flat.Chunk(2).Select(p => (T0 + ((long)p[0] * S), p[1]))];
}
