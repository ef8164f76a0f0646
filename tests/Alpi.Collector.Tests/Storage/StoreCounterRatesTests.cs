using Alpi.Collector.Storage;

namespace Alpi.Collector.Tests.Storage;

/// <summary>The stores' per-second rates between steps (<c>agg=rate</c>), at the edges of what ingest stores.</summary>
[TestFixture]
public sealed class StoreCounterRatesTests
{
    [Test]
    public void Compute_StepsMoreThan292YearsApart_PositiveRate()
    {
        // 1678 and 2261 are both storable; their distance in nanoseconds does not fit a long.
        var from = new DateTimeOffset(1678, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2261, 1, 1, 0, 0, 0, TimeSpan.Zero);
        long Ns(DateTimeOffset t) => (t - DateTimeOffset.UnixEpoch).Ticks * 100;

        var rates = CounterRates.Compute([(Ns(from), 1), (Ns(to), 2)], Ns(from));

        rates.Should().ContainSingle();
        rates[0].Item2.Should().BeApproximately(1 / (to - from).TotalSeconds, 1e-20, "an increasing counter has a positive rate");
    }
}
