using System.Globalization;
using System.Text;
using System.Text.Json;
using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Coa;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Radius;
using Alpi.HotspotController.Sessions;
using Alpi.HotspotController.Telemetry;
using Alpi.HotspotController.Tests.Radius;
using Alpi.Protocols.Mqtt;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;

namespace Alpi.HotspotController.Tests.Telemetry;

/// <summary>
/// The controller with radclient as the terminal, publishing to a real collector (embedded broker, DuckDB, HTTP API)
/// or a real Mosquitto: what a technician sees in the dashboard is what these tests read back.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class HotspotTelemetryIntegrationTests
{
    private const string Signed = "Message-Authenticator = 0x00";
    private const string TerminalTenant = "default";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Collector_SeesActiveSessionsAcceptsRejectsAndTheTerminalOnline()
    {
        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Agent:Enabled"] = "false" });
        await using var harness = await RadiusHarness.StartAsync(TelemetrySettings(collector.BrokerPort));
        await harness.Get<AccountStore>().CreateAsync("telemetry@example.org", "telemetry@example.org", AccountPasswords.Hash("correct horse"), null, TimeProvider.System.GetUtcNow(), CancellationToken.None); // now: the legal-log purge at start deletes accounts inactive for a year

        (await Radclient.RunAsync(harness.AuthPort, "auth", $"User-Name = \"telemetry@example.org\", User-Password = \"correct horse\", {Signed}")).Output.Should().Contain("Received Access-Accept");
        (await Radclient.RunAsync(harness.AuthPort, "auth", $"User-Name = \"nobody@example.org\", User-Password = \"whatever1\", {Signed}")).Output.Should().Contain("Received Access-Reject");
        (await Radclient.RunAsync(harness.AcctPort, "acct", "Acct-Status-Type = Start, Acct-Session-Id = \"tele-1\", User-Name = \"telemetry@example.org\", Calling-Station-Id = \"02:00:00:00:09:01\""))
            .ExitCode.Should().Be(0);

        (await WaitForLastValueAsync(collector, "hotspot_terminal", "active_sessions", RadiusHarness.NasName, v => v == 1)).Should().Be(1);
        (await WaitForLastValueAsync(collector, "hotspot_terminal", "access_accepts", RadiusHarness.NasName, v => v >= 1)).Should().Be(1);
        (await WaitForLastValueAsync(collector, "hotspot_terminal", "access_rejects", RadiusHarness.NasName, v => v >= 1)).Should().Be(1);
        (await WaitForLastValueAsync(collector, "hotspot_terminal", "accounting_starts", RadiusHarness.NasName, v => v >= 1)).Should().Be(1);
        (await WaitForLastValueAsync(collector, "alpi_hotspot", "active_sessions", "cigale-controller", v => v == 1)).Should().Be(1);

        // Traffic from the interim updates, and the terminal's coordinates for the dashboard's map.
        await harness.Get<NasClientStore>().UpsertAsync(new NasClient { Name = RadiusHarness.NasName, Address = "127.0.0.1", Secret = RadiusHarness.Secret, GroupName = RadiusHarness.NasGroup, Latitude = 45.1885, Longitude = 5.7245 }, CancellationToken.None);
        (await Radclient.RunAsync(harness.AcctPort, "acct", "Acct-Status-Type = Interim-Update, Acct-Session-Id = \"tele-1\", User-Name = \"telemetry@example.org\", Acct-Input-Octets = 4000, Acct-Output-Octets = 1000, Acct-Output-Gigawords = 1, Acct-Session-Time = 60"))
            .ExitCode.Should().Be(0);
        (await WaitForLastValueAsync(collector, "hotspot_terminal", "input_octets", RadiusHarness.NasName, v => v >= 4000)).Should().Be(4000);
        (await WaitForLastValueAsync(collector, "hotspot_terminal", "output_octets", RadiusHarness.NasName, v => v > 0)).Should().Be(4_294_968_296, "Gigawords × 2³² + octets");
        (await WaitForLastValueAsync(collector, "hotspot_terminal", "input_octets_per_second", RadiusHarness.NasName, v => v > 0)).Should().BeGreaterThan(0);
        (await WaitForLastValueAsync(collector, "hotspot_terminal", "latitude", RadiusHarness.NasName, v => v != 0)).Should().Be(45.1885);
        (await WaitForLastValueAsync(collector, "hotspot_terminal", "longitude", RadiusHarness.NasName, v => v != 0)).Should().Be(5.7245);

        var terminal = await WaitForHostAsync(collector, TerminalTenant, RadiusHarness.NasName, HostStatusMessage.Online);
        terminal.Should().NotBeNull("the terminal that sent requests is online in the collector's inventory");
        (await WaitForHostAsync(collector, "test", "cigale-controller", HostStatusMessage.Online)).Should().NotBeNull("the controller announces itself");
        var series = await collector.GetJsonAsync($"/api/series?host={RadiusHarness.NasName}");
        series.EnumerateArray().Select(s => s.GetProperty("tags").GetProperty("group").GetString()).Should().Contain(RadiusHarness.NasGroup);
    }

    [Test]
    public async Task Presence_SilentForThreeInterimIntervals_GoesOfflineRetained_AndOnlineAtTheNextRequest()
    {
        using var broker = await MosquittoBroker.StartAsync();
        await using var harness = await RadiusHarness.StartAsync(new Dictionary<string, string?> { ["Hotspot:Policies:libraries:AcctInterimInterval"] = "00:01:00" });
        var options = Options.Create(new HotspotOptions
        {
            Policies = harness.Get<IOptions<HotspotOptions>>().Value.Policies,
            Telemetry = new TelemetryOptions { Tenant = "test", Host = "cigale-controller", Broker = new TelemetryBrokerOptions { Port = broker.Port, MaxReconnectDelay = TimeSpan.FromSeconds(1) } },
        });
        using var publisher = new TelemetryPublisher(options, TimeProvider.System, NullLogger<TelemetryPublisher>.Instance);
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var service = new HotspotTelemetryService(
            harness.Get<NasClientRegistry>(), harness.Statistics, harness.Get<SessionStore>(), harness.Get<CoaStatistics>(), new AuditStatistics(), new TerminalTraffic(clock), publisher, options, clock, NullLogger<HotspotTelemetryService>.Instance);
        var statusTopic = AlpiTopic.Create(TerminalTenant, RadiusHarness.NasName, AlpiTopicKind.Status).ToString();
        await publisher.StartAsync(CancellationToken.None);
        try
        {
            await service.TickAsync(CancellationToken.None);
            service.States[RadiusHarness.NasName].Should().Be(TerminalState.Unknown, "not heard since the start, and the start is recent");

            (await Radclient.RunAsync(harness.AuthPort, "status", Signed)).ExitCode.Should().Be(0);
            await service.TickAsync(CancellationToken.None);
            service.States[RadiusHarness.NasName].Should().Be(TerminalState.Up);
            (await WaitForRetainedStatusAsync(broker.Port, statusTopic, HostStatusMessage.Online)).Should().BeTrue();

            // Exactly three interim intervals (3 × 60 s) after its last request.
            clock.SetUtcNow(harness.Statistics.Find(RadiusHarness.NasName)!.LastRequestAt!.Value + TimeSpan.FromMinutes(3));
            await service.TickAsync(CancellationToken.None);
            service.States[RadiusHarness.NasName].Should().Be(TerminalState.Down);
            (await WaitForRetainedStatusAsync(broker.Port, statusTopic, HostStatusMessage.Offline)).Should().BeTrue("a new subscriber gets the retained offline");

            (await Radclient.RunAsync(harness.AcctPort, "acct", "Acct-Status-Type = Interim-Update, Acct-Session-Id = \"tele-2\", User-Name = \"02-00-00-00-09-02\", Acct-Session-Time = 60"))
                .ExitCode.Should().Be(0);
            await service.TickAsync(CancellationToken.None);
            service.States[RadiusHarness.NasName].Should().Be(TerminalState.Up);
            (await WaitForRetainedStatusAsync(broker.Port, statusTopic, HostStatusMessage.Online)).Should().BeTrue();
        }
        finally
        {
            await publisher.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task BrokerAwayAtStart_RadiusIsUnaffected_AndTheBufferedPointsArriveWhenItComes()
    {
        var brokerPort = FreePort.Tcp();
        await using var harness = await RadiusHarness.StartAsync(TelemetrySettings(brokerPort));
        var publisher = harness.Get<TelemetryPublisher>();

        (await Radclient.RunAsync(harness.AuthPort, "auth", $"User-Name = \"nobody@example.org\", User-Password = \"whatever1\", {Signed}")).Output.Should().Contain("Received Access-Reject");
        (await Eventually.WaitAsync<object>(() => Task.FromResult(publisher.Queued >= 6 ? new object() : null), Patience)).Should().NotBeNull("points queue while the broker is away");
        publisher.IsConnected.Should().BeFalse();
        var brokerAway = TimeProvider.System.GetUtcNow();

        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Agent:Enabled"] = "false" }, brokerPort);

        var from = (brokerAway - TimeSpan.FromMinutes(1)).ToString("O", CultureInfo.InvariantCulture);
        var to = brokerAway.ToString("O", CultureInfo.InvariantCulture);
        var buffered = await Eventually.WaitAsync<object>(async () =>
        {
            var values = await QueryAsync(collector, $"/api/query?measurement=hotspot_terminal&field=access_rejects&host={RadiusHarness.NasName}&tenant={TerminalTenant}&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}&step=1s&agg=last");
            return values.Count >= 2 && values[^1] == 1 ? values : null;
        }, Patience);
        buffered.Should().NotBeNull("points taken while the broker was away are delivered with their own timestamps");
        publisher.DroppedMessages.Should().Be(0);
        (await Radclient.RunAsync(harness.AuthPort, "auth", $"User-Name = \"nobody@example.org\", User-Password = \"whatever1\", {Signed}")).Output.Should().Contain("Received Access-Reject");
    }

    private static Dictionary<string, string?> TelemetrySettings(int brokerPort) => new()
    {
        ["Hotspot:Telemetry:Enabled"] = "true",
        ["Hotspot:Telemetry:Tenant"] = "test",
        ["Hotspot:Telemetry:Host"] = "cigale-controller",
        ["Hotspot:Telemetry:Interval"] = "00:00:01",
        ["Hotspot:Telemetry:Broker:Port"] = brokerPort.ToString(CultureInfo.InvariantCulture),
        ["Hotspot:Telemetry:Broker:MaxReconnectDelay"] = "00:00:01",
    };

    /// <summary>The non-null values of the first series the query returns, oldest first.</summary>
    private static async Task<List<double>> QueryAsync(CollectorHarness collector, string path)
    {
        var result = await collector.GetJsonAsync(path);
        var series = result.GetProperty("series");
        if (series.GetArrayLength() == 0)
        {
            return [];
        }

        return series[0].GetProperty("points").EnumerateArray()
            .Where(p => p[1].ValueKind == JsonValueKind.Number)
            .Select(p => p[1].GetDouble())
            .ToList();
    }

    private static async Task<double?> WaitForLastValueAsync(CollectorHarness collector, string measurement, string field, string host, Func<double, bool> expected)
    {
        double? last = null;
        await Eventually.WaitAsync<object>(async () =>
        {
            var values = await QueryAsync(collector, $"/api/query?measurement={measurement}&field={field}&host={host}&step=1s&agg=last");
            last = values.Count == 0 ? null : values[^1];
            return last is { } value && expected(value) ? new object() : null;
        }, Patience);
        return last;
    }

    private static async Task<JsonElement?> WaitForHostAsync(CollectorHarness collector, string tenant, string host, string status)
    {
        var found = await Eventually.WaitAsync<object>(async () =>
        {
            foreach (var h in (await collector.GetJsonAsync("/api/hosts")).EnumerateArray())
            {
                if (h.GetProperty("tenant").GetString() == tenant && h.GetProperty("host").GetString() == host && h.GetProperty("status").GetString() == status)
                {
                    return h;
                }
            }

            return null;
        }, Patience);
        return (JsonElement?)found;
    }

    /// <summary>Subscribes afresh until the retained message on <paramref name="topic"/> has <paramref name="status"/>.</summary>
    private static async Task<bool> WaitForRetainedStatusAsync(int port, string topic, string status)
    {
        var deadline = Environment.TickCount64 + (long)Patience.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            using var client = new MqttClientFactory().CreateMqttClient();
            var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            client.ApplicationMessageReceivedAsync += e =>
            {
                if (e.ApplicationMessage.Retain)
                {
                    received.TrySetResult(Encoding.UTF8.GetString(e.ApplicationMessage.Payload));
                }

                return Task.CompletedTask;
            };
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("telemetry-test-" + Guid.NewGuid().ToString("N")[..8]).Build());
            await client.SubscribeAsync(topic, MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);
            var payload = await Task.WhenAny(received.Task, Task.Delay(500)) == received.Task ? received.Task.Result : null;
            await client.DisconnectAsync();
            if (payload is not null && HostStatusMessage.TryParse(Encoding.UTF8.GetBytes(payload), out _)?.Status == status)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
