using System.Data.Common;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace Alpi.Collector.Storage.DuckDb;

/// <summary>
/// Appends rows of <c>(series_id BIGINT, ts BIGINT, value DOUBLE)</c> to a table through DuckDB's C appender API, a
/// whole data chunk of up to <see cref="ChunkRows"/> rows at a time: the three columns are copied into the chunk's
/// vectors, then handed over with <c>duckdb_append_data_chunk</c>. DuckDB.NET's row appender
/// (<see cref="DuckDB.NET.Data.DuckDBAppender.CreateRow"/>) allocates an object per row and dispatches each value by its type; on the
/// ingest path that was about two thirds of the store's managed allocation (4 rows a point). The rows are committed
/// with the connection's transaction, as with the row appender.
/// Source: DuckDB C API, "Appender" (<c>duckdb_appender_create</c>, <c>duckdb_append_data_chunk</c>,
/// <c>duckdb_appender_flush</c>) and "Data Chunks"; vectors hold 2,048 rows (<c>duckdb_vector_size</c>).
/// </summary>
internal static unsafe class NumericRowsAppender
{
    /// <summary>Rows per data chunk: DuckDB's standard vector size.</summary>
    public const int ChunkRows = 2048;

    /// <summary>
    /// Appends <paramref name="rows"/> to <paramref name="table"/> (schema <c>main</c>), whose columns must be, in order,
    /// <c>BIGINT, BIGINT, DOUBLE</c>.
    /// </summary>
    /// <param name="connection">An open connection, usually inside a transaction.</param>
    /// <param name="table">The table's name (not quoted).</param>
    /// <param name="rows">Series id, timestamp (ns since the epoch), value.</param>
    /// <exception cref="DbException">DuckDB refused the appender or the rows (the message is DuckDB's, naming the
    /// table): the transaction must then be rolled back.</exception>
    public static void Append(DuckDBConnection connection, string table, ReadOnlySpan<(long Series, long Ts, double Value)> rows)
    {
        if (rows.IsEmpty)
        {
            return;
        }

        if (NativeMethods.Appender.DuckDBAppenderCreate(connection.NativeConnection, null!, table, out var appender) != DuckDBState.Success)
        {
            using (appender)
            {
                throw Failure(appender, table, "create an appender for");
            }
        }

        using (appender)
        {
            using var bigint = NativeMethods.LogicalType.DuckDBCreateLogicalType(DuckDBType.BigInt);
            using var @double = NativeMethods.LogicalType.DuckDBCreateLogicalType(DuckDBType.Double);
            using var chunk = NativeMethods.DataChunks.DuckDBCreateDataChunk(
                [bigint.DangerousGetHandle(), bigint.DangerousGetHandle(), @double.DangerousGetHandle()], 3);
            for (var start = 0; start < rows.Length; start += ChunkRows)
            {
                var part = rows.Slice(start, Math.Min(ChunkRows, rows.Length - start));
                NativeMethods.DataChunks.DuckDBDataChunkReset(chunk);
                var series = new Span<long>(NativeMethods.Vectors.DuckDBVectorGetData(NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, 0)), part.Length);
                var ts = new Span<long>(NativeMethods.Vectors.DuckDBVectorGetData(NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, 1)), part.Length);
                var values = new Span<double>(NativeMethods.Vectors.DuckDBVectorGetData(NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, 2)), part.Length);
                for (var i = 0; i < part.Length; i++)
                {
                    ref readonly var row = ref part[i];
                    series[i] = row.Series;
                    ts[i] = row.Ts;
                    values[i] = row.Value;
                }

                NativeMethods.DataChunks.DuckDBDataChunkSetSize(chunk, (ulong)part.Length);
                if (NativeMethods.Appender.DuckDBAppendDataChunk(appender, chunk) != DuckDBState.Success)
                {
                    throw Failure(appender, table, "append rows to");
                }
            }

            if (NativeMethods.Appender.DuckDBAppenderClose(appender) != DuckDBState.Success)
            {
                throw Failure(appender, table, "write the appended rows to");
            }
        }
    }

    private static DuckDbAppendException Failure(DuckDB.NET.Native.DuckDBAppender appender, string table, string what)
    {
        var detail = "no detail given";
        if (!appender.IsInvalid)
        {
            using var error = NativeMethods.Appender.DuckDBAppenderErrorData(appender);
            if (!error.IsInvalid && NativeMethods.ErrorData.DuckDBErrorDataHasError(error))
            {
                detail = NativeMethods.ErrorData.DuckDBErrorDataMessage(error);
            }
        }

        return new DuckDbAppendException($"DuckDB could not {what} table {table}: {detail}");
    }
}

/// <summary>DuckDB refused an append through the C appender API (<see cref="NumericRowsAppender"/>); the message is DuckDB's.</summary>
/// <param name="message">What failed, on which table, and DuckDB's error message.</param>
internal sealed class DuckDbAppendException(string message) : DbException(message);
