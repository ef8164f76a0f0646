using Alpi.Collector.Traps;
using Alpi.Protocols.Snmp;

namespace Alpi.Collector.Tests.Traps;

public class TrapOidsTests
{
    // RFC 3584 §3.1 (2): generic traps 0-5 become snmpTraps.(generic + 1) whatever the enterprise.
    [TestCase(GenericTrap.ColdStart, 0, "1.3.6.1.6.3.1.1.5.1")]
    [TestCase(GenericTrap.WarmStart, 0, "1.3.6.1.6.3.1.1.5.2")]
    [TestCase(GenericTrap.LinkDown, 0, "1.3.6.1.6.3.1.1.5.3")]
    [TestCase(GenericTrap.LinkUp, 0, "1.3.6.1.6.3.1.1.5.4")]
    [TestCase(GenericTrap.AuthenticationFailure, 0, "1.3.6.1.6.3.1.1.5.5")]
    [TestCase(GenericTrap.EgpNeighborLoss, 0, "1.3.6.1.6.3.1.1.5.6")]
    // A generic trap with a stray specific-trap value: the specific value is ignored.
    [TestCase(GenericTrap.LinkDown, 17, "1.3.6.1.6.3.1.1.5.3")]
    // enterpriseSpecific: enterprise.0.specific.
    [TestCase(GenericTrap.EnterpriseSpecific, 42, "1.3.6.1.4.1.8072.2.3.0.42")]
    // enterpriseSpecific with specific-trap 0 still gets the .0 arc and the specific arc.
    [TestCase(GenericTrap.EnterpriseSpecific, 0, "1.3.6.1.4.1.8072.2.3.0.0")]
    public void FromV1_ConvertsPerRfc3584(GenericTrap generic, int specific, string expected)
    {
        TrapOids.FromV1(Oid.Parse("1.3.6.1.4.1.8072.2.3"), generic, specific).ToString().Should().Be(expected);
    }

    [TestCase("1.3.6.1.6.3.1.1.5.1", "coldStart")]
    [TestCase("1.3.6.1.6.3.1.1.5.2", "warmStart")]
    [TestCase("1.3.6.1.6.3.1.1.5.3", "linkDown")]
    [TestCase("1.3.6.1.6.3.1.1.5.4", "linkUp")]
    [TestCase("1.3.6.1.6.3.1.1.5.5", "authenticationFailure")]
    [TestCase("1.3.6.1.6.3.1.1.5.6", "egpNeighborLoss")]
    // Not a generic trap: a sibling arc, a longer OID, an enterprise trap.
    [TestCase("1.3.6.1.6.3.1.1.5.7", null)]
    [TestCase("1.3.6.1.6.3.1.1.5.1.0", null)]
    [TestCase("1.3.6.1.4.1.8072.2.3.0.1", null)]
    public void WellKnownName_NamesOnlyTheGenericTraps(string oid, string? expected)
    {
        TrapOids.WellKnownName(Oid.Parse(oid)).Should().Be(expected);
    }
}
