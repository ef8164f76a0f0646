using Alpi.Collector.Storage;
using Alpi.Collector.Storage.DuckDb;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Tests.Storage.DuckDb;

/// <summary>The shared store contract against the embedded DuckDB store.</summary>
public sealed class DuckDbStoreContractTests : TimeSeriesStoreContract
{
    private TempDirectory _folder = null!;

    protected override void BeforeEach() => _folder = new TempDirectory("alpi-duckdb-contract");

    protected override void AfterEach() => _folder.Dispose();

    protected override async Task<ITimeSeriesStore> OpenAsync()
    {
        var store = new DuckDbTimeSeriesStore(Options.Create(new CollectorOptions { DataDirectory = _folder.Path }), new SeriesRegistry(), NullLogger<DuckDbTimeSeriesStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }
}
