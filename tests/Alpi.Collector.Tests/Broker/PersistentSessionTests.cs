using Alpi.Testing;

namespace Alpi.Collector.Tests.Broker;

/// <summary>
/// One collector process (plain subscription) on a real Mosquitto 2.0 (the shipped configuration) storing into a real
/// influxd 1.x: its persistent session keeps, at the broker, what agents publish while it is stopped, and it stores all of
/// it when it starts again with the same client id; with <c>Collector:Broker:SessionExpiry=0</c> nothing is kept.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class PersistentSessionTests
{
    private const int Messages = 500;
    private const int PointsPerMessage = 10;
    private const string PublisherPassword = "publisher-secret";

    private InfluxDbServer _influx = null!;
    private ShippedMosquitto _mosquitto = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _influx = await InfluxDbServer.StartAsync();
        _mosquitto = await ShippedMosquitto.StartAsync(("session", "publisher", PublisherPassword));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _mosquitto.Dispose();
        _influx.Dispose();
    }

    [Test]
    public async Task CollectorStopped_AgentPublishes_AllOfItStoredWhenTheCollectorStartsAgain()
    {
        var stream = NewStream();
        await using var collector = await StartCollectorAsync(stream, sessionExpiry: "1.00:00:00");
        await stream.PublishAsync(Messages, PointsPerMessage);
        (await stream.WaitForCountAsync(Messages * PointsPerMessage)).Should().Be(Messages * PointsPerMessage);

        await collector.StopAsync();
        await stream.PublishAsync(Messages, PointsPerMessage, firstMessage: Messages);
        (await stream.CountAsync()).Should().Be(Messages * PointsPerMessage, "nobody stores while the collector is stopped");
        await collector.StartAgainAsync();
        var stored = await stream.WaitForCountAsync(2 * Messages * PointsPerMessage);

        TestContext.Out.WriteLine($"{Messages * PointsPerMessage} points published while the collector was stopped; after it started again it stored {await collector.PointsStoredAsync()}, InfluxDB holds {stored}");
        stored.Should().Be(2 * Messages * PointsPerMessage);
    }

    [Test]
    public async Task CollectorWithoutPersistentSession_Stopped_WhatWasPublishedMeanwhileIsNotKept()
    {
        // The control case: the points above reach the collector through its session, not some other way.
        var stream = NewStream();
        await using var collector = await StartCollectorAsync(stream, sessionExpiry: "00:00:00");
        await stream.PublishAsync(Messages, PointsPerMessage);
        (await stream.WaitForCountAsync(Messages * PointsPerMessage)).Should().Be(Messages * PointsPerMessage);

        await collector.StopAsync();
        await stream.PublishAsync(Messages, PointsPerMessage, firstMessage: Messages);
        await collector.StartAgainAsync();
        // A round trip through the restarted collector: once this last message is stored, anything queued before it is too.
        await stream.PublishAsync(1, PointsPerMessage, firstMessage: 2 * Messages);
        var stored = await stream.WaitForCountAsync((Messages + 1) * PointsPerMessage);

        stored.Should().Be((Messages + 1) * PointsPerMessage);
    }

    private PointStream NewStream() => new(PointStream.NewRun(), _mosquitto.PlainPort, "session.publisher", PublisherPassword, _influx.Url);

    private Task<CollectorProcess> StartCollectorAsync(PointStream stream, string sessionExpiry) =>
        CollectorProcess.StartAsync("single", _mosquitto.PlainPort, new Dictionary<string, string>
        {
            ["Collector:Broker:ClientId"] = $"alpi-collector-{stream.Run}",
            ["Collector:Broker:SessionExpiry"] = sessionExpiry,
            ["Collector:Storage:Kind"] = "influxdb1",
            ["Collector:Storage:InfluxDb1:Url"] = _influx.Url,
            ["Collector:Storage:InfluxDb1:Database"] = stream.Run,
        });
}
