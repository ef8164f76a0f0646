using System.Data.Common;
using Alpi.Collector.Storage.DuckDb;
using DuckDB.NET.Data;

namespace Alpi.Collector.Tests.Storage.DuckDb;

/// <summary>The store's chunk appender (<see cref="NumericRowsAppender"/>): every row arrives once, in order, across chunk boundaries; a refusal is a <see cref="DbException"/> naming the table.</summary>
public class NumericRowsAppenderTests
{
    private DuckDBConnection _connection = null!;

    [SetUp]
    public void SetUp()
    {
        _connection = new DuckDBConnection("Data Source=:memory:");
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = "CREATE TABLE points_recent (series_id BIGINT NOT NULL, ts BIGINT NOT NULL, value DOUBLE NOT NULL)";
        command.ExecuteNonQuery();
    }

    [TearDown]
    public void TearDown() => _connection.Dispose();

    // 0, 1, one chunk exactly, one more than a chunk, and several chunks with a partial last one.
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(NumericRowsAppender.ChunkRows)]
    [TestCase(NumericRowsAppender.ChunkRows + 1)]
    [TestCase(3 * NumericRowsAppender.ChunkRows + 77)]
    public void Append_RowsOverChunkBoundaries_StoresEachRowOnceWithItsValues(int count)
    {
        var rows = Enumerable.Range(0, count)
            .Select(i => ((long)(i % 13), 1_764_000_000_000_000_000L + i * 10_000_000_000L, i * 0.5 - 3.25 + (i == 5 ? double.MaxValue / 2 : 0)))
            .ToList();

        using (var transaction = _connection.BeginTransaction())
        {
            NumericRowsAppender.Append(_connection, "points_recent", System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows));
            transaction.Commit();
        }

        Read().Should().Equal(rows);
    }

    [Test]
    public void Append_RolledBack_LeavesNothing()
    {
        using (var transaction = _connection.BeginTransaction())
        {
            NumericRowsAppender.Append(_connection, "points_recent", [(1L, 2L, 3.0)]);
            transaction.Rollback();
        }

        Read().Should().BeEmpty();
    }

    [Test]
    public void Append_ToAMissingTable_ThrowsADbExceptionNamingIt() =>
        FluentActions.Invoking(() => NumericRowsAppender.Append(_connection, "no_such_table", [(1L, 2L, 3.0)]))
            .Should().Throw<DbException>().WithMessage("*no_such_table*");

    [Test]
    public void Append_ARowRefusedByAConstraint_ThrowsADbExceptionNamingTheTable()
    {
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "CREATE TABLE checked (series_id BIGINT NOT NULL, ts BIGINT NOT NULL, value DOUBLE NOT NULL CHECK (value >= 0))";
            command.ExecuteNonQuery();
        }

        FluentActions.Invoking(() => NumericRowsAppender.Append(_connection, "checked", [(1L, 2L, -1.0)]))
            .Should().Throw<DbException>().WithMessage("*checked*");
    }

    private List<(long, long, double)> Read()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT series_id, ts, value FROM points_recent ORDER BY ts";
        using var reader = command.ExecuteReader();
        var rows = new List<(long, long, double)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetDouble(2)));
        }

        return rows;
    }
}
