using Alpi.Collector.Storage;
using Alpi.Collector.Storage.DuckDb;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Tests.Storage.DuckDb;

/// <summary>The embedded store as the DuckDB test classes open it, and a side door to its file for SQL checks.</summary>
internal static class DuckDbTestStore
{
    /// <summary>
    /// Opens (creating or migrating) the store whose file is <c>timeseries.duckdb</c> in <paramref name="folder"/>, with
    /// <paramref name="readers"/> reader connections (null: the default).
    /// </summary>
    public static Task<DuckDbTimeSeriesStore> OpenAsync(string folder, int? readers = null) => OpenAsync(folder, new SeriesRegistry(), readers);

    /// <summary>Opens the store in <paramref name="folder"/> over <paramref name="registry"/> (to read its counters).</summary>
    public static async Task<DuckDbTimeSeriesStore> OpenAsync(string folder, SeriesRegistry registry, int? readers = null)
    {
        var options = new CollectorOptions { DataDirectory = folder };
        if (readers is { } count)
        {
            options.Storage.DuckDb.Readers = count;
        }

        var store = new DuckDbTimeSeriesStore(Options.Create(options), registry, NullLogger<DuckDbTimeSeriesStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    /// <summary>
    /// SQL counting the rows of <paramref name="table"/> where (series_id, <paramref name="time"/>) does not increase over
    /// the previous row in storage order: 0 for one part sorted by series then time, one more per part after the first.
    /// </summary>
    public static string OrderBreaks(string table, string time = "ts") => $"""
        SELECT count(*) FROM (
            SELECT series_id, {time} AS t, lag(series_id) OVER w AS ps, lag({time}) OVER w AS pt FROM {table} WINDOW w AS (ORDER BY rowid))
        WHERE ps IS NOT NULL AND (series_id < ps OR (series_id = ps AND t <= pt))
        """;

    /// <summary>The first column of the first row of <paramref name="sql"/> on the store file in <paramref name="folder"/>, as an integer.</summary>
    public static async Task<long> ScalarAsync(string folder, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={Path.Combine(folder, "timeseries.duckdb")}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
