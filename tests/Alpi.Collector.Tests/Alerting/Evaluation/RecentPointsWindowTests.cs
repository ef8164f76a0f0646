using Alpi.Collector.Alerting.Evaluation.RecentPoints;
using Alpi.Collector.Alerting.Rules;
using Alpi.Collector.Ingest;
using Alpi.Collector.Inventory;
using Alpi.Collector.Relational;
using Alpi.Collector.Storage;
using Alpi.Collector.Storage.DuckDb;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Alpi.Collector.Tests.Storage.Points;
using QueryRequest = Alpi.Collector.Api.QueryRequest;

namespace Alpi.Collector.Tests.Alerting.Evaluation;

/// <summary>
/// The in-memory window the rules read: what it loads from the store, what ingest adds, what it drops, and that it
/// answers exactly what the store answers for the same reads.
/// </summary>
public class RecentPointsWindowTests
{
    private const long S = 1_000_000_000L;
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private TempDirectory _folder = null!;
    private DuckDbTimeSeriesStore _store = null!;
    private HostInventory _inventory = null!;
    private CollectorDatabases _databases = null!;
    private FakeTimeProvider _time = null!;
    private RecentPointsWindow _window = null!;

    [SetUp]
    public async Task SetUp()
    {
        _folder = new TempDirectory("alpi-window");
        var options = Options.Create(new CollectorOptions { DataDirectory = _folder.Path });
        _store = new DuckDbTimeSeriesStore(options, new SeriesRegistry(), NullLogger<DuckDbTimeSeriesStore>.Instance);
        await _store.InitializeAsync(CancellationToken.None);
        _databases = new CollectorDatabases(options);
        _inventory = new HostInventory(_databases, NullLogger<HostInventory>.Instance);
        await _inventory.InitializeAsync(CancellationToken.None);
        _time = new FakeTimeProvider(Now);
        _window = new RecentPointsWindow(_store, _inventory, NullLogger<RecentPointsWindow>.Instance);
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        _inventory.Dispose();
        _databases.Dispose();
        _folder.Dispose();
    }

    [Test]
    public async Task PrepareAsync_LoadsTheStoredWindowOncePerMeasurement_AndKnowsSeriesWithoutRecentPoints()
    {
        await _store.WriteAsync([
            Float("cpu", "tenant=t,host=a,cpu=total", "usage", 50, At(-30)),
            Float("cpu", "tenant=t,host=b,cpu=total", "usage", 70, At(-400)), // older than the 5 min window
        ], CancellationToken.None);

        await _window.PrepareAsync(Rules(("cpu", "usage", "5m")), _time.GetUtcNow(), CancellationToken.None);

        var read = await ReadAsync("cpu", "usage", null, TimeSpan.FromMinutes(5));
        read.Should().HaveCount(2);
        read.Single(s => s.Series.Host == "a").Points.Should().Equal((At(-30), 50.0));
        read.Single(s => s.Series.Host == "b").Points.Should().BeEmpty();
        _window.SeriesCount.Should().Be(2);
        _window.PointCount.Should().Be(1);
    }

    [Test]
    public async Task OnStored_AddsCommittedPointsOfWatchedFields_InOrder_OneValuePerTimestamp()
    {
        await _window.PrepareAsync(Rules(("cpu", "usage", "5m")), _time.GetUtcNow(), CancellationToken.None);

        Stored(Float("cpu", "tenant=t,host=a,cpu=total", "usage", 2, At(-10)));
        Stored(Float("cpu", "tenant=t,host=a,cpu=total", "usage", 1, At(-20))); // late: inserted before
        Stored(Float("cpu", "tenant=t,host=a,cpu=total", "usage", 3, At(-10))); // same timestamp: replaces
        Stored(Float("mem", "tenant=t,host=a", "used", 9, At(-10)));            // not watched: not held
        Stored(Of("cpu", "tenant=t,host=a,cpu=total", At(-5), ("state", FieldValue.String("x"))));

        var read = await ReadAsync("cpu", "usage", "a", TimeSpan.FromMinutes(5));
        read.Should().ContainSingle().Which.Points.Should().Equal((At(-20), 1.0), (At(-10), 3.0));
        _window.PointCount.Should().Be(2);
    }

    [Test]
    public async Task PrepareAsync_DropsPointsOlderThanTheLongestWindow_AndOlderReadsGoToTheStore()
    {
        await _window.PrepareAsync(Rules(("cpu", "usage", "1m")), _time.GetUtcNow(), CancellationToken.None);
        var old = Float("cpu", "tenant=t,host=a", "usage", 1, At(-10));
        await _store.WriteAsync([old], CancellationToken.None);
        Stored(old);

        _time.Advance(TimeSpan.FromMinutes(2));
        await _window.PrepareAsync(Rules(("cpu", "usage", "1m")), _time.GetUtcNow(), CancellationToken.None);

        _window.PointCount.Should().Be(0);
        (await ReadAsync("cpu", "usage", null, TimeSpan.FromMinutes(1))).Single().Points.Should().BeEmpty();
        _window.StoreReads.Should().Be(0);

        // A read reaching further back than the window held is answered by the store.
        var read = await _window.ReadAsync(Selector("cpu", "usage"), null, null, Now.AddMinutes(-1), Now.AddMinutes(3), CancellationToken.None);
        read.Should().ContainSingle().Which.Points.Should().Equal((At(-10), 1.0));
        _window.StoreReads.Should().Be(1);
    }

    [Test]
    public async Task PrepareAsync_WiderWindowAfterAReload_LoadsTheOlderPointsFromTheStore()
    {
        await _store.WriteAsync([Float("cpu", "tenant=t,host=a", "usage", 1, At(-600)), Float("cpu", "tenant=t,host=a", "usage", 2, At(-30))], CancellationToken.None);
        await _window.PrepareAsync(Rules(("cpu", "usage", "1m")), _time.GetUtcNow(), CancellationToken.None);
        _window.PointCount.Should().Be(1);

        await _window.PrepareAsync(Rules(("cpu", "usage", "1m"), ("cpu", "usage", "15m")), _time.GetUtcNow(), CancellationToken.None);

        _window.PointCount.Should().Be(2);
        (await ReadAsync("cpu", "usage", null, TimeSpan.FromMinutes(15))).Single().Points.Should().Equal((At(-600), 1.0), (At(-30), 2.0));
    }

    [Test]
    public async Task PrepareAsync_MeasurementNoRuleReadsAnyMore_IsForgotten()
    {
        await _window.PrepareAsync(Rules(("cpu", "usage", "5m")), _time.GetUtcNow(), CancellationToken.None);
        Stored(Float("cpu", "tenant=t,host=a", "usage", 1, At(-1)));

        await _window.PrepareAsync(Rules(("mem", "used", "5m")), _time.GetUtcNow(), CancellationToken.None);
        Stored(Float("cpu", "tenant=t,host=a", "usage", 2, At(0)));

        _window.SeriesCount.Should().Be(0);
        _window.PointCount.Should().Be(0);
    }

    [Test]
    public async Task OnStored_SeriesSendingFasterThanTheCap_KeepsTheNewestAndCountsTheDropped()
    {
        await _window.PrepareAsync(Rules(("cpu", "usage", "1h")), _time.GetUtcNow(), CancellationToken.None);
        var points = Enumerable.Range(0, RecentPointsWindow.MaxPointsPerSeries + 10)
            .Select(i => Float("cpu", "tenant=t,host=a", "usage", i, At(-3000) + (i * (S / 10))))
            .ToList();

        Stored([.. points]);

        _window.PointCount.Should().Be(RecentPointsWindow.MaxPointsPerSeries);
        _window.DroppedPoints.Should().Be(10);
    }

    [Test]
    public async Task ReadAsync_SeriesThatLostPointsToTheCap_ReadsWindowsReachingBeforeThemFromTheStore()
    {
        // 6,000 points 100 ms apart (values 0..5999) in a 1 h window: memory keeps the newest 4,096; a rule's window
        // over the whole hour must still see the minimum 0 (what the store answers), not 1904.
        await _window.PrepareAsync(Rules(("cpu", "usage", "1h")), _time.GetUtcNow(), CancellationToken.None);
        var points = Enumerable.Range(0, 6000)
            .Select(i => Float("cpu", "tenant=t,host=a", "usage", i, At(-700) + (i * (S / 10))))
            .ToList();
        await _store.WriteAsync(points, CancellationToken.None);
        Stored([.. points]);

        var hour = await ReadAsync("cpu", "usage", null, TimeSpan.FromHours(1));

        _window.DroppedPoints.Should().Be(6000 - RecentPointsWindow.MaxPointsPerSeries);
        _window.StoreReads.Should().Be(1, "the window reaches before the points held in memory");
        hour.Single().Points.Should().HaveCount(6000);
        hour.Single().Points.Min(p => p.Value).Should().Be(0);

        // A window inside the points held is still answered from memory.
        var recent = await ReadAsync("cpu", "usage", null, TimeSpan.FromMinutes(5));
        _window.StoreReads.Should().Be(1);
        recent.Single().Points.Should().NotBeEmpty();
    }

    // Random points over several hosts, tags and fields, some stored before the window loaded and some after, some
    // late or repeated; every selector and host scope must read from memory exactly what the store returns.
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task ReadAsync_AnswersExactlyWhatTheStoreAnswers(int seed)
    {
        var random = new Random(seed);
        var hosts = new[] { "a", "b", "c", "d" };
        // A point sent again carries the same value (what the store keeps for two values at one timestamp is not specified).
        LinePoint RandomPoint()
        {
            var seconds = random.Next(0, 900);
            return Of("disk", $"tenant=t{random.Next(2)},host={hosts[random.Next(hosts.Length)]},path=/p{random.Next(3)}",
                At(-seconds), (random.Next(2) == 0 ? "used" : "free", FieldValue.Float(seconds % 97)));
        }

        await _store.WriteAsync(Enumerable.Range(0, 300).Select(_ => RandomPoint()).ToList(), CancellationToken.None);
        await _window.PrepareAsync(Rules(("disk", "used", "10m"), ("disk", "free", "2m")), _time.GetUtcNow(), CancellationToken.None);
        for (var i = 0; i < 30; i++)
        {
            var batch = Enumerable.Range(0, 10).Select(_ => RandomPoint()).ToList();
            await _store.WriteAsync(batch, CancellationToken.None);
            Stored([.. batch]);
        }

        var selectors = new[]
        {
            Selector("disk", "used"),
            Selector("disk", "used", new TagMatcher("path", TagMatchKind.Equal, "/p1")),
            Selector("disk", "used", new TagMatcher("path", TagMatchKind.NotEqual, "/p1"), new TagMatcher("tenant", TagMatchKind.Equal, "t0")),
            Selector("disk", "free", new TagMatcher("host", TagMatchKind.Regex, "a|c")),
        };
        foreach (var selector in selectors)
        {
            var window = selector.Field == "used" ? TimeSpan.FromMinutes(10) : TimeSpan.FromMinutes(2);
            foreach (var (tenant, host) in new (string?, string?)[] { (null, null), ("t0", "a"), ("t1", "c"), ("t0", "zz") })
            {
                var fromMemory = await _window.ReadAsync(selector, tenant, host, Now - window, Now.AddMinutes(1), CancellationToken.None);
                var fromStore = await new Alpi.Collector.Alerting.Evaluation.StoreAlertDataSource(_store, _inventory)
                    .ReadAsync(selector, tenant, host, Now - window, Now.AddMinutes(1), CancellationToken.None);
                Normalise(fromMemory).Should().Equal(Normalise(fromStore), $"{selector.Field} {string.Join(' ', selector.Tags)} in {tenant}/{host}");
            }
        }

        _window.StoreReads.Should().Be(0, "every read was answered from memory");
    }

    private static long At(int seconds) => QueryRequest.ToNs(Now) + (seconds * S);

    private static IEnumerable<string> Normalise(IReadOnlyList<SeriesPoints> result) =>
        result.Select(s => $"{SeriesRegistry.SeriesKey(s.Series)} {string.Join(' ', s.Points)}").Order(StringComparer.Ordinal);

    private static SeriesSelector Selector(string measurement, string field, params TagMatcher[] tags) => new(measurement, field, tags);

    private static RuleSet Rules(params (string Measurement, string Field, string Window)[] rules)
    {
        var yaml = "rules:\n" + string.Concat(rules.Select((r, i) =>
            $"  - name: r{i}\n    kind: threshold\n    measurement: {r.Measurement}\n    field: {r.Field}\n    window: {r.Window}\n    above: 90\n"));
        return RuleFileParser.Parse(yaml, out var errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
    }

    private Task<IReadOnlyList<SeriesPoints>> ReadAsync(string measurement, string field, string? host, TimeSpan window) =>
        _window.ReadAsync(Selector(measurement, field), host is null ? null : "t", host, _time.GetUtcNow() - window, _time.GetUtcNow().AddMinutes(1), CancellationToken.None);

    private void Stored(params LinePoint[] points) =>
        _window.OnStored([new IngestBatch("t", "h", points, _ => Task.CompletedTask)]);
}
