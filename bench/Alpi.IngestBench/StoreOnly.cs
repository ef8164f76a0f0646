using System.Diagnostics;
using System.Globalization;
using Alpi.Collector;
using Alpi.Collector.Storage;
using Alpi.Collector.Storage.DuckDb;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

/// <summary>Splits the ingest cost: parsing alone, then the DuckDB store alone, on the same payloads.</summary>
internal static class StoreOnly
{
    public static async Task RunAsync(IReadOnlyList<byte[]> payloads)
    {
        var parsed = new List<LinePoint>();
        var errors = new List<LineProtocolError>();
        var clock = Stopwatch.StartNew();
        foreach (var payload in payloads)
        {
            LineProtocolParser.Parse(payload, TimestampPrecision.Nanoseconds, parsed, errors);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parse: {parsed.Count:N0} lines in {clock.Elapsed.TotalSeconds:F2} s = {parsed.Count / clock.Elapsed.TotalSeconds:N0} lines/s"));
        for (var i = 0; i < parsed.Count; i++)
        {
            parsed[i] = parsed[i] with { Tags = [new("tenant", "bench"), new("host", "h"), .. parsed[i].Tags] };
        }

        using var data = new TempDirectory("alpi-store-bench");
        using var store = new DuckDbTimeSeriesStore(Options.Create(new CollectorOptions { DataDirectory = data.Path }), new SeriesRegistry(), NullLogger<DuckDbTimeSeriesStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        clock.Restart();
        var batch = int.Parse(Environment.GetEnvironmentVariable("STORE_BATCH") ?? "20000", CultureInfo.InvariantCulture);
        for (var i = 0; i < parsed.Count; i += batch)
        {
            await store.WriteAsync(parsed.GetRange(i, Math.Min(batch, parsed.Count - i)), CancellationToken.None);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store: {parsed.Count:N0} points in {clock.Elapsed.TotalSeconds:F2} s = {parsed.Count / clock.Elapsed.TotalSeconds:N0} points/s"));
    }
}
