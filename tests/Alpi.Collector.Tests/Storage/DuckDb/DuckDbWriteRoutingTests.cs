using Alpi.Collector.Storage.DuckDb;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Storage.DuckDb;

/// <summary>
/// The store write remembers, per tag list and measurement (by reference), the series of the last point's fields: every
/// value must still reach its own series when points share one tag list across measurements, change their field order,
/// or add and drop fields.
/// </summary>
public class DuckDbWriteRoutingTests
{
    private const long S = 1_000_000_000L;
    private const long T0 = 1_700_000_000L * S;

    [Test]
    public async Task WriteAsync_PointsSharingOneTagListWithOtherMeasurementsAndFieldOrders_StoreEachValueInItsSeries()
    {
        using var folder = new TempDirectory("alpi-duckdb-routing");
        using (var store = await DuckDbTestStore.OpenAsync(folder.Path))
        {
            // One tag list object for every point, as the parser gives the lines of one tag set.
            IReadOnlyList<KeyValuePair<string, string>> tags = [new("tenant", "acme"), new("host", "srv1"), new("cpu", "cpu0")];
            LinePoint Point(string measurement, long second, params (string Key, double Value)[] fields) =>
                new(measurement, tags, fields.Select(f => new KeyValuePair<string, FieldValue>(f.Key, FieldValue.Float(f.Value))).ToArray(), T0 + (second * S));

            await store.WriteAsync([
                Point("cpu", 1, ("a", 1), ("b", 10)),
                Point("mem", 1, ("a", 100), ("b", 1000)),
                Point("cpu", 2, ("b", 20), ("a", 2)),            // same fields, other order
                Point("cpu", 3, ("a", 3)),                       // a field fewer
                Point("cpu", 4, ("a", 4), ("b", 40), ("c", 400)), // a field more, new series
                Point("mem", 2, ("a", 200), ("b", 2000)),
                Point("cpu", 5, ("a", 5), ("b", 50)),
            ], CancellationToken.None);
        }

        (await SumAsync(folder.Path, "cpu", "a")).Should().Be(15);
        (await SumAsync(folder.Path, "cpu", "b")).Should().Be(120);
        (await SumAsync(folder.Path, "cpu", "c")).Should().Be(400);
        (await SumAsync(folder.Path, "mem", "a")).Should().Be(300);
        (await SumAsync(folder.Path, "mem", "b")).Should().Be(3000);
        (await DuckDbTestStore.ScalarAsync(folder.Path, "SELECT count(*) FROM points")).Should().Be(14);
    }

    private static Task<long> SumAsync(string folder, string measurement, string field) => DuckDbTestStore.ScalarAsync(folder,
        $"SELECT CAST(sum(p.value) AS BIGINT) FROM points p JOIN series s ON p.series_id = s.id WHERE s.measurement = '{measurement}' AND s.field = '{field}'");
}
