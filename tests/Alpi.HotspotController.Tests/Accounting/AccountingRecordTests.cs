using System.Net;
using Alpi.HotspotController.Accounting;
using Alpi.HotspotController.Authentication;
using Alpi.Protocols.Radius;

namespace Alpi.HotspotController.Tests.Accounting;

public class AccountingRecordTests
{
    [TestCase(null, null, null)] // not reported
    [TestCase(5u, null, 5L)] // no Gigawords attribute: it never wrapped
    [TestCase(null, 1u, 4_294_967_296L)] // counter exactly at a wrap
    [TestCase(2000u, 1u, 4_294_969_296L)] // RFC 2869 §5.1: gigawords × 2^32 + octets
    [TestCase(4_294_967_295u, 1000u, 4_299_262_263_295L)] // a 32-bit counter at its top, after 1000 wraps
    [TestCase(0u, 4_294_967_295u, long.MaxValue)] // a broken counter saturates rather than turning negative
    public void Octets_CombinesGigawords(uint? octets, uint? gigawords, long? expected) =>
        AccountingRecord.Octets(octets, gigawords).Should().Be(expected);

    [Test]
    public void TryRead_ReadsEveryField()
    {
        var request = Packet(
            Uint(40, 3),
            RadiusAttribute.FromString(RadiusAttributeType.AcctSessionId, "5F3A-0001"),
            RadiusAttribute.FromString(RadiusAttributeType.UserName, "alice@example.org"),
            RadiusAttribute.FromString(RadiusAttributeType.CallingStationId, "aa:bb:cc:dd:ee:01"),
            RadiusAttribute.FromString(RadiusAttributeType.CalledStationId, "AA-BB-CC-00-00-01:Cigale"),
            RadiusAttribute.FromIPv4(8, IPAddress.Parse("10.1.0.5")),
            RadiusAttribute.FromIPv4(RadiusAttributeType.NasIpAddress, IPAddress.Parse("192.0.2.1")),
            Uint(46, 120),
            Uint(41, 5),
            Uint(42, 1000),
            Uint(52, 2),
            Uint(43, 77),
            Uint(49, 4),
            RadiusAttribute.Create(RadiusAttributeType.Class, new SessionClass(9, AuthenticationMethod.Pap).ToBytes()));

        AccountingRecord.TryRead(request, out var record, out _).Should().BeTrue();

        record!.StatusType.Should().Be(AccountingStatusType.InterimUpdate);
        record.AcctSessionId.Should().Be("5F3A-0001");
        record.UserName.Should().Be("alice@example.org");
        record.Mac!.Value.Value.Should().Be("AA-BB-CC-DD-EE-01");
        record.CalledStationId.Should().Be("AA-BB-CC-00-00-01:Cigale");
        record.FramedIp.Should().Be("10.1.0.5");
        record.NasIp.Should().Be("192.0.2.1");
        record.SessionTime.Should().Be(TimeSpan.FromSeconds(120));
        record.DelayTime.Should().Be(TimeSpan.FromSeconds(5));
        record.InputOctets.Should().Be((2L << 32) + 1000);
        record.OutputOctets.Should().Be(77);
        record.TerminateCause.Should().Be("Idle-Timeout");
        record.Class.Should().Be(new SessionClass(9, AuthenticationMethod.Pap));
    }

    [Test]
    public void TryRead_IsLenientWithMalformedOptionalAttributes()
    {
        var request = Packet(
            Uint(40, 1),
            RadiusAttribute.FromString(RadiusAttributeType.AcctSessionId, "s"),
            RadiusAttribute.Create(46, [1, 2]), // Acct-Session-Time of 2 octets
            RadiusAttribute.Create(8, [10, 0, 0]), // Framed-IP-Address of 3 octets
            RadiusAttribute.FromString(RadiusAttributeType.CallingStationId, "not a mac"),
            RadiusAttribute.Create(RadiusAttributeType.Class, [0xFF, 0x00]));

        AccountingRecord.TryRead(request, out var record, out _).Should().BeTrue();

        record!.SessionTime.Should().BeNull();
        record.FramedIp.Should().BeNull();
        record.Mac.Should().BeNull();
        record.Class.Should().BeNull();
        record.InputOctets.Should().BeNull();
    }

    [TestCase(1u, false, "Acct-Session-Id")] // Start without a session id
    [TestCase(3u, false, "Acct-Session-Id")]
    [TestCase(7u, true, null)] // Accounting-On needs none
    public void TryRead_RequiresASessionIdForSessionMessages(uint statusType, bool expected, string? problem)
    {
        AccountingRecord.TryRead(Packet(Uint(40, statusType)), out _, out var why).Should().Be(expected);
        if (problem is not null)
        {
            why.Should().Contain(problem);
        }
    }

    [Test]
    public void TryRead_WithoutStatusType_Fails()
    {
        AccountingRecord.TryRead(Packet(RadiusAttribute.FromString(RadiusAttributeType.AcctSessionId, "s")), out _, out var why).Should().BeFalse();
        why.Should().Contain("Acct-Status-Type");
    }

    [TestCase(1u, "User-Request")]
    [TestCase(11u, "NAS-Reboot")]
    [TestCase(18u, "Host-Request")]
    [TestCase(99u, "99")] // unknown: kept as its number
    public void TerminateCauseName_FollowsRfc2866(uint value, string expected) =>
        AccountingRecord.TerminateCauseName(value).Should().Be(expected);

    private static RadiusPacket Packet(params RadiusAttribute[] attributes) =>
        new(RadiusCode.AccountingRequest, 1, new byte[16], attributes);

    private static RadiusAttribute Uint(byte type, uint value) => RadiusAttribute.FromUInt32(type, value);
}
