using Alpi.HotspotController.LegalLog;
using Alpi.Protocols.Json;
using FluentAssertions;
using NUnit.Framework;

namespace Alpi.HotspotController.Tests.LegalLog;

public sealed class ConnectionLogCriteriaTests
{
    // inet_aton's shorthands: a search for these found nobody, having searched another address.
    [TestCase("010.0.0.1", RefusalCodes.NasAddressOctal, "8.0.0.1")]
    [TestCase("10.2", RefusalCodes.NasAddressParts, "10.0.0.2")]
    [TestCase("167772161", RefusalCodes.NasAddressParts, "10.0.0.1")]
    [TestCase("0x0A.0.0.1", RefusalCodes.NasAddressHexadecimal, "10.0.0.1")]
    public void Ip_ShorthandThatInetAtonReadsAsAnotherAddress_IsRefusedSayingWhatItReads(string ip, string code, string readAs)
    {
        ConnectionLogCriteria.TryRead(null, null, ip, null, null, null, out var criteria, out var refusal).Should().BeFalse();

        criteria.Should().BeNull();
        refusal!.Code.Should().Be(code);
        refusal.Sentence.Should().StartWith("ip: ").And.Contain(ip).And.Contain(readAs);
    }

    [TestCase("10.0.0.1", "10.0.0.1")]
    [TestCase("2001:db8::0010", "2001:db8::10")]
    [TestCase("::ffff:192.0.2.10", "192.0.2.10")]
    public void Ip_WrittenPlainly_IsSearched(string ip, string searched)
    {
        ConnectionLogCriteria.TryRead(null, null, ip, null, null, null, out var criteria, out var refusal).Should().BeTrue();

        refusal.Should().BeNull();
        criteria!.Ip.Should().Be(searched);
    }

    [Test]
    public void Ip_ANetwork_IsRefusedAsNoAddress()
    {
        ConnectionLogCriteria.TryRead(null, null, "10.0.0.0/24", null, null, null, out _, out var refusal).Should().BeFalse();

        refusal!.Code.Should().Be(RefusalCodes.WifiSearchIp);
    }
}
