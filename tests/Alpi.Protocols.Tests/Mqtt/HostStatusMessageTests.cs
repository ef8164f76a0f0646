using System.Text;
using Alpi.Protocols.Mqtt;

namespace Alpi.Protocols.Tests.Mqtt;

public class HostStatusMessageTests
{
    [Test]
    public void ToPayload_FullBirthMessage_RoundTripsThroughTryParse()
    {
        var message = new HostStatusMessage
        {
            Status = HostStatusMessage.Online,
            Hostname = "srv1",
            Os = "Linux",
            OsVersion = "Debian GNU/Linux 12 (bookworm)",
            Kernel = "6.1.0-27-amd64",
            AgentVersion = "0.1.0",
            IpAddresses = ["192.0.2.10", "2001:db8::10"],
            StartedAt = new DateTimeOffset(2026, 11, 29, 14, 0, 0, TimeSpan.Zero),
        };

        var parsed = HostStatusMessage.TryParse(message.ToPayload(), out var error);

        error.Should().BeNull();
        parsed.Should().BeEquivalentTo(message);
    }

    [Test]
    public void ToPayload_BirthMessage_WritesCamelCaseAndOmitsNulls()
    {
        var message = new HostStatusMessage { Status = HostStatusMessage.Online, Hostname = "srv1", AgentVersion = "0.1.0" };

        var json = Encoding.UTF8.GetString(message.ToPayload());

        json.Should().Be("""{"status":"online","hostname":"srv1","agentVersion":"0.1.0"}""");
    }

    [Test]
    public void TryParse_DocumentedExample_ReadsEveryField()
    {
        var payload = """
            {"status":"online","hostname":"srv1","os":"Linux","osVersion":"Debian GNU/Linux 12","kernel":"6.1.0",
            "agentVersion":"0.1.0","ipAddresses":["192.0.2.10"],"startedAt":"2026-11-29T14:00:00Z"}
            """u8;

        var parsed = HostStatusMessage.TryParse(payload, out var error);

        error.Should().BeNull();
        parsed.Should().NotBeNull();
        parsed!.Status.Should().Be("online");
        parsed.Hostname.Should().Be("srv1");
        parsed.Os.Should().Be("Linux");
        parsed.OsVersion.Should().Be("Debian GNU/Linux 12");
        parsed.Kernel.Should().Be("6.1.0");
        parsed.AgentVersion.Should().Be("0.1.0");
        parsed.IpAddresses.Should().Equal("192.0.2.10");
        parsed.StartedAt.Should().Be(new DateTimeOffset(2026, 11, 29, 14, 0, 0, TimeSpan.Zero));
    }

    // The agent's last will, JSON with the status only.
    [TestCase("{\"status\":\"offline\"}", "offline")]
    // Bare words, as other publishers (Tasmota-style LWT) send.
    [TestCase("online", "online")]
    [TestCase("offline", "offline")]
    // Bare words with surrounding white space and a trailing newline (mosquitto_pub -l).
    [TestCase("  online\n", "online")]
    [TestCase("offline\r\n", "offline")]
    // Unknown JSON properties from a newer agent are ignored.
    [TestCase("{\"status\":\"online\",\"future\":42}", "online")]
    public void TryParse_AcceptedPayload_ReturnsStatus(string payload, string expected)
    {
        var parsed = HostStatusMessage.TryParse(Encoding.UTF8.GetBytes(payload), out var error);

        error.Should().BeNull();
        parsed.Should().NotBeNull();
        parsed!.Status.Should().Be(expected);
    }

    // Empty payload (an MQTT retained-message delete).
    [TestCase("")]
    // Neither a bare word nor JSON.
    [TestCase("garbage")]
    [TestCase("1")]
    // Bare words are case-sensitive.
    [TestCase("ONLINE")]
    [TestCase("Offline")]
    // Truncated JSON.
    [TestCase("{\"status\":\"online\"")]
    // JSON of the wrong shape.
    [TestCase("[\"online\"]")]
    [TestCase("\"online\"")]
    [TestCase("null")]
    // JSON without a status, with an unknown status, with a non-string status.
    [TestCase("{}")]
    [TestCase("{\"hostname\":\"srv1\"}")]
    [TestCase("{\"status\":\"rebooting\"}")]
    [TestCase("{\"status\":null}")]
    [TestCase("{\"status\":1}")]
    // A field of the wrong type.
    [TestCase("{\"status\":\"online\",\"ipAddresses\":\"192.0.2.10\"}")]
    [TestCase("{\"status\":\"online\",\"startedAt\":\"yesterday\"}")]
    public void TryParse_GarbagePayload_ReturnsNullWithError(string payload)
    {
        var parsed = HostStatusMessage.TryParse(Encoding.UTF8.GetBytes(payload), out var error);

        parsed.Should().BeNull();
        error.Should().NotBeNullOrWhiteSpace();
    }

    [Test]
    public void TryParse_InvalidUtf8_ReturnsNullWithError()
    {
        byte[] payload = [0xff, 0xfe, 0x00, 0xc3];

        var parsed = HostStatusMessage.TryParse(payload, out var error);

        parsed.Should().BeNull();
        error.Should().NotBeNullOrWhiteSpace();
    }
}
