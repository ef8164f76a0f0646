using Alpi.Collector.Storage;
using Alpi.Collector.Storage.Retention;

namespace Alpi.Collector.Tests.Storage.Retention;

public class RollupPlanTests
{
    private const long S = 1_000_000_000L;
    private const long M = 60 * S;
    private const long H = 60 * M;
    private const long D = 24 * H;
    private const long Now = 1_800_000_000L * S;
    private const long None = long.MinValue;

    // Each case: the query's range start (minutes before Now), its step (seconds), the watermark and the start of the
    // raw points kept (minutes before Now, or None), and the split expected (minutes before Now).
    // A step of 5 minutes or more reads everything rolled up from the aggregates, even where raw points are kept.
    [TestCase(60, 3600, 5L, None, 5L)]
    [TestCase(60, 300, 5L, None, 5L)]
    // Shorter steps read raw points wherever they are kept: a range inside the raw retention reads no aggregates.
    [TestCase(60, 10, 5L, 43200L, 60L)]
    // Older than the raw retention (30 days): aggregates up to it, raw points after.
    [TestCase(50 * 24 * 60, 10, 5L, 43200L, 43200L)]
    // Nothing rolled up yet: raw points only, whatever the step.
    [TestCase(60, 3600, None, None, 60L)]
    [TestCase(50 * 24 * 60, 10, None, 43200L, 50 * 24 * 60L)]
    public void For_SplitsTheRangeBetweenAggregatesAndRawPoints(long fromMinutes, long stepSeconds, long watermarkMinutes, long rawKeptMinutes, long splitMinutes)
    {
        static long Before(long minutes) => minutes == None ? None : Now - (minutes * M);
        var query = new SeriesQuery("cpu", "usage", null, null, new Dictionary<string, string>(), Before(fromMinutes), Now, stepSeconds * S, Aggregation.Avg);

        var plan = RollupPlan.For(query, Before(watermarkMinutes), Before(rawKeptMinutes));

        plan.SplitNs.Should().Be(Before(splitMinutes));
        plan.ReadsAggregates.Should().Be(splitMinutes != fromMinutes);
        plan.ReadsRaw.Should().Be(splitMinutes != 0);
    }

    [Test]
    public void For_RangeEndingBeforeTheWatermark_ReadsOnlyAggregatesInWholeBuckets()
    {
        var query = new SeriesQuery("cpu", "usage", null, null, new Dictionary<string, string>(), Now - D + (2 * M), Now - H, H, Aggregation.Rate);

        var plan = RollupPlan.For(query, Now - (5 * M), None);

        plan.Should().Be(new RollupPlan(Now - D + (2 * M) - H, Now - H, Now - H, H));
        plan.ReadsRaw.Should().BeFalse();
        plan.FirstBucketNs.Should().Be(Now - D - H, "the bucket holding the start, one step early for a rate");
        plan.AggregateStepNs.Should().Be(H);
    }

    [Test]
    public void For_StepBelowFiveMinutes_GroupsAggregatesByFiveMinutes() =>
        RollupPlan.For(new SeriesQuery("m", "f", null, null, new Dictionary<string, string>(), Now - H, Now, 10 * S, Aggregation.Avg), Now, Now)
            .AggregateStepNs.Should().Be(5 * M);

    [Test]
    public void Points_StepOnBothSides_MergesCountsSumsExtremesAndTheLaterLast()
    {
        var aggregates = new[] { (0L, new PartialAggregate(30, 300, 1, 20, 5)), (H, new PartialAggregate(10, 50, 2, 8, 3)) };
        var raw = new[] { (H, new PartialAggregate(2, 30, 0, 25, 9)), (2 * H, new PartialAggregate(1, 7, 7, 7, 7)) };

        RollupPlan.Points(aggregates, raw, Aggregation.Avg, 0).Should().Equal((0L, 10.0), (H, 80.0 / 12), (2 * H, 7.0));
        RollupPlan.Points(aggregates, raw, Aggregation.Min, 0).Should().Equal((0L, 1.0), (H, 0.0), (2 * H, 7.0));
        RollupPlan.Points(aggregates, raw, Aggregation.Max, 0).Should().Equal((0L, 20.0), (H, 25.0), (2 * H, 7.0));
        RollupPlan.Points(aggregates, raw, Aggregation.Last, 0).Should().Equal((0L, 5.0), (H, 9.0), (2 * H, 7.0));
    }

    [Test]
    public void Points_Rate_DividesTheLastValuesOfConsecutiveStepsAndSkipsAReset()
    {
        var aggregates = new[] { (0L, new PartialAggregate(1, 0, 0, 0, 3600)), (H, new PartialAggregate(1, 0, 0, 0, 10800)) };
        var raw = new[] { (2 * H, new PartialAggregate(1, 0, 0, 0, 100)), (3 * H, new PartialAggregate(1, 0, 0, 0, 3700)) };

        // The first step only serves as the previous value; 10800 → 100 is a counter reset.
        RollupPlan.Points(aggregates, raw, Aggregation.Rate, H).Should().Equal((H, 2.0), (3 * H, 1.0));
    }

    // Each case: an instant (ns) and the start of its 5-minute bucket, and the smallest bucket start not before it.
    [TestCase(0L, 0L, 0L)]
    [TestCase(1L, 0L, 300_000_000_000L)]
    [TestCase(299_999_999_999L, 0L, 300_000_000_000L)]
    [TestCase(-1L, -300_000_000_000L, 0L)]
    public void Floor_And_Ceiling_AlignOnFiveMinutesSinceTheEpoch(long ns, long floor, long ceiling)
    {
        RollupBuckets.Floor(ns).Should().Be(floor);
        RollupBuckets.Ceiling(ns).Should().Be(ceiling);
    }
}
