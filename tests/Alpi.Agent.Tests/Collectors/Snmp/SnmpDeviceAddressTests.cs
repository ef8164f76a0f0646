using Alpi.Agent.Collectors.Snmp;

namespace Alpi.Agent.Tests.Collectors.Snmp;

public class SnmpDeviceAddressTests
{
    // An IPv4 address, default port (RFC 3417 §3).
    [TestCase("192.0.2.10", "192.0.2.10", 161, true)]
    // An IPv4 address and a port.
    [TestCase("192.0.2.10:1161", "192.0.2.10", 1161, true)]
    // net-snmp's transport prefix.
    [TestCase("udp:192.0.2.10:162", "192.0.2.10", 162, true)]
    // IPv6 in brackets with a port, and bare without one.
    [TestCase("[2001:db8::1]:1161", "2001:db8::1", 1161, true)]
    [TestCase("2001:db8::1", "2001:db8::1", 161, true)]
    // DNS names: resolved at poll time.
    [TestCase("switch-mairie.exemple.fr", "switch-mairie.exemple.fr", 161, false)]
    [TestCase("onduleur1:1161", "onduleur1", 1161, false)]
    [TestCase("localhost", "localhost", 161, false)]
    [TestCase("nonexistent.invalid", "nonexistent.invalid", 161, false)]
    public void TryParse_AcceptedForm_GivesHostPortAndWhetherItIsAnAddress(string text, string host, int port, bool isAddress)
    {
        SnmpDeviceAddress.TryParse(text, out var address).Should().BeTrue();

        address.Host.Should().Be(host);
        address.Port.Should().Be(port);
        address.IsName.Should().Be(!isAddress);
    }

    // Empty, or only a port.
    [TestCase("")]
    [TestCase(":161")]
    // Ports out of range or not numbers.
    [TestCase("router:0")]
    [TestCase("router:65536")]
    [TestCase("router:snmp")]
    // Characters a host name cannot have.
    [TestCase("bad name")]
    [TestCase("routeur_mairie!")]
    // Brackets that do not close or hold no IPv6 address.
    [TestCase("[2001:db8::1")]
    [TestCase("[router]:161")]
    // A bare IPv6 address cannot take a port without brackets.
    [TestCase("2001:db8::1:zz")]
    public void TryParse_BadForm_IsRejected(string text)
    {
        SnmpDeviceAddress.TryParse(text, out _).Should().BeFalse();
    }
}
