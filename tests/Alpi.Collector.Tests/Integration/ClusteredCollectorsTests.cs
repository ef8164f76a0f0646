using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Integration;

/// <summary>
/// Two whole collectors (in-process, each with its own embedded broker and HTTP API) configured as a cluster on one real
/// PostgreSQL database and one real influxd: the alert evaluation tick, a Quartz.NET job, runs once per trigger across
/// them, and when the collector that ran it stops, the other goes on running it.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class ClusteredCollectorsTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    [Test]
    public async Task TwoCollectors_RunEachEvaluationTickOnce_AndTheOtherGoesOnWhenOneStops()
    {
        var connectionString = await (await SharedPostgresServer.GetAsync()).CreateDatabaseAsync();
        using var influx = await InfluxDbServer.StartAsync();
        var running = new List<CollectorHarness>();
        var a = await CollectorHarness.StartAsync(Settings("collector-a", connectionString, influx.Url));
        running.Add(a);
        var b = await CollectorHarness.StartAsync(Settings("collector-b", connectionString, influx.Url));
        running.Add(b);
        try
        {
            (await AlertingAsync(a)).GetProperty("clustered").GetBoolean().Should().BeTrue();
            (await AlertingAsync(b)).GetProperty("clustered").GetBoolean().Should().BeTrue();

            var before = await EvaluationsAsync(a) + await EvaluationsAsync(b);
            var watch = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(12));
            var ran = await EvaluationsAsync(a) + await EvaluationsAsync(b) - before;
            var elapsed = watch.Elapsed;

            TestContext.Out.WriteLine($"{ran} ticks run by the two collectors in {elapsed.TotalSeconds:0.0} s at one a second");
            ran.Should().BePositive("the tick runs");
            ran.Should().BeLessThanOrEqualTo((long)(elapsed / Tick) + 2, "each tick runs on one of the two collectors, not on both");

            // Stop the one that ran the last tick; the other goes on.
            var (last, other) = await LastEvaluationAsync(a) > await LastEvaluationAsync(b) ? (a, b) : (b, a);
            var otherBefore = await EvaluationsAsync(other);
            running.Remove(last);
            await last.DisposeAsync();
            var stopped = Stopwatch.StartNew();
            var resumed = await Eventually.WaitAsync(async () => await EvaluationsAsync(other) >= otherBefore + 3 ? "resumed" : null, TimeSpan.FromMinutes(1));

            resumed.Should().NotBeNull("the remaining collector runs the tick");
            TestContext.Out.WriteLine($"three ticks on the remaining collector {stopped.Elapsed.TotalSeconds:0.0} s after the other stopped");
        }
        finally
        {
            foreach (var collector in running)
            {
                await collector.DisposeAsync();
            }
        }
    }

    private static Dictionary<string, string?> Settings(string instanceId, string connectionString, string influxUrl) => new()
    {
        ["Collector:State:Provider"] = "postgresql",
        ["Collector:State:ConnectionString"] = connectionString,
        ["Collector:Cluster:Enabled"] = "true",
        ["Collector:Cluster:InstanceId"] = instanceId,
        ["Collector:Cluster:CheckinInterval"] = "00:00:01",
        ["Collector:Cluster:CheckinMisfireThreshold"] = "00:00:01",
        ["Collector:Storage:Kind"] = "influxdb1",
        ["Collector:Storage:InfluxDb1:Url"] = influxUrl,
        ["Collector:Storage:InfluxDb1:Database"] = "alpi_cluster",
        ["Collector:Alerting:EvaluationInterval"] = Tick.ToString("c", CultureInfo.InvariantCulture),
        ["Agent:Enabled"] = "false",
    };

    private static async Task<JsonElement> AlertingAsync(CollectorHarness collector)
    {
        using var response = await collector.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("alerting").Clone();
    }

    private static async Task<long> EvaluationsAsync(CollectorHarness collector) => (await AlertingAsync(collector)).GetProperty("evaluations").GetInt64();

    private static async Task<DateTimeOffset> LastEvaluationAsync(CollectorHarness collector) =>
        (await AlertingAsync(collector)).GetProperty("lastEvaluation") is { ValueKind: JsonValueKind.String } last ? last.GetDateTimeOffset() : DateTimeOffset.MinValue;
}
