using Alpi.Collector.Tests.Broker;
using Alpi.Testing;
using DuckDB.NET.Data;

namespace Alpi.Collector.Tests.Integration;

/// <summary>
/// "Nothing acknowledged is lost, nothing stored twice": the real collector binary with its DuckDB store, fed a sustained
/// QoS 1 stream by four publishers that behave as agents (each message sent again until a successful PUBACK), is
/// killed with SIGKILL twice mid-stream — each time right after a publisher got a PUBACK — and started again on the same
/// data folder. Then every point is in the store exactly once, counted in the DuckDB file: points sent = points stored,
/// each sequence number once. Once through the embedded broker (whose PUBACK must mean "stored": the broker dies with
/// the collector) and once through a real Mosquitto 2.0 with the shipped configuration (the collector's persistent
/// session keeps what arrives while it is down, and redelivers what it had not acknowledged).
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class CollectorKillTests
{
    private const int Publishers = 4;
    private const int Messages = 600;
    private const int PointsPerMessage = 10;
    private const string Tenant = "kill";
    private const string Token = "kill-test-token-0123456789abcdefghijklmnop";
    private const string PublisherPassword = "publisher-secret";
    private static readonly int[] KillAfter = [200, 400];

    [Test]
    public async Task EmbeddedBroker_KilledTwiceMidStream_EveryPointSentIsStoredExactlyOnce()
    {
        var port = FreePort.Tcp();
        await using var collector = await CollectorProcess.StartEmbeddedAsync("embedded", port, Settings());
        var run = "e" + Guid.NewGuid().ToString("N")[..8];

        var publishers = Enumerable.Range(0, Publishers).Select(p => new ResendingPublisher(port, Tenant, $"pub{p}", run)).ToArray();
        await PublishWhileKillingAsync(collector, publishers, paced: false);
        await AssertEveryPointOnceAsync(collector, publishers, run, port, null);
    }

    [Test]
    public async Task MosquittoBroker_KilledTwiceMidStream_EveryPointSentIsStoredExactlyOnce()
    {
        var agents = Enumerable.Range(0, Publishers).Select(p => (Tenant, $"pub{p}", PublisherPassword)).Append((Tenant, "marker", PublisherPassword)).ToArray();
        using var mosquitto = await ShippedMosquitto.StartAsync(agents);
        var run = "m" + Guid.NewGuid().ToString("N")[..8];
        var settings = Settings();
        settings["Collector:Broker:ClientId"] = $"alpi-collector-{run}";
        await using var collector = await CollectorProcess.StartAsync("mosquitto", mosquitto.PlainPort, settings);

        var publishers = Enumerable.Range(0, Publishers)
            .Select(p => new ResendingPublisher(mosquitto.PlainPort, Tenant, $"pub{p}", run, $"{Tenant}.pub{p}", PublisherPassword)).ToArray();
        await PublishWhileKillingAsync(collector, publishers, paced: true);
        await AssertEveryPointOnceAsync(collector, publishers, run, mosquitto.PlainPort, ($"{Tenant}.marker", PublisherPassword));
    }

    private static Dictionary<string, string> Settings() => new()
    {
        ["Collector:Security:Tokens:t:Token"] = Token,
        ["Collector:Security:Tokens:t:Scope"] = "admin",
    };

    /// <summary>
    /// Runs the publishers; publisher 0 kills the collector right after its PUBACKs number <see cref="KillAfter"/> and
    /// starts it again (the others go on meanwhile, resending to a dead embedded broker or queued by Mosquitto).
    /// </summary>
    private static async Task PublishWhileKillingAsync(CollectorProcess collector, ResendingPublisher[] publishers, bool paced)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var killed = new List<string>();
        var tasks = publishers.Select((publisher, p) => publisher.RunAsync(Messages, PointsPerMessage, async acknowledged =>
        {
            if (p == 0 && KillAfter.Contains(acknowledged))
            {
                var stored = await collector.PointsStoredAsync();
                collector.Kill();
                killed.Add($"killed after publisher 0's PUBACK {acknowledged} ({stored} points stored by that process)");
                await Task.Delay(500);
                await collector.StartAgainAsync();
            }
            else if (paced && acknowledged % 10 == 0)
            {
                await Task.Delay(20, timeout.Token); // a sustained stream rather than one burst
            }
        }, timeout.Token)).ToList();
        await Task.WhenAll(tasks);
        TestContext.Out.WriteLine(string.Join("\n", killed));
        TestContext.Out.WriteLine($"resent attempts per publisher: {string.Join(", ", publishers.Select(p => p.Resends))}");
        killed.Should().HaveCount(KillAfter.Length);
    }

    private static async Task AssertEveryPointOnceAsync(
        CollectorProcess collector, ResendingPublisher[] publishers, string run, int brokerPort, (string User, string Password)? markerCredentials)
    {
        // A last message after every other: once the collector stored it, it stored everything queued before it.
        var marker = new ResendingPublisher(brokerPort, Tenant, "marker", run, markerCredentials?.User, markerCredentials?.Password);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await marker.RunAsync(1, 1, null, timeout.Token);
        }

        await Eventually.WaitAsync<object>(async () =>
            (await collector.GetJsonAsync($"/api/series?tenant={Tenant}&host=marker", Token)).GetArrayLength() > 0 ? new object() : null,
            TimeSpan.FromSeconds(120));
        await collector.StopAsync();

        var counts = await CountAsync(collector.DataDirectory);
        TestContext.Out.WriteLine(string.Join("\n", counts.Select(c => $"{c.Key}: {c.Value.Rows} rows, {c.Value.Distinct} distinct, {c.Value.Min}..{c.Value.Max}")));
        publishers.Should().OnlyContain(p => p.Acknowledged == Messages);
        const long expected = (long)Messages * PointsPerMessage;
        foreach (var host in Enumerable.Range(0, Publishers).Select(p => $"pub{p}"))
        {
            counts.Should().ContainKey(host);
            counts[host].Should().Be((expected, expected, 0L, expected - 1), $"every point {host} sent, each sequence number once");
        }
    }

    /// <summary>Per host: rows of <c>seq.v</c>, distinct values (sequence numbers), smallest and largest.</summary>
    private static async Task<Dictionary<string, (long Rows, long Distinct, long Min, long Max)>> CountAsync(string dataDirectory)
    {
        var counts = new Dictionary<string, (long, long, long, long)>();
        using var connection = new DuckDBConnection($"Data Source={Path.Combine(dataDirectory, "timeseries.duckdb")}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.host, count(*), count(DISTINCT p.value), CAST(min(p.value) AS BIGINT), CAST(max(p.value) AS BIGINT)
            FROM points p JOIN series s ON s.id = p.series_id
            WHERE s.measurement = 'seq' AND s.field = 'v' GROUP BY s.host
            """;
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        }

        return counts;
    }
}
