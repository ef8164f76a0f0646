using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Traps;

/// <summary>The trap port already taken (as port 162 is for a non-root user): the collector runs on and says so.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class TrapReceiverBindFailureTests
{
    [Test]
    public async Task PortInUse_CollectorKeepsRunning_AndCountsTheBindFailure()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)squatter.LocalEndPoint!).Port;

        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:Traps:Port"] = port.ToString(CultureInfo.InvariantCulture),
        });

        using var response = await collector.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var traps = health.RootElement.GetProperty("traps");
        traps.GetProperty("listening").GetBoolean().Should().BeFalse();
        traps.GetProperty("bindFailures").GetInt64().Should().Be(1);
        (await collector.GetJsonAsync("/api/events")).GetArrayLength().Should().Be(0, "the API still answers");
    }
}
