using Alpi.Collector.Storage;
using Alpi.Collector.Storage.DuckDb;
using Alpi.Collector.Storage.Influx;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Alpi.Collector.Tests.Storage.Points;

namespace Alpi.Collector.Tests.Storage.Influx;

/// <summary>What only InfluxDB does: line errors, outages, a missing database; and the same answers as DuckDB on a larger data set.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class InfluxDb1TimeSeriesStoreTests
{
    private const long S = 1_000_000_000L;
    private const long T0 = 1_700_000_000L * S;
    private const string Srv1 = "tenant=acme,host=srv1";

    private InfluxDbServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await InfluxDbServer.StartAsync();

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

    [SetUp]
    public async Task EnsureServerRunning()
    {
        // A test that stopped the server and failed before restarting it must not break the next one.
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
            await http.GetAsync(new Uri(_server.Url + "/ping"));
        }
        catch (HttpRequestException)
        {
            await _server.StartAgainAsync();
        }
    }

    [Test]
    public async Task WriteAsync_OneLineWithAFieldTypeConflict_WritesTheOthersAndCountsIt()
    {
        using var store = await OpenAsync(NewDatabase());
        await store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0)], CancellationToken.None);

        // "usage" is a float in InfluxDB now: the string value is refused (HTTP 400 "partial write … dropped=1").
        var written = await store.WriteAsync([
            Float("cpu", Srv1, "usage", 2, T0 + S),
            Of("cpu", Srv1, T0 + (2 * S), ("usage", FieldValue.String("oops"))),
            Float("cpu", Srv1, "usage", 3, T0 + (3 * S)),
        ], CancellationToken.None);

        written.Should().Be(3);
        store.Statistics.RejectedPoints.Should().Be(1);
        store.Statistics.RejectedRequests.Should().Be(1);
        store.Statistics.Retries.Should().Be(0, "a line error is never retried");
        var result = await store.QueryAsync(new SeriesQuery("cpu", "usage", null, null, new Dictionary<string, string>(), T0, T0 + (10 * S), 1, Aggregation.Last), CancellationToken.None);
        result.Should().ContainSingle().Which.Points.Should().Equal((T0, 1.0), (T0 + S, 2.0), (T0 + (3 * S), 3.0));
    }

    [Test]
    public async Task WriteAsync_ServerStopped_RetriesAndCompletesOnlyOnceTheServerIsBack()
    {
        var database = NewDatabase();
        using var store = await OpenAsync(database, o =>
        {
            o.MaxAttempts = 1000;
            o.RetryDelay = TimeSpan.FromMilliseconds(100);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(300);
            o.BatchSize = 40;
        });
        var points = Enumerable.Range(0, 100).Select(i => Float("net", Srv1, "bytes_recv", i, T0 + (i * S))).ToList();

        _server.Stop();
        var write = store.WriteAsync(points, CancellationToken.None);
        await Task.Delay(1500);
        write.IsCompleted.Should().BeFalse("nothing is accepted while InfluxDB is away, so nothing may be acknowledged");
        store.Statistics.Retries.Should().BeGreaterThan(0);

        await _server.StartAgainAsync();
        (await write.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(100);

        var result = await store.QueryAsync(new SeriesQuery("net", "bytes_recv", null, null, new Dictionary<string, string>(), T0, T0 + (100 * S), 1, Aggregation.Last), CancellationToken.None);
        result.Should().ContainSingle().Which.Points.Select(p => p.Value).Should().Equal(Enumerable.Range(0, 100).Select(i => (double)i));
    }

    [Test]
    public async Task WriteAsync_ServerStaysAway_ThrowsAnIOExceptionAfterTheAttempts()
    {
        using var store = await OpenAsync(NewDatabase(), o =>
        {
            o.MaxAttempts = 3;
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
        });
        _server.Stop();
        try
        {
            var write = () => store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0)], CancellationToken.None);

            // An IOException: the ingest writer keeps the batch, retries it later and acknowledges nothing meanwhile.
            (await write.Should().ThrowAsync<InfluxDbException>()).Which.Message.Should().Contain("after 3 attempts");
            store.Statistics.Retries.Should().Be(2);
            store.ListSeries(null, null).Should().BeEmpty();
        }
        finally
        {
            await _server.StartAgainAsync();
        }
    }

    [Test]
    public async Task WriteAsync_DatabaseMissing_ThrowsWithoutRetrying()
    {
        using var store = await OpenAsync(NewDatabase(), o => o.CreateDatabase = false);

        var write = () => store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0)], CancellationToken.None);

        (await write.Should().ThrowAsync<InfluxDbException>()).Which.Message.Should().Contain("database not found");
        store.Statistics.Retries.Should().Be(0);
    }

    [Test]
    public async Task QueryAsync_SameDataAsDuckDb_GivesTheSameAnswers()
    {
        // Three hosts, two cpus each, a gauge with jitter and a counter that restarts, every 7 s for 20 minutes.
        var points = new List<LinePoint>();
        var random = new Random(6);
        for (var h = 1; h <= 3; h++)
        {
            for (var c = 0; c < 2; c++)
            {
                var counter = 0.0;
                for (var t = 0L; t < 1200; t += 7)
                {
                    counter = t == 602 && h == 2 ? 3 : counter + random.Next(0, 1000);
                    points.Add(Of("cpu", $"tenant=acme,host=srv{h},cpu=cpu{c}", (T0 + (t * S)) + random.Next(0, 1000),
                        ("usage", FieldValue.Float(Math.Round(random.NextDouble() * 100, 3))), ("ticks", FieldValue.Integer((long)counter))));
                }
            }
        }

        using var folder = new TempDirectory("alpi-duckdb-compare");
        using var duck = new DuckDbTimeSeriesStore(Options.Create(new CollectorOptions { DataDirectory = folder.Path }), new SeriesRegistry(), NullLogger<DuckDbTimeSeriesStore>.Instance);
        await duck.InitializeAsync(CancellationToken.None);
        using var influx = await OpenAsync(NewDatabase());
        await duck.WriteAsync(points, CancellationToken.None);
        await influx.WriteAsync(points, CancellationToken.None);

        var compared = 0;
        foreach (var (field, aggregation) in new[] { ("usage", Aggregation.Avg), ("usage", Aggregation.Min), ("usage", Aggregation.Max), ("usage", Aggregation.Last), ("ticks", Aggregation.Rate), ("ticks", Aggregation.Last) })
        {
            foreach (var step in new[] { 1L, 10 * S, 60 * S, 300 * S })
            {
                foreach (var filter in new Dictionary<string, string>[] { [], new() { ["cpu"] = "cpu1" } })
                {
                    var query = new SeriesQuery("cpu", field, null, "acme", filter, T0 + (33 * S), T0 + (1100 * S), step, aggregation);
                    var expected = await duck.QueryAsync(query, CancellationToken.None);
                    var actual = await influx.QueryAsync(query, CancellationToken.None);

                    var expectedByTags = expected.ToDictionary(s => string.Join(",", s.Series.Tags), s => s.Points);
                    actual.Should().HaveCount(expected.Count);
                    foreach (var series in actual)
                    {
                        var want = expectedByTags[string.Join(",", series.Series.Tags)];
                        series.Points.Select(p => p.TimestampNs).Should().Equal(want.Select(p => p.TimestampNs), $"{aggregation} of {field} every {step} ns");
                        series.Points.Select(p => p.Value).Should().Equal(want.Select(p => p.Value), (a, b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b)), $"{aggregation} of {field} every {step} ns");
                        compared += series.Points.Count;
                    }
                }
            }
        }

        compared.Should().BeGreaterThan(10_000);
        influx.ListSeries(null, null).Select(s => (s.Measurement, s.Field, string.Join(",", s.Tags)))
            .Should().BeEquivalentTo(duck.ListSeries(null, null).Select(s => (s.Measurement, s.Field, string.Join(",", s.Tags))));
    }

    private static string NewDatabase() => "store_" + Guid.NewGuid().ToString("N")[..12];

    private async Task<InfluxDb1TimeSeriesStore> OpenAsync(string database, Action<InfluxDb1Options>? configure = null)
    {
        var options = new CollectorOptions();
        options.Storage.Kind = StorageOptions.KindInfluxDb1;
        options.Storage.InfluxDb1.Url = _server.Url;
        options.Storage.InfluxDb1.Database = database;
        configure?.Invoke(options.Storage.InfluxDb1);
        var store = new InfluxDb1TimeSeriesStore(Options.Create(options), new SeriesRegistry(), TimeProvider.System, NullLogger<InfluxDb1TimeSeriesStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }
}
