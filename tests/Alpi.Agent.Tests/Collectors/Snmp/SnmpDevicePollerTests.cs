using System.Globalization;
using System.Text;
using Alpi.Agent.Collectors.Snmp;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Tests.Collectors.Snmp;

/// <summary>
/// The poller's own points, without a real SNMP agent: devices at loopback ports nobody listens on, which answer
/// nothing and so report only <c>snmp_poll up=false</c>.
/// </summary>
public sealed class SnmpDevicePollerTests
{
    [Test]
    public async Task CollectAsync_DeviceWithItsOwnSite_TagsItsSnmpPollWithTheSite_OtherDeviceWithout()
    {
        var options = new SnmpPollingOptions();
        options.Devices.Add(Silent("imprimante-ecole", site: "Salle des fêtes"));
        options.Devices.Add(Silent("switch-siege", site: null));
        options.Devices.Add(Silent("onduleur-baie", site: ""));
        await using var poller = new SnmpDevicePoller(Options.Create(options), TimeProvider.System, NullLogger<SnmpDevicePoller>.Instance);

        var sink = new RecordingSink();
        await poller.CollectAsync(sink, CancellationToken.None);

        var polls = sink.Points.Where(p => p.Measurement == "snmp_poll").ToDictionary(p => p.GetTag("device")!);
        polls.Keys.Should().BeEquivalentTo(["imprimante-ecole", "switch-siege", "onduleur-baie"]);
        polls["imprimante-ecole"].Tags.Should().Equal(
            [new KeyValuePair<string, string>("device", "imprimante-ecole"), new KeyValuePair<string, string>("site", "Salle des fêtes")]);
        polls["switch-siege"].Tags.Should().Equal([new KeyValuePair<string, string>("device", "switch-siege")], "no site: the device stands on the poller's site");
        polls["onduleur-baie"].Tags.Should().Equal([new KeyValuePair<string, string>("device", "onduleur-baie")], "an empty site is no site");

        // On the wire, as Telegraf and InfluxDB escape a tag value: the space is escaped, the accent is plain UTF-8.
        var line = new StringBuilder();
        LineProtocolWriter.Write(polls["imprimante-ecole"], line);
        line.ToString().Should().StartWith("snmp_poll,device=imprimante-ecole,site=Salle\\ des\\ fêtes up=false,");
        LineProtocolParser.Parse(line.ToString()).Points.Should().ContainSingle()
            .Which.GetTag("site").Should().Be("Salle des fêtes");
    }

    private static SnmpDeviceOptions Silent(string name, string? site) => new()
    {
        Name = name,
        Address = "127.0.0.1:" + FreePort.Udp().ToString(CultureInfo.InvariantCulture),
        Community = "public",
        Timeout = TimeSpan.FromMilliseconds(100),
        Retries = 0,
        Site = site,
    };
}
