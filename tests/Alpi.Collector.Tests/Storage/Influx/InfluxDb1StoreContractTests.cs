using Alpi.Collector.Storage;
using Alpi.Collector.Storage.Influx;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Tests.Storage.Influx;

/// <summary>The shared store contract against a real InfluxDB 1.6.7 started by the test, one database per test.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class InfluxDb1StoreContractTests : TimeSeriesStoreContract
{
    private InfluxDbServer _server = null!;
    private string _database = "";

    [OneTimeSetUp]
    public async Task StartServer() => _server = await InfluxDbServer.StartAsync();

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

    protected override void BeforeEach() => _database = "contract_" + Guid.NewGuid().ToString("N")[..12];

    protected override void AfterEach()
    {
    }

    protected override async Task<ITimeSeriesStore> OpenAsync()
    {
        var options = new CollectorOptions();
        options.Storage.Kind = StorageOptions.KindInfluxDb1;
        options.Storage.InfluxDb1.Url = _server.Url;
        options.Storage.InfluxDb1.Database = _database;
        var store = new InfluxDb1TimeSeriesStore(Options.Create(options), new SeriesRegistry(), TimeProvider.System, NullLogger<InfluxDb1TimeSeriesStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }
}
