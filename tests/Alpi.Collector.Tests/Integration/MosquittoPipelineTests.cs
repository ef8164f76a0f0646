using System.Diagnostics;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Integration;

/// <summary>
/// The same pipeline with a real Mosquitto 2.0 (Debian package) as the external broker, started on a free
/// loopback port: the collector runs without its embedded broker and subscribes to Mosquitto, as in production.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class MosquittoPipelineTests
{
    private MosquittoBroker _mosquitto = null!;
    private CollectorHarness _collector = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _mosquitto = await MosquittoBroker.StartAsync();

        // A status retained on the broker before the collector exists must be picked up when it subscribes.
        using var publish = Process.Start(new ProcessStartInfo("mosquitto_pub",
            ["-h", "127.0.0.1", "-p", _mosquitto.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", "mqttv5", "-q", "1", "-r",
             "-t", "alpi/test/retained-router/status", "-m", """{"status":"online","hostname":"retained-router","os":"RouterOS"}"""])
        { UseShellExecute = false })!;
        await publish.WaitForExitAsync();
        publish.ExitCode.Should().Be(0, "mosquitto_pub publishes the retained status");

        _collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Collector:Broker:Embedded"] = "false" }, _mosquitto.Port);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _collector.DisposeAsync();
        _mosquitto.Dispose();
    }

    [Test]
    public async Task LocalAgent_ThroughMosquitto_HostOnlineAndCpuPointsQueried()
    {
        var host = await PipelineAssertions.WaitForHostAsync(_collector, "test", PipelineAssertions.ThisHost, "online", TimeSpan.FromSeconds(30));
        host.Should().NotBeNull();

        var count = await PipelineAssertions.WaitForCpuPointsAsync(_collector, PipelineAssertions.ThisHost, 2, TimeSpan.FromSeconds(30));
        count.Should().BeGreaterThanOrEqualTo(2);
    }

    [Test]
    public async Task RetainedStatus_PublishedBeforeCollectorStarted_IsInInventory()
    {
        var host = await PipelineAssertions.WaitForHostAsync(_collector, "test", "retained-router", "online", TimeSpan.FromSeconds(10));

        host.Should().NotBeNull();
        host!.Value.GetProperty("inventory").GetProperty("os").GetString().Should().Be("RouterOS");
    }

    [Test]
    public async Task KilledAgent_LastWillThroughMosquitto_MakesHostOffline()
    {
        using var agent = AgentProcess.Start(_mosquitto.Port, "test", "mosq-killed-agent");
        (await PipelineAssertions.WaitForHostAsync(_collector, "test", "mosq-killed-agent", "online", TimeSpan.FromSeconds(30))).Should().NotBeNull();

        agent.Kill();

        (await PipelineAssertions.WaitForHostAsync(_collector, "test", "mosq-killed-agent", "offline", TimeSpan.FromSeconds(30))).Should().NotBeNull();
    }
}
