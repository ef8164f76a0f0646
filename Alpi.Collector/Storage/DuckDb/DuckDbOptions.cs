using System.Globalization;
using System.Text.RegularExpressions;

namespace Alpi.Collector.Storage.DuckDb;

/// <summary>
/// The embedded DuckDB store's own settings (<c>Collector:Storage:DuckDb</c>).
/// Source: DuckDB documentation, "Configuration" (<c>memory_limit</c>) and "Memory management".
/// </summary>
public sealed partial class DuckDbOptions
{
    /// <summary>Smallest accepted <see cref="MemoryLimit"/>, in octets (64 MiB): below it DuckDB spills even a small rollup.</summary>
    public const long MinimumMemoryLimitBytes = 64L << 20;

    /// <summary>Largest accepted <see cref="Readers"/>: more connections than this only hold memory.</summary>
    public const int MaximumReaders = 64;

    /// <summary>The default of <see cref="Readers"/>: one connection, reads one after the other.</summary>
    public const int DefaultReaders = 1;

    /// <summary>
    /// DuckDB connections kept for reads (queries, last values), each running one statement at a time: the most store
    /// reads answered side by side, as the charts of one host page could be. From 1 to <see cref="MaximumReaders"/>.
    /// Default 1 (every read waits for the previous one): on a 2-core machine, 2 readers made no page of the dashboard
    /// bench measurably faster (see <c>bench/README.md</c>, "Reads side by side"), each statement already running on
    /// every core; more may pay on a machine with more cores, not measured. Writes have their own connection and never
    /// wait for reads.
    /// </summary>
    public int Readers { get; set; } = DefaultReaders;

    /// <summary>
    /// Most memory DuckDB's buffer manager may hold (its <c>memory_limit</c>), as a number and a unit: <c>512MB</c>,
    /// <c>1.5GiB</c> (<c>B</c>, <c>KB</c>/<c>MB</c>/<c>GB</c>/<c>TB</c> in powers of 1000, <c>KiB</c>/<c>MiB</c>/<c>GiB</c>/<c>TiB</c> in powers of 1024),
    /// at least 64 MiB. Blocks read for queries are cached up to it, and sorts beyond it (compaction, rollups) spill
    /// to <c>timeseries.duckdb.tmp</c> beside the database. Null (the default): DuckDB's own, 80 % of the machine's
    /// memory. Memory outside DuckDB (the series index, the broker, the ingest journal) is not counted in it.
    /// </summary>
    public string? MemoryLimit { get; set; }

    /// <summary>
    /// <see cref="MemoryLimit"/> in octets, or null when it is unset.
    /// </summary>
    /// <exception cref="FormatException">The value is not a number followed by one of the units above.</exception>
    public long? MemoryLimitBytes() => MemoryLimit is null ? null : ParseSize(MemoryLimit);

    /// <summary>Parses a size such as <c>512MB</c> or <c>1.5 GiB</c> (case-insensitive) into octets.</summary>
    /// <param name="text">A non-negative decimal number, optional spaces, then a unit: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB.</param>
    /// <returns>The size in octets, rounded down.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> does not have that shape.</exception>
    public static long ParseSize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = SizePattern().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"\"{text}\" is not a size such as 512MB or 1GiB (units B, KB, MB, GB, TB, KiB, MiB, GiB, TiB).");
        }

        var number = decimal.Parse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var unit = match.Groups["unit"].Value.ToUpperInvariant();
        decimal factor = unit switch
        {
            "B" => 1m,
            "KB" => 1e3m,
            "MB" => 1e6m,
            "GB" => 1e9m,
            "TB" => 1e12m,
            "KIB" => 1024m,
            "MIB" => 1024m * 1024,
            "GIB" => 1024m * 1024 * 1024,
            _ => 1024m * 1024 * 1024 * 1024, // TIB: the pattern admits no other unit
        };
        var bytes = number * factor;
        return bytes > long.MaxValue ? throw new FormatException($"\"{text}\" is larger than {long.MaxValue} octets.") : (long)bytes;
    }

    [GeneratedRegex(@"^\s*(?<number>\d{1,15}(\.\d{1,6})?)\s*(?<unit>B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();
}
