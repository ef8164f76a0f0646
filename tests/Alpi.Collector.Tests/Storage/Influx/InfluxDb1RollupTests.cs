using System.Text;
using System.Text.Json;
using Alpi.Collector.Storage;
using Alpi.Collector.Storage.Influx;
using Alpi.Collector.Storage.Retention;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Alpi.Collector.Tests.Storage.Points;

namespace Alpi.Collector.Tests.Storage.Influx;

/// <summary>
/// Retention policies and the scheduled <c>SELECT … INTO</c> rollup against a real influxd 1.6.7, one database per test.
/// InfluxDB refuses points older than a policy's duration by its own clock, so the data is written around the real
/// current time; the store's <see cref="FakeTimeProvider"/> starts there and is moved forward to make that data old.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class InfluxDb1RollupTests
{
    private const long S = 1_000_000_000L;
    private const long M = 60 * S;
    private const long H = 60 * M;
    private const long D = 24 * H;
    private const string Srv1 = "tenant=acme,host=srv1";

    private readonly RetentionOptions _retention = new() { RawRetentionDays = 30, RollupRetentionDays = 365, Delay = TimeSpan.FromMinutes(1) };
    private InfluxDbServer _server = null!;
    private HttpClient _http = null!;
    private string _database = "";
    private long _now;
    private FakeTimeProvider _time = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await InfluxDbServer.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_server.Url) };
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        _http.Dispose();
        _server.Dispose();
    }

    [SetUp]
    public async Task NewDatabase()
    {
        // A test that stopped the server and failed before restarting it must not break the next one.
        try
        {
            using var ping = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
            await ping.GetAsync(new Uri(_server.Url + "/ping"));
        }
        catch (HttpRequestException)
        {
            await _server.StartAgainAsync();
        }

        _database = "rollup_" + Guid.NewGuid().ToString("N")[..12];
        // The last whole hour of the real clock: points written before it are within every policy.
        _now = RollupBuckets.ToNs(TimeProvider.System.GetUtcNow()) / H * H;
        _time = new FakeTimeProvider(At(_now));
    }

    [Test]
    public async Task InitializeAsync_MissingPolicies_CreatesThemWithTheConfiguredDurationsAndWritesToTheRawOne()
    {
        using var store = await OpenAsync();
        await store.WriteAsync([Float("cpu", Srv1, "usage", 1, _now - M)], CancellationToken.None);

        (await PoliciesAsync()).Should().Contain(("alpi_raw", "720h0m0s")).And.Contain(("rollup_5m", "8760h0m0s"));
        (await InfluxQlAsync("SELECT count(\"usage\") FROM \"alpi_raw\".\"cpu\"")).Should().Contain("[[0,1]]");
        store.RawRetentionPolicy.Should().Be("alpi_raw");
    }

    [Test]
    public async Task InitializeAsync_ExistingPolicyWithAnotherDuration_LeavesItAsItIs()
    {
        await InfluxQlAsync($"CREATE DATABASE \"{_database}\"");
        await InfluxQlAsync($"CREATE RETENTION POLICY \"alpi_raw\" ON \"{_database}\" DURATION 7d REPLICATION 1");

        using var store = await OpenAsync();

        (await PoliciesAsync()).Should().Contain(("alpi_raw", "168h0m0s"));
    }

    [Test]
    public async Task RunRollupAsync_CompletedBuckets_WritesCountSumMinMaxAndLastToTheRollupPolicy()
    {
        using var store = await OpenAsync();
        // 0…59 every 10 s from Now - 10 min: 0…29 in [Now - 10 min, Now - 5 min), 30…59 in [Now - 5 min, Now).
        await WriteEvery10sAsync(store, _now - (10 * M), 60, k => k);

        var run = await store.RunRollupAsync(At(_now + (30 * S)), _retention, CancellationToken.None);

        run.RolledUpBeforeNs.Should().Be(_now - (5 * M));
        run.AggregatesWritten.Should().Be(1);
        var rows = await InfluxQlAsync("SELECT count_usage, sum_usage, min_usage, max_usage, last_usage, host FROM \"rollup_5m\".\"cpu\"");
        rows.Should().Contain($"[[{_now - (10 * M)},30,435,0,29,29,\"srv1\"]]");
        (await InfluxQlAsync("SELECT last(\"watermark\") FROM \"rollup_5m\".\"alpi_rollup\"")).Should().Contain($",{_now - (5 * M)}]]");
    }

    [Test]
    public async Task RunRollupAsync_TwiceAtTheSameTimeAndAfterReopening_WritesNothingTwice()
    {
        using (var first = await OpenAsync())
        {
            await WriteEvery10sAsync(first, _now - (10 * M), 60, k => k);
            await first.RunRollupAsync(At(_now + (30 * S)), _retention, CancellationToken.None);
            (await first.RunRollupAsync(At(_now + (30 * S)), _retention, CancellationToken.None)).AggregatesWritten.Should().Be(0);
        }

        using var reopened = await OpenAsync();
        reopened.RolledUpBeforeNs.Should().Be(_now - (5 * M));
        var run = await reopened.RunRollupAsync(At(_now + (5 * M) + (30 * S)), _retention, CancellationToken.None);

        run.AggregatesWritten.Should().Be(1, "only the bucket completed since the last run");
        (await InfluxQlAsync("SELECT count(count_usage) FROM \"rollup_5m\".\"cpu\"")).Should().Contain("[[0,2]]");
    }

    [Test]
    public async Task RunRollupAsync_AfterALatePoint_RollsItsBucketUpAgain()
    {
        using var store = await OpenAsync();
        await WriteEvery10sAsync(store, _now - (10 * M), 60, k => k);
        await store.RunRollupAsync(At(_now + (30 * S)), _retention, CancellationToken.None);

        // An agent replays its buffer: 100 at Now - 10 min + 5 s, in the bucket already rolled up.
        await store.WriteAsync([Float("cpu", Srv1, "usage", 100, _now - (10 * M) + (5 * S))], CancellationToken.None);
        await store.RunRollupAsync(At(_now + (30 * S)), _retention, CancellationToken.None);

        var rows = await InfluxQlAsync("SELECT count_usage, sum_usage, max_usage FROM \"rollup_5m\".\"cpu\"");
        rows.Should().Contain($"[[{_now - (10 * M)},31,535,100]]");
    }

    [Test]
    public async Task QueryAsync_ThirtyDayRange_ReadsTheRollupPolicyAndOneHourRange_ReadsRawPoints()
    {
        using var store = await OpenAsync();
        await WriteEvery10sAsync(store, _now - (2 * H), 720, k => k % 100);
        await store.RunRollupAsync(At(_now), _retention, CancellationToken.None);
        // Mark the aggregates so that an answer read from them cannot be mistaken for one read from raw points.
        await MarkAggregatesAsync(_now - H);

        var month = await PointsAsync(store, Query(_now - (30 * D), _now, 30 * D / 300, Aggregation.Max));
        var hour = await PointsAsync(store, Query(_now - H, _now, 10 * S, Aggregation.Max));

        month.Should().Contain(p => p.Value >= 1000);
        hour.Should().HaveCount(360).And.OnlyContain(p => p.Value < 100);
    }

    [Test]
    public async Task QueryAsync_RangeOlderThanTheRawPolicy_ReturnsOnePointPerFiveMinuteBucket()
    {
        using var store = await OpenAsync();
        await WriteEvery10sAsync(store, _now - H, 360, k => k);
        await store.RunRollupAsync(At(_now + M), _retention, CancellationToken.None);

        // 40 days later the raw policy (30 days) no longer keeps that hour: its 10 s steps come from the aggregates.
        _time.Advance(TimeSpan.FromDays(40));
        var points = await PointsAsync(store, Query(_now - H, _now, 10 * S, Aggregation.Avg));

        points.Should().HaveCount(12);
        points[0].Should().Be((_now - H, 14.5));
        points[11].Should().Be((_now - (5 * M), 344.5));
    }

    // Each case: a reduction of the hour [Now - 1 h, Now) whose last 5 minutes are not rolled up yet: aggregates and
    // raw points merged in one step must equal the answer from raw points alone.
    [TestCase(Aggregation.Avg)]
    [TestCase(Aggregation.Min)]
    [TestCase(Aggregation.Max)]
    [TestCase(Aggregation.Last)]
    public async Task QueryAsync_StepSpanningAggregatesAndRawPoints_EqualsTheRawAnswer(Aggregation aggregation)
    {
        static double Value(int k) => Math.Round(50 + (40 * Math.Sin(k / 7.0)), 3);
        using var store = await OpenAsync();
        await WriteEvery10sAsync(store, _now - (2 * H), 720, Value);
        var rawOnly = await PointsAsync(store, Query(_now - (2 * H), _now, H, aggregation));

        await store.RunRollupAsync(At(_now + (30 * S)), _retention, CancellationToken.None);
        var merged = await PointsAsync(store, Query(_now - (2 * H), _now, H, aggregation));

        store.RolledUpBeforeNs.Should().Be(_now - (5 * M));
        merged.Select(p => p.TimestampNs).Should().Equal(rawOnly.Select(p => p.TimestampNs));
        merged.Select(p => p.Value).Should().Equal(rawOnly.Select(p => p.Value), (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Test]
    public async Task InitializeAsync_SeriesOnlyInTheRollupPolicy_AreListedAndQueried()
    {
        using (var first = await OpenAsync())
        {
            // The aggregates of a host whose raw points have expired, rolled up before Now.
            await WriteLineAsync("rollup_5m", $"cpu,host=old,tenant=acme count_usage=2i,sum_usage=10,min_usage=4,max_usage=6,last_usage=6 {_now - H}\n"
                + $"alpi_rollup watermark={_now}i {_now}");
        }

        using var store = await OpenAsync();

        store.ListSeries("acme", "old").Select(s => $"{s.Measurement}.{s.Field}").Should().Equal("cpu.usage");
        var avg = await store.QueryAsync(new SeriesQuery("cpu", "usage", "old", "acme", new Dictionary<string, string>(), _now - (2 * H), _now, H, Aggregation.Avg), CancellationToken.None);
        avg.Should().ContainSingle().Which.Points.Should().Equal((_now - H, 5.0));
    }

    [Test]
    public async Task RollupJob_InfluxDbDown_CountsTheFailureAndTheNextRunResumes()
    {
        using var store = await OpenAsync(o => { o.MaxAttempts = 2; o.RetryDelay = TimeSpan.FromMilliseconds(10); o.Timeout = TimeSpan.FromSeconds(2); });
        await WriteEvery10sAsync(store, _now - (10 * M), 60, k => k);
        var statistics = new RollupStatistics();
        _time.SetUtcNow(At(_now + (30 * S)));
        var job = new RollupJob(store, _time, Options.Create(_retention), statistics, NullLogger<RollupJob>.Instance);

        _server.Stop();
        var failed = await job.RunOnceAsync(CancellationToken.None);
        await _server.StartAgainAsync();
        var resumed = await job.RunOnceAsync(CancellationToken.None);

        failed.Should().BeNull();
        statistics.Failures.Should().Be(1);
        resumed!.RolledUpBeforeNs.Should().Be(_now - (5 * M));
        statistics.Runs.Should().Be(1);
        statistics.AggregatesWritten.Should().Be(1);

        // What /healthz shows: the failure's reason and time, and the run after it.
        var status = statistics.ToDto();
        status.LastFailure.Should().NotBeNullOrWhiteSpace();
        status.LastFailureAt.Should().Be(_time.GetUtcNow());
        status.LastRunAt.Should().Be(_time.GetUtcNow());
        status.RolledUpBefore.Should().Be(DateTimeOffset.UnixEpoch.AddTicks((_now - (5 * M)) / 100));
    }

    // Each case: a duration as SHOW RETENTION POLICIES prints it, and in hours.
    [TestCase("0s", 0.0)]
    [TestCase("720h0m0s", 720.0)]
    [TestCase("8760h0m0s", 8760.0)]
    [TestCase("1h30m0s", 1.5)]
    public void ParseDuration_GoDurations_AreReadInNanoseconds(string text, double hours) =>
        InfluxDb1TimeSeriesStore.ParseDuration(text).Should().Be((long)(hours * H));

    private static DateTimeOffset At(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);

    private static SeriesQuery Query(long fromNs, long toNs, long stepNs, Aggregation aggregation) =>
        new("cpu", "usage", "srv1", "acme", new Dictionary<string, string>(), fromNs, toNs, stepNs, aggregation);

    private static async Task WriteEvery10sAsync(InfluxDb1TimeSeriesStore store, long fromNs, int count, Func<int, double> value) =>
        await store.WriteAsync(Enumerable.Range(0, count).Select(k => Float("cpu", Srv1, "usage", value(k), fromNs + (k * 10 * S))).ToList(), CancellationToken.None);

    private static async Task<IReadOnlyList<(long TimestampNs, double Value)>> PointsAsync(InfluxDb1TimeSeriesStore store, SeriesQuery query) =>
        (await store.QueryAsync(query, CancellationToken.None)).Should().ContainSingle().Which.Points;

    private async Task<InfluxDb1TimeSeriesStore> OpenAsync(Action<InfluxDb1Options>? configure = null)
    {
        var options = new CollectorOptions();
        options.Storage.Kind = StorageOptions.KindInfluxDb1;
        options.Storage.InfluxDb1.Url = _server.Url;
        options.Storage.InfluxDb1.Database = _database;
        configure?.Invoke(options.Storage.InfluxDb1);
        var store = new InfluxDb1TimeSeriesStore(Options.Create(options), new SeriesRegistry(), _time, NullLogger<InfluxDb1TimeSeriesStore>.Instance, Options.Create(_retention));
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    /// <summary>Adds 1000 to <c>max_usage</c> of every aggregate from <paramref name="fromNs"/> on, by writing them again.</summary>
    private async Task MarkAggregatesAsync(long fromNs)
    {
        var result = await InfluxQlAsync($"SELECT max_usage FROM \"rollup_5m\".\"cpu\" WHERE time >= {fromNs} GROUP BY *");
        using var document = JsonDocument.Parse(result);
        var lines = new StringBuilder();
        foreach (var series in document.RootElement.GetProperty("results")[0].GetProperty("series").EnumerateArray())
        {
            var tags = string.Join(",", series.GetProperty("tags").EnumerateObject().Select(t => $"{t.Name}={t.Value.GetString()}"));
            foreach (var row in series.GetProperty("values").EnumerateArray())
            {
                lines.Append(System.Globalization.CultureInfo.InvariantCulture, $"cpu,{tags} max_usage={row[1].GetDouble() + 1000} {row[0].GetInt64()}\n");
            }
        }

        await WriteLineAsync("rollup_5m", lines.ToString());
    }

    private async Task WriteLineAsync(string policy, string lines)
    {
        using var content = new StringContent(lines, Encoding.UTF8, "text/plain");
        using var response = await _http.PostAsync(new Uri($"/write?db={_database}&rp={policy}&precision=ns", UriKind.Relative), content);
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
    }

    private async Task<string> InfluxQlAsync(string statement)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["db"] = _database, ["q"] = statement, ["epoch"] = "ns" });
        using var response = await _http.PostAsync(new Uri("/query", UriKind.Relative), content);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<List<(string Name, string Duration)>> PoliciesAsync()
    {
        using var document = JsonDocument.Parse(await InfluxQlAsync($"SHOW RETENTION POLICIES ON \"{_database}\""));
        return document.RootElement.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values").EnumerateArray()
            .Select(r => (r[0].GetString()!, r[1].GetString()!)).ToList();
    }
}
