using Alpi.Collector.Storage;
using Alpi.Collector.Storage.Influx;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Alpi.Collector.Tests.Storage.Points;

namespace Alpi.Collector.Tests.Storage.Influx;

/// <summary>
/// The InfluxDB.Client path's error handling, against what really answers here: nothing listening (retried, then an
/// IOException) and an InfluxDB 1.6.7, which has no <c>/api/v2</c> (a 404: a configuration error, not retried).
/// No InfluxDB 2.x server runs here: the write and query success paths are not tested (see the README).
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class InfluxDb2TimeSeriesStoreTests
{
    private const long T0 = 1_700_000_000_000_000_000L;

    [Test]
    public async Task WriteAsync_NothingListening_RetriesThenThrowsAnIOException()
    {
        using var store = Create($"http://127.0.0.1:{FreePort.Tcp()}");

        var write = () => store.WriteAsync([Float("cpu", "tenant=acme,host=srv1", "usage", 1, T0)], CancellationToken.None);

        (await write.Should().ThrowAsync<InfluxDbException>()).Which.Message.Should().Contain("after 3 attempts");
        store.Statistics.Retries.Should().Be(2);
        store.ListSeries(null, null).Should().BeEmpty();
    }

    [Test]
    public async Task WriteAsync_ServerWithoutTheV2Api_ThrowsWithoutRetrying()
    {
        using var influx1 = await InfluxDbServer.StartAsync();
        using var store = Create(influx1.Url);

        var write = () => store.WriteAsync([Float("cpu", "tenant=acme,host=srv1", "usage", 1, T0)], CancellationToken.None);

        (await write.Should().ThrowAsync<InfluxDbException>()).Which.Message.Should().Contain("HTTP 404");
        store.Statistics.Retries.Should().Be(0);
    }

    private static InfluxDb2TimeSeriesStore Create(string url)
    {
        var options = new CollectorOptions();
        options.Storage.Kind = StorageOptions.KindInfluxDb2;
        options.Storage.InfluxDb2.Url = url;
        options.Storage.InfluxDb2.Org = "alpi";
        options.Storage.InfluxDb2.Bucket = "alpi";
        options.Storage.InfluxDb2.Token = "token";
        options.Storage.InfluxDb2.MaxAttempts = 3;
        options.Storage.InfluxDb2.RetryDelay = TimeSpan.FromMilliseconds(10);
        options.Storage.InfluxDb2.Timeout = TimeSpan.FromSeconds(5);
        return new InfluxDb2TimeSeriesStore(Options.Create(options), new SeriesRegistry(), TimeProvider.System, NullLogger<InfluxDb2TimeSeriesStore>.Instance);
    }
}
