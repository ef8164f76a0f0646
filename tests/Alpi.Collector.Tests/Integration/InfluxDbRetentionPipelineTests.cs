using Alpi.Testing;

namespace Alpi.Collector.Tests.Integration;

/// <summary>
/// The whole collector on a real influxd 1.6.7 with its default retention settings: the retention policies are created
/// at start, the local agent's points land in the raw one and are queried back from it.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class InfluxDbRetentionPipelineTests
{
    [Test]
    public async Task DefaultSettings_CreateThePoliciesAndWriteToTheRawOne()
    {
        using var influx = await InfluxDbServer.StartAsync();
        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:Storage:Kind"] = "influxdb1",
            ["Collector:Storage:InfluxDb1:Url"] = influx.Url,
            ["Collector:Storage:InfluxDb1:Database"] = "alpi_retention",
            ["Collector:Storage:Retention:RawRetentionDays"] = "7",
        });

        var count = await PipelineAssertions.WaitForCpuPointsAsync(collector, PipelineAssertions.ThisHost, 2, TimeSpan.FromSeconds(30));

        count.Should().BeGreaterThanOrEqualTo(2);
        using var http = new HttpClient();
        var policies = await http.GetStringAsync(new Uri(influx.Url + "/query?q=" + Uri.EscapeDataString("SHOW RETENTION POLICIES ON alpi_retention")));
        policies.Should().Contain("[\"alpi_raw\",\"168h0m0s\"").And.Contain("[\"rollup_5m\",\"8760h0m0s\"");
        var raw = await http.GetStringAsync(new Uri(influx.Url + "/query?db=alpi_retention&q=" + Uri.EscapeDataString("SELECT count(usage_user) FROM alpi_raw.cpu")));
        raw.Should().Contain("\"count\"", "the local agent's points are in the raw policy");
    }
}
