using Alpi.Testing;

namespace Alpi.Collector.Tests.Broker;

/// <summary>
/// Two collector processes in one MQTT 5 shared subscription group on a real Mosquitto 2.0 (the shipped configuration),
/// both writing to one real influxd 1.x: every point published at QoS 1 is stored exactly once, with the load shared,
/// and still exactly once when one collector is killed mid-stream. InfluxDB keeps one point per series and timestamp, so
/// a message delivered again after a crash overwrites itself: counting points in InfluxDB counts distinct points.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class SharedSubscriptionTests
{
    private const int Messages = 2000;
    private const int PointsPerMessage = 10;
    private const int Points = Messages * PointsPerMessage;
    private const string PublisherPassword = "publisher-secret";

    private InfluxDbServer _influx = null!;
    private ShippedMosquitto _mosquitto = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _influx = await InfluxDbServer.StartAsync();
        _mosquitto = await ShippedMosquitto.StartAsync(("shared", "publisher", PublisherPassword));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _mosquitto.Dispose();
        _influx.Dispose();
    }

    [Test]
    public async Task TwoCollectors_NPointsPublished_ExactlyNStoredAndBothStoredSome()
    {
        var stream = NewStream();
        await using var a = await StartCollectorAsync("a", stream);
        await using var b = await StartCollectorAsync("b", stream);

        await stream.PublishAsync(Messages, PointsPerMessage);
        var stored = await stream.WaitForCountAsync(Points);

        stored.Should().Be(Points);
        var (byA, byB) = (await a.PointsStoredAsync(), await b.PointsStoredAsync());
        TestContext.Out.WriteLine($"{Points} points in {Messages} messages: collector a stored {byA}, b stored {byB}, InfluxDB holds {stored}");
        byA.Should().BePositive("the group shares the load");
        byB.Should().BePositive("the group shares the load");
        (byA + byB).Should().Be(Points, "with nobody killed, each message reaches one collector once");
    }

    [Test]
    public async Task OneCollectorKilledMidStream_RestartedWithItsClientId_ExactlyNStored()
    {
        var stream = NewStream();
        await using var a = await StartCollectorAsync("a", stream);
        await using var b = await StartCollectorAsync("b", stream);
        var killedAfter = -1;
        long storedByBBeforeKill = 0;

        await stream.PublishAsync(Messages, PointsPerMessage, async published =>
        {
            // Kill b once a third of the stream is out and b has stored some of it: it then has messages in flight
            // (received, not yet stored or not yet acknowledged) and more on their way.
            if (killedAfter < 0 && published >= Messages / 3 && (storedByBBeforeKill = await b.PointsStoredAsync()) > 0)
            {
                b.Kill();
                killedAfter = published;
            }
        });
        killedAfter.Should().BeInRange(Messages / 3, Messages - 1, "b was killed while the stream was running");

        // Mosquitto 2.0.11 does not hand a dead member's messages to the rest of the group: with a persistent session
        // (clean start off, session expiry > 0) the dead member stays in the group, its unacknowledged messages stay in its
        // session and the broker keeps queueing every Nth new message there (MQTT 5 §4.8.2 lets the server wait for the
        // client to come back). So what b was given waits for b, and b is restarted with the same client id, as systemd
        // does (Restart=on-failure), and receives it then.
        var beforeRestart = await stream.WaitForStableCountAsync();
        var byA = await a.PointsStoredAsync();
        await b.StartAgainAsync();
        var stored = await stream.WaitForCountAsync(Points);
        var byBAfterRestart = await b.PointsStoredAsync();

        TestContext.Out.WriteLine($"{Points} points in {Messages} messages; b killed after {killedAfter} messages published, having stored {storedByBBeforeKill} points; " +
            $"a stored {byA}; InfluxDB held {beforeRestart} before b restarted; restarted b stored {byBAfterRestart}; InfluxDB holds {stored}");
        stored.Should().Be(Points);
        beforeRestart.Should().BeLessThan(Points, "Mosquitto kept b's share in b's session rather than giving it to a");
        byBAfterRestart.Should().BePositive("b's session held its share until it came back");
    }

    [Test]
    public async Task CollectorKilledHoldingUnacknowledgedMessages_RestartedWithItsClientId_StoresThemExactlyOnce()
    {
        // b's own InfluxDB is down, so b receives its share, cannot store it and acknowledges none of it.
        var stream = NewStream();
        using var unreachable = await InfluxDbServer.StartAsync();
        await using var a = await StartCollectorAsync("a", stream);
        await using var b = await StartCollectorAsync("b", stream, new Dictionary<string, string> { ["Collector:Storage:InfluxDb1:Url"] = unreachable.Url });
        unreachable.Stop();

        await stream.PublishAsync(Messages, PointsPerMessage);
        var beforeKill = await stream.WaitForStableCountAsync();
        b.Kill();
        var afterKill = await stream.WaitForStableCountAsync();
        await b.StartAgainAsync(new Dictionary<string, string> { ["Collector:Storage:InfluxDb1:Url"] = _influx.Url });
        var stored = await stream.WaitForCountAsync(Points);

        TestContext.Out.WriteLine($"persistent sessions: a stored {await a.PointsStoredAsync()}; InfluxDB held {beforeKill} while b held its share unacknowledged, " +
            $"{afterKill} after b was killed; restarted b stored {await b.PointsStoredAsync()}; InfluxDB holds {stored}");
        beforeKill.Should().BeLessThan(Points, "b could not store its share");
        afterKill.Should().Be(beforeKill, "Mosquitto 2.0.11 keeps a dead member's unacknowledged messages in its session");
        stored.Should().Be(Points);
    }

    [Test]
    public async Task CleanSessionCollectorKilledHoldingUnacknowledgedMessages_MosquittoDropsThem()
    {
        // Why Collector:Broker:SessionExpiry must stay above zero in a group on Mosquitto 2.0.11: without a persistent
        // session, the messages a killed member had received but not acknowledged are neither kept nor given to the
        // others (MQTT 5 §4.8.2 says the server SHOULD send them to another member; Mosquitto does not), so they are lost.
        var stream = NewStream();
        var clean = new Dictionary<string, string> { ["Collector:Broker:SessionExpiry"] = "00:00:00" };
        using var unreachable = await InfluxDbServer.StartAsync();
        await using var a = await StartCollectorAsync("a", stream, clean);
        await using var b = await StartCollectorAsync("b", stream, new Dictionary<string, string>(clean) { ["Collector:Storage:InfluxDb1:Url"] = unreachable.Url });
        unreachable.Stop();

        await stream.PublishAsync(Messages, PointsPerMessage);
        await stream.WaitForStableCountAsync();
        b.Kill();
        var afterKill = await stream.WaitForStableCountAsync();

        TestContext.Out.WriteLine($"clean sessions: a stored {await a.PointsStoredAsync()}; InfluxDB holds {afterKill} of {Points} after b was killed");
        afterKill.Should().Be(await a.PointsStoredAsync(), "nothing b held was handed to a");
        afterKill.Should().BeLessThan(Points);
    }

    [Test]
    public async Task CollectorStoppedWithEndSessionOnStop_TheOtherStoresEverythingPublishedAfterwards()
    {
        var stream = NewStream();
        await using var a = await StartCollectorAsync("a", stream);
        await using var b = await StartCollectorAsync("b", stream, new Dictionary<string, string> { ["Collector:Broker:EndSessionOnStop"] = "true" });
        await stream.PublishAsync(Messages / 2, PointsPerMessage);
        (await stream.WaitForCountAsync(Points / 2)).Should().Be(Points / 2);
        var byB = await b.PointsStoredAsync();

        await b.StopAsync();
        var byABefore = await a.PointsStoredAsync();
        await stream.PublishAsync(Messages / 2, PointsPerMessage, firstMessage: Messages / 2);
        var stored = await stream.WaitForCountAsync(Points);

        TestContext.Out.WriteLine($"b stored {byB} of the first {Points / 2} points, then stopped ending its session; a stored {await a.PointsStoredAsync() - byABefore} of the next {Points / 2}; InfluxDB holds {stored}");
        byB.Should().BePositive();
        stored.Should().Be(Points, "b left the group: the broker gave its share to a, and kept nothing for b");
        (await a.PointsStoredAsync() - byABefore).Should().Be(Points / 2);
    }

    [Test]
    public async Task CollectorJoiningAGroup_WithAResumedPlainSession_ReceivesOnlyItsShare()
    {
        // a first ran alone with a plain subscription in a persistent session; started again in the group, it resumes that
        // session and must drop the plain filter, or it would get every message besides its share.
        var stream = NewStream();
        await using var a = await StartCollectorAsync("a", stream, new Dictionary<string, string> { ["Collector:Broker:SharedSubscriptionGroup"] = "" });
        await a.StopAsync();
        await a.StartAgainAsync(new Dictionary<string, string> { ["Collector:Broker:SharedSubscriptionGroup"] = "alpi-" + stream.Run });
        await using var b = await StartCollectorAsync("b", stream);

        await stream.PublishAsync(Messages, PointsPerMessage);
        var stored = await stream.WaitForCountAsync(Points);
        await stream.WaitForStableCountAsync();
        var (byA, byB) = (await a.PointsStoredAsync(), await b.PointsStoredAsync());

        TestContext.Out.WriteLine($"a (resumed plain session) stored {byA}, b stored {byB}, InfluxDB holds {stored}");
        stored.Should().Be(Points);
        byB.Should().BePositive();
        (byA + byB).Should().Be(Points, "a received its share only");
    }

    private PointStream NewStream() => new(PointStream.NewRun(), _mosquitto.PlainPort, "shared.publisher", PublisherPassword, _influx.Url);

    private Task<CollectorProcess> StartCollectorAsync(string name, PointStream stream, IReadOnlyDictionary<string, string>? extra = null)
    {
        var run = stream.Run;
        var settings = new Dictionary<string, string>
        {
            ["Collector:Broker:ClientId"] = $"alpi-collector-{run}-{name}",
            ["Collector:Broker:SharedSubscriptionGroup"] = "alpi-" + run,
            ["Collector:Storage:Kind"] = "influxdb1",
            ["Collector:Storage:InfluxDb1:Url"] = _influx.Url,
            ["Collector:Storage:InfluxDb1:Database"] = run,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            // An empty value leaves the setting out.
            if (value.Length == 0)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        return CollectorProcess.StartAsync(name, _mosquitto.PlainPort, settings);
    }
}
