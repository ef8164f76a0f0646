using Alpi.Collector.Alerting.Evaluation.RecentPoints;
using Alpi.Collector.Storage;

namespace Alpi.Collector.Tests.Alerting.Evaluation;

/// <summary>
/// One series' recent points: whatever mix of appends, late inserts, repeats, cap drops and window drops, it holds
/// exactly what a plain sorted list of the same operations holds, and copies the same ranges.
/// </summary>
public class SeriesWindowTests
{
    private static readonly SeriesInfo Series = new(1, "cpu", "usage", "t", "h", new Dictionary<string, string>());

    [TestCase(1, 8)]
    [TestCase(2, 64)]
    [TestCase(3, 1000)]
    [TestCase(4, 1)]
    public void Operations_MatchASortedListModel(int seed, int maxPoints)
    {
        var random = new Random(seed);
        var window = new SeriesWindow(Series);
        var model = new SortedDictionary<long, double>();
        long clock = 1_000;
        for (var step = 0; step < 20_000; step++)
        {
            var action = random.Next(100);
            if (action < 80)
            {
                // Mostly in order; sometimes late (inserted before the newest) or a repeat of a held timestamp.
                var timestamp = random.Next(10) == 0 ? clock - random.Next(0, 50) : (clock += random.Next(1, 5));
                var value = random.NextDouble();
                var dropped = window.Add(timestamp, value, maxPoints);
                var expectedDropped = ModelAdd(model, timestamp, value, maxPoints);
                dropped.Should().Be(expectedDropped, $"step {step}: Add({timestamp})");
            }
            else if (action < 90)
            {
                var cutoff = clock - random.Next(0, 200);
                var before = model.Count;
                foreach (var old in model.Keys.Where(k => k < cutoff).ToList())
                {
                    model.Remove(old);
                }

                window.DropBefore(cutoff).Should().Be(before - model.Count, $"step {step}: DropBefore({cutoff})");
            }
            else
            {
                var from = clock - random.Next(0, 300);
                var to = from + random.Next(0, 300);
                window.Copy(from, to).Should().Equal(
                    model.Where(p => p.Key >= from && p.Key < to).Select(p => (p.Key, p.Value)), $"step {step}: Copy({from}, {to})");
            }

            window.Count.Should().Be(model.Count, $"step {step}");
        }

        window.Copy(long.MinValue, long.MaxValue).Should().Equal(model.Select(p => (p.Key, p.Value)));
    }

    [Test]
    public void Add_BeyondTheCap_KeepsTheNewest_OneDroppedPerPoint()
    {
        var window = new SeriesWindow(Series);
        var dropped = Enumerable.Range(0, 10_000).Sum(i => window.Add(i, i, 4096));

        dropped.Should().Be(10_000 - 4096);
        window.Count.Should().Be(4096);
        window.Copy(0, long.MaxValue).Select(p => p.TimestampNs).Should().Equal(Enumerable.Range(10_000 - 4096, 4096).Select(i => (long)i));
    }

    [Test]
    public void DropBefore_Everything_ThenAdd_StartsAfresh()
    {
        var window = new SeriesWindow(Series);
        for (var i = 0; i < 100; i++)
        {
            window.Add(i, i, 4096);
        }

        window.DropBefore(1_000).Should().Be(100);
        window.Count.Should().Be(0);
        window.Add(5, 1.5, 4096).Should().Be(0);
        window.Copy(0, 10).Should().Equal([(5L, 1.5)]);
    }

    private static int ModelAdd(SortedDictionary<long, double> model, long timestamp, double value, int maxPoints)
    {
        var existed = model.ContainsKey(timestamp);
        model[timestamp] = value;
        if (existed)
        {
            return 0;
        }

        var dropped = 0;
        while (model.Count > maxPoints)
        {
            model.Remove(model.Keys.First());
            dropped++;
        }

        return dropped;
    }
}
