using System.Net;
using Alpi.Protocols.Snmp;
using FluentAssertions;

namespace Alpi.Protocols.Tests.Snmp;

public class SnmpValueTests
{
    // Each case: a value and how net-snmp 5.9.3's snmpget -On prints it (checked against the real tool).
    private static readonly object[] Formats =
    [
        new object[] { SnmpValue.Integer32(5), "INTEGER: 5" },
        new object[] { SnmpValue.Integer32(-129), "INTEGER: -129" },
        new object[] { SnmpValue.OctetString("text"), "STRING: \"text\"" },
        // sysLocation 'Test "room" \ 1' from snmpd: quotes and backslashes escaped.
        new object[] { SnmpValue.OctetString("Test \"room\" \\ 1"), "STRING: \"Test \\\"room\\\" \\\\ 1\"" },
        // Empty string: just two quotes, no type (ifPhysAddress of lo).
        new object[] { SnmpValue.OctetString(""), "\"\"" },
        // A MAC address: Hex-STRING with a trailing space, as net-snmp prints it.
        new object[] { SnmpValue.OctetString(new byte[] { 0x36, 0x55, 0x55, 0x87, 0x2E, 0x84 }), "Hex-STRING: 36 55 55 87 2E 84 " },
        // 17 octets: a line break after 16.
        new object[] { SnmpValue.OctetString(new byte[17]), "Hex-STRING: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 \n00 " },
        new object[] { SnmpValue.Null, "NULL" },
        new object[] { SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.8072.3.2.10")), "OID: .1.3.6.1.4.1.8072.3.2.10" },
        new object[] { SnmpValue.IpAddress(IPAddress.Parse("192.0.2.2")), "IpAddress: 192.0.2.2" },
        new object[] { SnmpValue.Counter32(7), "Counter32: 7" },
        new object[] { SnmpValue.Gauge32(1), "Gauge32: 1" },
        new object[] { SnmpValue.TimeTicks(12345), "Timeticks: (12345) 0:02:03.45" },
        new object[] { SnmpValue.TimeTicks(1622), "Timeticks: (1622) 0:00:16.22" },
        new object[] { SnmpValue.TimeTicks(8640000), "Timeticks: (8640000) 1 day, 0:00:00.00" },
        new object[] { SnmpValue.TimeTicks(uint.MaxValue), "Timeticks: (4294967295) 497 days, 2:27:52.95" },
        new object[] { SnmpValue.Opaque(new byte[] { 0x9F, 0x78, 0x04 }), "OPAQUE: 9F 78 04 " },
        new object[] { SnmpValue.Counter64(9), "Counter64: 9" },
        new object[] { SnmpValue.Counter64(ulong.MaxValue), "Counter64: 18446744073709551615" },
        new object[] { SnmpValue.NoSuchObject, "No Such Object available on this agent at this OID" },
        new object[] { SnmpValue.NoSuchInstance, "No Such Instance currently exists at this OID" },
        new object[] { SnmpValue.EndOfMibView, "No more variables left in this MIB View (It is past the end of the MIB tree)" },
    ];

    [TestCaseSource(nameof(Formats))]
    public void ToString_PrintsLikeNetSnmp(SnmpValue value, string expected)
    {
        value.ToString().Should().Be(expected);
    }

    [Test]
    public void Equality_ComparesContent()
    {
        SnmpValue.OctetString("a").Should().Be(SnmpValue.OctetString("a"));
        SnmpValue.OctetString("a").Should().NotBe(SnmpValue.Opaque("a"u8));
        SnmpValue.Counter32(1).Should().NotBe(SnmpValue.Gauge32(1));
        SnmpValue.ObjectIdentifier(Oid.Parse("1.3")).Should().Be(SnmpValue.ObjectIdentifier(Oid.Parse("1.3")));
    }

    [Test]
    public void Accessors_OfAnotherType_Throw()
    {
        var act = () => SnmpValue.NoSuchObject.AsInt32();

        act.Should().Throw<InvalidOperationException>();
        SnmpValue.Counter32(5).AsUInt64().Should().Be(5);
        SnmpValue.IpAddress(IPAddress.Loopback).AsIPAddress().Should().Be(IPAddress.Loopback);
    }
}
