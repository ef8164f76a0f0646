using Alpi.HotspotController.Authentication;
using Alpi.Protocols.Radius;

namespace Alpi.HotspotController.Tests.Authentication;

public class AccessPolicyBuilderTests
{
    private static readonly AccessDecision Accepted = AccessDecision.Accept(AuthenticationMethod.Mac, 42, "alice@example.org", null);

    [Test]
    public void Resolve_TakesTheGroup_ThenDefault_ThenBuiltIn_IgnoringCase()
    {
        var libraries = new AccessPolicyOptions { SessionTimeout = TimeSpan.FromHours(1) };
        var fallback = new AccessPolicyOptions { SessionTimeout = TimeSpan.FromHours(2) };
        var policies = new Dictionary<string, AccessPolicyOptions> { ["Libraries"] = libraries, ["default"] = fallback };

        AccessPolicyBuilder.Resolve(policies, "libraries").Should().BeSameAs(libraries);
        AccessPolicyBuilder.Resolve(policies, "squares").Should().BeSameAs(fallback);
        AccessPolicyBuilder.Resolve(new Dictionary<string, AccessPolicyOptions>(), "squares").SessionTimeout.Should().Be(TimeSpan.FromHours(4));
    }

    [Test]
    public void Build_WithDefaults_SendsTimeoutsInterimAndClass_InAFixedOrder()
    {
        var attributes = AccessPolicyBuilder.Build(new AccessPolicyOptions(), Accepted);

        attributes.Select(a => a.Type).Should().Equal(
            RadiusAttributeType.SessionTimeout, RadiusAttributeType.IdleTimeout, RadiusAttributeType.AcctInterimInterval, RadiusAttributeType.Class);
        UInt(attributes[0]).Should().Be(14_400);
        UInt(attributes[1]).Should().Be(900);
        UInt(attributes[2]).Should().Be(300);
        attributes[3].GetString().Should().Be("alpi:42:mac");
    }

    [TestCase("00:00:00", 60u)] // none configured: still sent, at the minimum
    [TestCase("00:00:30", 60u)] // below RFC 2869 §5.16's 60 s: raised
    [TestCase("00:00:59.2", 60u)]
    [TestCase("00:01:00.5", 61u)] // rounded up
    [TestCase("00:10:00", 600u)]
    public void InterimInterval_IsNeverBelowSixtySeconds(string interval, uint expected)
    {
        var policy = new AccessPolicyOptions { AcctInterimInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) };

        var attribute = AccessPolicyBuilder.Build(policy, Accepted).Single(a => a.Type == RadiusAttributeType.AcctInterimInterval);

        UInt(attribute).Should().Be(expected);
    }

    [Test]
    public void ZeroTimeoutsAndLimits_SendNoAttribute()
    {
        var policy = new AccessPolicyOptions { SessionTimeout = TimeSpan.Zero, IdleTimeout = TimeSpan.Zero };

        AccessPolicyBuilder.Build(policy, Accepted).Select(a => a.Type).Should().Equal(RadiusAttributeType.AcctInterimInterval, RadiusAttributeType.Class);
    }

    [Test]
    public void BandwidthAndQuotas_AreWisprAndChilliSpotAttributes_WithGigawordsAbove4GiB()
    {
        var policy = new AccessPolicyOptions
        {
            BandwidthMaxUp = 1_000_000,
            BandwidthMaxDown = 8_000_000,
            MaxInputOctets = 500_000_000,
            MaxOutputOctets = (3L << 32) + 7,
            MaxTotalOctets = 1L << 32,
        };

        var vendor = AccessPolicyBuilder.Build(policy, Accepted).Where(a => a.IsVendorSpecific)
            .Select(a => (a.VendorId, a.VendorType, Value: UInt(a))).ToList();

        vendor.Should().Equal(
            (RadiusDictionary.WisprVendorId, (byte)7, 1_000_000u),
            (RadiusDictionary.WisprVendorId, (byte)8, 8_000_000u),
            (RadiusDictionary.ChilliSpotVendorId, (byte)1, 500_000_000u),
            (RadiusDictionary.ChilliSpotVendorId, (byte)2, 7u),
            (RadiusDictionary.ChilliSpotVendorId, AccessPolicyBuilder.ChilliSpotMaxOutputGigawords, 3u),
            (RadiusDictionary.ChilliSpotVendorId, (byte)3, 0u),
            (RadiusDictionary.ChilliSpotVendorId, AccessPolicyBuilder.ChilliSpotMaxTotalGigawords, 1u));
    }

    [Test]
    public void Build_ForAReject_Throws()
    {
        var build = () => AccessPolicyBuilder.Build(new AccessPolicyOptions(), AccessDecision.Reject(AuthenticationMethod.Pap, AccessRejectReason.WrongCredentials));

        build.Should().Throw<ArgumentException>();
    }

    private static uint UInt(RadiusAttribute attribute)
    {
        attribute.TryGetUInt32(out var value).Should().BeTrue();
        return value;
    }
}
