using Alpi.Collector.Storage;
using Alpi.Collector.Storage.DuckDb;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Tests.Storage.DuckDb;

/// <summary><c>Collector:Storage:DuckDb:MemoryLimit</c>: parsed, validated, and set on the database DuckDB opens.</summary>
public class DuckDbMemoryLimitTests
{
    // Each case: a size as an administrator writes it, and the octets it means (KB/MB/GB in powers of 1000, KiB/MiB/GiB of 1024).
    [TestCase("512MB", 512_000_000L)]
    [TestCase("256MiB", 268_435_456L)]
    [TestCase(" 1.5 gib ", 1_610_612_736L)]
    [TestCase("64MiB", 67_108_864L)]
    [TestCase("2TB", 2_000_000_000_000L)]
    public void ParseSize_NumberAndUnit_GivesOctets(string text, long octets) =>
        DuckDbOptions.ParseSize(text).Should().Be(octets);

    // Each case: a value that is not a size (no unit, unknown unit, negative, a SQL quote, empty).
    [TestCase("512")]
    [TestCase("512 M")]
    [TestCase("-1GB")]
    [TestCase("1GB'; DROP TABLE series; --")]
    [TestCase("")]
    public void ParseSize_NotASize_ThrowsNamingTheValue(string text) =>
        FluentActions.Invoking(() => DuckDbOptions.ParseSize(text)).Should().Throw<FormatException>().WithMessage($"*\"{text}\"*512MB*");

    [Test]
    public void Validate_BadOrTooSmallLimit_NamesTheKey()
    {
        var validator = new StorageOptionsValidator();
        var bad = new CollectorOptions();
        bad.Storage.DuckDb.MemoryLimit = "lots";
        var small = new CollectorOptions();
        small.Storage.DuckDb.MemoryLimit = "16MB";

        validator.Validate(null, bad).Failures.Should().ContainSingle().Which.Should().StartWith("Collector:Storage:DuckDb:MemoryLimit \"lots\" is not a size");
        validator.Validate(null, small).Failures.Should().Equal("Collector:Storage:DuckDb:MemoryLimit \"16MB\" must be at least 64MiB.");
    }

    [Test]
    public async Task InitializeAsync_WithALimit_SetsItOnTheDatabase()
    {
        using var folder = new TempDirectory("alpi-duckdb-memory");
        var options = new CollectorOptions { DataDirectory = folder.Path };
        options.Storage.DuckDb.MemoryLimit = "256MiB";
        using var store = new DuckDbTimeSeriesStore(Options.Create(options), new SeriesRegistry(), NullLogger<DuckDbTimeSeriesStore>.Instance);

        await store.InitializeAsync(CancellationToken.None);

        (await store.MemoryLimitAsync(CancellationToken.None)).Should().Be("256.0 MiB");
    }

    [Test]
    public async Task InitializeAsync_WithoutALimit_KeepsDuckDbsDefault()
    {
        using var folder = new TempDirectory("alpi-duckdb-memory");
        using var store = new DuckDbTimeSeriesStore(Options.Create(new CollectorOptions { DataDirectory = folder.Path }), new SeriesRegistry(), NullLogger<DuckDbTimeSeriesStore>.Instance);

        await store.InitializeAsync(CancellationToken.None);

        // DuckDB's default is 80 % of the machine's memory: more than any limit a test would set.
        (await store.MemoryLimitAsync(CancellationToken.None)).Should().NotBe("256.0 MiB").And.NotBeEmpty();
    }
}
