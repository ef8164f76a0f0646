using System.Diagnostics;
using System.Globalization;
using Alpi.Collector;
using Alpi.Collector.Ingest;
using Alpi.Collector.Storage;
using Alpi.Collector.Storage.DuckDb;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

/// <summary>
/// Splits the ingest cost: the parser alone, then the parse as the collector reads a message (tenant and host of the topic
/// and the reception time given to each point, <see cref="MetricsPayloadReader.ParseWithLineLimit(ReadOnlySpan{byte}, int, LinePointShaping?, List{LinePoint}, List{LineProtocolError})"/>),
/// then the DuckDB store alone on those points. Points are kept until the store has them, as in the collector.
/// </summary>
internal static class StoreOnly
{
    public static async Task RunAsync(IReadOnlyList<byte[]> payloads)
    {
        var parsed = new List<LinePoint>();
        var errors = new List<LineProtocolError>();
        GC.Collect();
        var (cpu, allocated) = (Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(true));
        var clock = Stopwatch.StartNew();
        foreach (var payload in payloads)
        {
            LineProtocolParser.Parse(payload, TimestampPrecision.Nanoseconds, parsed, errors);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parse: {parsed.Count:N0} lines in {clock.Elapsed.TotalSeconds:F2} s = {parsed.Count / clock.Elapsed.TotalSeconds:N0} lines/s; {Cost(parsed.Count, ref cpu, ref allocated)}"));
        parsed = [];
        GC.Collect();
        (cpu, allocated) = (Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(true));
        clock.Restart();
        foreach (var payload in payloads)
        {
            MetricsPayloadReader.ParseWithLineLimit(payload, 65_536, MetricsPayloadReader.Shaping("bench", "h", 1_764_000_000_000_000_000L), parsed, errors);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parse with tenant and host (the collector's read): {parsed.Count:N0} lines in {clock.Elapsed.TotalSeconds:F2} s; {Cost(parsed.Count, ref cpu, ref allocated)}"));
        using var data = new TempDirectory("alpi-store-bench");
        using var store = new DuckDbTimeSeriesStore(Options.Create(new CollectorOptions { DataDirectory = data.Path }), new SeriesRegistry(), NullLogger<DuckDbTimeSeriesStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        (cpu, allocated) = (Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(true));
        clock.Restart();
        var batch = int.Parse(Environment.GetEnvironmentVariable("STORE_BATCH") ?? "20000", CultureInfo.InvariantCulture);
        for (var i = 0; i < parsed.Count; i += batch)
        {
            await store.WriteAsync(parsed.GetRange(i, Math.Min(batch, parsed.Count - i)), CancellationToken.None);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store: {parsed.Count:N0} points in {clock.Elapsed.TotalSeconds:F2} s = {parsed.Count / clock.Elapsed.TotalSeconds:N0} points/s; {Cost(parsed.Count, ref cpu, ref allocated)}"));
    }

    /// <summary>CPU time (all threads, DuckDB's included) and managed allocation per point since the last call: steadier than wall time on a loaded machine.</summary>
    private static string Cost(int points, ref TimeSpan cpu, ref long allocated)
    {
        var (nowCpu, nowAllocated) = (Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(true));
        var text = string.Create(CultureInfo.InvariantCulture, $"CPU {(nowCpu - cpu).TotalMicroseconds * 1000 / points:N0} ns/point, {(double)(nowAllocated - allocated) / points:N0} B allocated/point");
        (cpu, allocated) = (nowCpu, nowAllocated);
        return text;
    }
}
