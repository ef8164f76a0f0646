using Alpi.Protocols.Snmp;
using FluentAssertions;

namespace Alpi.Protocols.Tests.Snmp;

public class OidTests
{
    // Dotted text, with and without net-snmp's leading dot, and the largest arc.
    [TestCase("1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.1.0")]
    [TestCase(".1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.1.0")]
    [TestCase("1.3.4294967295", "1.3.4294967295")]
    [TestCase("2.999.3", "2.999.3")]
    [TestCase("0", "0")]
    public void Parse_DottedText_RoundTrips(string text, string expected)
    {
        Oid.Parse(text).ToString().Should().Be(expected);
    }

    // Not OIDs: empty, empty arcs, signs, spaces, an arc above 2^32-1.
    [TestCase("")]
    [TestCase(".")]
    [TestCase("1..3")]
    [TestCase("1.3.")]
    [TestCase("1.-3")]
    [TestCase("1.+3")]
    [TestCase("1. 3")]
    [TestCase("1.3.4294967296")]
    [TestCase("iso.3.6")]
    public void TryParse_NotAnOid_ReturnsFalse(string text)
    {
        Oid.TryParse(text, out _).Should().BeFalse();
    }

    // Ordering arc by arc as unsigned numbers, a prefix first (RFC 3416 §4.2.2).
    [TestCase("1.3.6.1.2", "1.3.6.1.10", -1)]
    [TestCase("1.3.6.1", "1.3.6.1.0", -1)]
    [TestCase("1.3.6.1.2.1", "1.3.6.1.2.1", 0)]
    [TestCase("1.3.4294967295", "1.3.2147483648", 1)]
    [TestCase("1.3.2147483648", "1.3.7", 1)]
    [TestCase("1.4", "1.3.6.1", 1)]
    public void CompareTo_ComparesArcsAsUnsignedNumbers(string left, string right, int sign)
    {
        Math.Sign(Oid.Parse(left).CompareTo(Oid.Parse(right))).Should().Be(sign);
    }

    // Subtree test: ifDescr.1 is under ifTable; ifTable2 (1.3.6.1.2.1.2.20) is not under ifTable (1.3.6.1.2.1.2.2).
    [TestCase("1.3.6.1.2.1.2.2.1.2.1", "1.3.6.1.2.1.2.2", true)]
    [TestCase("1.3.6.1.2.1.2.2", "1.3.6.1.2.1.2.2", true)]
    [TestCase("1.3.6.1.2.1.2.20", "1.3.6.1.2.1.2.2", false)]
    [TestCase("1.3.6.1.2.1.2", "1.3.6.1.2.1.2.2", false)]
    public void StartsWith_TestsTheSubtree(string oid, string prefix, bool expected)
    {
        Oid.Parse(oid).StartsWith(Oid.Parse(prefix)).Should().Be(expected);
    }

    [Test]
    public void Equality_ComparesArcs()
    {
        var a = Oid.Parse("1.3.6.1");
        var b = new Oid(1, 3, 6, 1);

        (a == b).Should().BeTrue();
        a.GetHashCode().Should().Be(b.GetHashCode());
        a.Append(2, 1).Should().Be(Oid.Parse("1.3.6.1.2.1"));
        default(Oid).IsEmpty.Should().BeTrue();
        default(Oid).ToString().Should().BeEmpty();
    }
}
