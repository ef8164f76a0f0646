using System.Data;
using System.Globalization;
using Alpi.Collector.Storage;
using Alpi.Collector.Storage.DuckDb;
using Alpi.Testing;
using DuckDB.NET.Data;
using static Alpi.Collector.Tests.Storage.Points;

namespace Alpi.Collector.Tests.Storage.DuckDb;

/// <summary>
/// The embedded store's reader connections (<see cref="DuckDbReaderPool"/>, <c>Collector:Storage:DuckDb:Readers</c>):
/// reads run side by side, each on a connection of its own, and every connection sees what the writer committed.
/// </summary>
public class DuckDbReaderPoolTests
{
    private const long S = 1_000_000_000L;

    // 2023-11-14T22:13:20Z, a multiple of the 10 s step used below.
    private const long T0 = 1_700_000_000L * S;

    private const string Srv1 = "tenant=acme,host=srv1";

    /// <summary>Longest wait for a read that must complete: only a hang reaches it (it is not a timing assertion).</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    private TempDirectory _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempDirectory("alpi-duckdb-readers");

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task QueryAsync_WhileAnotherReaderHasAStatementInFlight_CompletesOnTheOtherConnection()
    {
        using var store = await DuckDbTestStore.OpenAsync(_folder.Path, readers: 2);
        await store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0), Float("cpu", Srv1, "usage", 2, T0 + (10 * S))], CancellationToken.None);

        // One connection lent and in the middle of a statement (its first row read, the others not yet): with the single
        // reader and its lock of before, the query below would wait for it for ever.
        using var held = await store.Readers.RentAsync(CancellationToken.None);
        using var command = held.Connection.CreateCommand();
        command.CommandText = "SELECT ts FROM points ORDER BY ts";
        using var rows = command.ExecuteReader();
        rows.Read().Should().BeTrue();

        var result = await store.QueryAsync(Query(T0, T0 + (20 * S), 10 * S), CancellationToken.None).WaitAsync(Hang);

        result.Should().ContainSingle().Which.Points.Should().Equal((T0, 1.0), (T0 + (10 * S), 2.0));
        rows.Read().Should().BeTrue();
        rows.GetInt64(0).Should().Be(T0 + (10 * S));
    }

    [Test]
    public async Task LastValuesAsync_WhileAnotherReaderIsHeld_CompletesOnTheOtherConnection()
    {
        using var store = await DuckDbTestStore.OpenAsync(_folder.Path, readers: 2);
        await store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0), Float("cpu", Srv1, "usage", 2, T0 + (10 * S))], CancellationToken.None);
        using var held = await store.Readers.RentAsync(CancellationToken.None);

        // A range that ends before the series' latest value: memory cannot answer, the store is read.
        var last = await store.LastValuesAsync(store.ListSeries("acme", "srv1"), T0, T0 + (5 * S), 10 * S, CancellationToken.None).WaitAsync(Hang);

        last.Values.Should().Equal((T0, 1.0));
    }

    [Test]
    public async Task QueryAsync_WhenEveryReaderIsHeld_WaitsUntilOneIsGivenBack()
    {
        using var store = await DuckDbTestStore.OpenAsync(_folder.Path, readers: 2);
        await store.WriteAsync([Float("cpu", Srv1, "usage", 1, T0)], CancellationToken.None);
        var first = await store.Readers.RentAsync(CancellationToken.None);
        using var second = await store.Readers.RentAsync(CancellationToken.None);

        var query = store.QueryAsync(Query(T0, T0 + (10 * S), 10 * S), CancellationToken.None);
        await Task.Delay(200);
        query.IsCompleted.Should().BeFalse("both connections are lent");
        first.Dispose();

        (await query.WaitAsync(Hang)).Should().ContainSingle().Which.Points.Should().Equal((T0, 1.0));
    }

    [Test]
    public async Task EveryReader_AfterACommittedWrite_SeesIt()
    {
        // The connections are opened with the store, before any write: each must still see every later commit.
        using var store = await DuckDbTestStore.OpenAsync(_folder.Path, readers: 3);
        store.Readers.Size.Should().Be(3);

        for (var round = 1; round <= 2; round++)
        {
            await store.WriteAsync([Float("cpu", Srv1, "usage", round * 10, T0 + (round * S))], CancellationToken.None);

            // All three lent at once: three distinct connections.
            var leases = new List<DuckDbReaderPool.Lease>();
            for (var i = 0; i < 3; i++)
            {
                leases.Add(await store.Readers.RentAsync(CancellationToken.None));
            }

            leases.Select(l => l.Connection).Distinct().Should().HaveCount(3);
            foreach (var lease in leases)
            {
                using var command = lease.Connection.CreateCommand();
                command.CommandText = "SELECT count(*), max(value) FROM points";
                using var rows = command.ExecuteReader();
                rows.Read().Should().BeTrue();
                rows.GetInt64(0).Should().Be(round);
                rows.GetDouble(1).Should().Be(round * 10);
                lease.Dispose();
            }
        }
    }

    [Test]
    public async Task Dispose_ClosesEveryConnection_LentOrNot()
    {
        var pool = await DuckDbReaderPool.OpenAsync(Path.Combine(_folder.Path, "pool.duckdb"), 2, CancellationToken.None);
        var lent = await pool.RentAsync(CancellationToken.None);
        var idle = await pool.RentAsync(CancellationToken.None);
        idle.Dispose();

        pool.Dispose();

        lent.Connection.State.Should().Be(ConnectionState.Closed);
        idle.Connection.State.Should().Be(ConnectionState.Closed);
        lent.Dispose(); // given back after the pool is gone: nothing to do, nothing thrown
        await FluentActions.Awaiting(() => pool.RentAsync(CancellationToken.None).AsTask()).Should().ThrowAsync<ObjectDisposedException>();
    }

    [Test]
    public async Task ReadAsync_AFailingStatement_GivesTheConnectionBack()
    {
        using var pool = await DuckDbReaderPool.OpenAsync(Path.Combine(_folder.Path, "pool.duckdb"), 1, CancellationToken.None);

        await FluentActions.Awaiting(() => pool.ReadAsync(c => Scalar(c, "SELECT * FROM no_such_table"), CancellationToken.None).AsTask())
            .Should().ThrowAsync<DuckDBException>();

        (await pool.ReadAsync(c => Scalar(c, "SELECT 42"), CancellationToken.None).AsTask().WaitAsync(Hang)).Should().Be(42);
    }

    [Test]
    public async Task OpenAsync_ByDefault_OpensOneReader()
    {
        using var store = await DuckDbTestStore.OpenAsync(_folder.Path);

        store.Readers.Size.Should().Be(1).And.Be(DuckDbOptions.DefaultReaders);
    }

    private static long Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static SeriesQuery Query(long fromNs, long toNs, long stepNs) =>
        new("cpu", "usage", "srv1", "acme", new Dictionary<string, string>(), fromNs, toNs, stepNs, Aggregation.Last);
}
