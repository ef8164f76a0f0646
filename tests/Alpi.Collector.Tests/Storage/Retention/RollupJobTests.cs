using Alpi.Collector.Storage;
using Alpi.Collector.Storage.DuckDb;
using Alpi.Collector.Storage.Retention;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Alpi.Collector.Tests.Storage.Points;

namespace Alpi.Collector.Tests.Storage.Retention;

/// <summary>The rollup job on the embedded store, its clock a <see cref="FakeTimeProvider"/>.</summary>
public class RollupJobTests
{
    private const long S = 1_000_000_000L;
    private const long M = 60 * S;

    // 2027-01-15T08:00:00Z.
    private const long Now = 1_800_000_000L * S;

    private TempDirectory _folder = null!;
    private DuckDbTimeSeriesStore _store = null!;
    private FakeTimeProvider _time = null!;
    private RollupStatistics _statistics = null!;
    private RollupJob _job = null!;

    [SetUp]
    public async Task SetUp()
    {
        _folder = new TempDirectory("alpi-rollup-job");
        _store = new DuckDbTimeSeriesStore(Options.Create(new CollectorOptions { DataDirectory = _folder.Path }), new SeriesRegistry(), NullLogger<DuckDbTimeSeriesStore>.Instance);
        await _store.InitializeAsync(CancellationToken.None);
        _time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddTicks(Now / 100));
        _statistics = new RollupStatistics();
        _job = new RollupJob(_store, _time, Options.Create(new RetentionOptions { RawRetentionDays = 1, RollupRetentionDays = 2 }), _statistics, NullLogger<RollupJob>.Instance);
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Test]
    public async Task RunOnceAsync_AsTheClockMoves_RollsUpEachCompletedBucketOnceAndPurgesOnSchedule()
    {
        // A value every 10 s for the 3 days before Now.
        var points = Enumerable.Range(0, 3 * 8640).Select(k => Float("cpu", "tenant=acme,host=srv1", "usage", k, Now - (3 * 1440 * M) + (k * 10 * S))).ToList();
        await _store.WriteAsync(points, CancellationToken.None);

        var first = await _job.RunOnceAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));
        var second = await _job.RunOnceAsync(CancellationToken.None);
        var third = await _job.RunOnceAsync(CancellationToken.None);

        // Now - 1 min with the default delay: the bucket [Now - 5 min, Now) is not complete at the first run.
        // The raw day kept, merged into hour parts as its hours close: 23 hours at the first run, the last at the second.
        // The two days of aggregates kept (from 08:00 two days ago), merged into day parts once their day ends at
        // midnight (UTC): 16 hours of the first, the whole of yesterday; today's stay.
        first!.Should().Be(new RollupRun(Now - (5 * M), (3 * 288) - 1, 2 * 8640, 288, 23 * 360, (16 * 12) + 288));
        second!.Should().Be(new RollupRun(Now, 1, 30, 1, 360, 0), "5 minutes later: one more bucket, 5 more minutes of raw points and of aggregates past retention, the last hour closed");
        third!.Should().Be(new RollupRun(Now, 0, 0, 0, 0, 0), "nothing new at the same time");
        _statistics.AggregatesMerged.Should().Be((16 * 12) + 288);
        _statistics.RawPointsMerged.Should().Be(24 * 360);
        _statistics.Runs.Should().Be(3);
        _statistics.AggregatesWritten.Should().Be(3 * 288);
        _store.RawKeptFromNs.Should().Be(Now + (5 * M) - (1440 * M));
        var status = _statistics.ToDto();
        status.LastRunAt.Should().Be(_time.GetUtcNow());
        status.RolledUpBefore.Should().Be(DateTimeOffset.UnixEpoch.AddTicks(Now / 100));
        status.Failures.Should().Be(0);
        status.LastFailure.Should().BeNull();
    }

    [Test]
    public async Task RunOnceAsync_AnUnexpectedFault_IsCountedAndShown_AndTheNextRunCompletes()
    {
        // Two closed hours of points: the run's hour merge reaches the hook, which fails as a bug of ours would.
        var points = Enumerable.Range(0, 2 * 360).Select(k => Float("cpu", "tenant=acme,host=srv1", "usage", k, Now - (130 * M) + (k * 10 * S))).ToList();
        await _store.WriteAsync(points, CancellationToken.None);
        _store.AfterMergeCopy = () => throw new InvalidOperationException("a fault of ours");

        var failed = await _job.RunOnceAsync(CancellationToken.None);
        var status = _statistics.ToDto();
        _store.AfterMergeCopy = null;
        var resumed = await _job.RunOnceAsync(CancellationToken.None);

        failed.Should().BeNull();
        status.Failures.Should().Be(1);
        status.LastFailure.Should().Be("a fault of ours");
        status.LastFailureAt.Should().Be(_time.GetUtcNow());
        resumed!.RawPointsMerged.Should().BeGreaterThan(0, "the merge the fault stopped is done by the next run");
        status.Runs.Should().Be(0, "the statistics were read before the second run");
        _statistics.Runs.Should().Be(1);
    }
}
