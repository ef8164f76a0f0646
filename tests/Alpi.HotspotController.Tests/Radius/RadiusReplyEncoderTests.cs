using System.Text;
using Alpi.HotspotController.Radius;
using Alpi.Protocols.Radius;

namespace Alpi.HotspotController.Tests.Radius;

public class RadiusReplyEncoderTests
{
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("s3cret");
    private static readonly byte[] RequestAuthenticator = Enumerable.Range(0, 16).Select(i => (byte)(i * 7)).ToArray();

    [Test]
    public void TheReply_HasMessageAuthenticatorFirst_ItsAttributes_ThenProxyStatesInOrder_AndVerifies()
    {
        var request = new RadiusPacket(RadiusCode.AccessRequest, 3, RequestAuthenticator,
        [
            RadiusAttribute.Create(RadiusAttributeType.ProxyState, [1]),
            RadiusAttribute.FromString(RadiusAttributeType.UserName, "u"),
            RadiusAttribute.Create(RadiusAttributeType.ProxyState, [2]),
        ]);
        var attributes = new[]
        {
            RadiusAttribute.FromUInt32(RadiusAttributeType.SessionTimeout, 60),
            RadiusAttribute.Create(RadiusAttributeType.ProxyState, [9]), // ignored: Proxy-State comes from the request only
        };

        RadiusReplyEncoder.TryEncode(request, RadiusCode.AccessAccept, attributes, Secret, messageAuthenticator: true, out var reply).Should().BeTrue();

        RadiusPacketReader.TryDecode(reply!, out var packet, out _).Should().BeTrue();
        packet!.Identifier.Should().Be(3);
        packet.Attributes.Select(a => (a.Type, Convert.ToHexString(a.Value.Span))).Skip(1).Should().Equal(
            (RadiusAttributeType.SessionTimeout, "0000003C"), (RadiusAttributeType.ProxyState, "01"), (RadiusAttributeType.ProxyState, "02"));
        packet.Attributes[0].Type.Should().Be(RadiusAttributeType.MessageAuthenticator);
        RadiusCrypto.VerifyMessageAuthenticator(reply, Secret, RequestAuthenticator).Should().Be(RadiusMessageAuthenticatorResult.Valid);
        RadiusCrypto.VerifyResponseAuthenticator(reply, RequestAuthenticator, Secret).Should().BeTrue();
    }

    [Test]
    public void AnAccountingResponse_HasNoMessageAuthenticatorUnlessAsked()
    {
        var request = new RadiusPacket(RadiusCode.AccountingRequest, 9, RequestAuthenticator, []);

        RadiusReplyEncoder.TryEncode(request, RadiusCode.AccountingResponse, [], Secret, messageAuthenticator: false, out var reply).Should().BeTrue();

        reply.Should().HaveCount(20);
        RadiusCrypto.VerifyResponseAuthenticator(reply, RequestAuthenticator, Secret).Should().BeTrue();
    }

    [Test]
    public void AReplyBeyond4096Octets_IsRefused()
    {
        var proxyStates = Enumerable.Range(0, 17).Select(_ => RadiusAttribute.Create(RadiusAttributeType.ProxyState, new byte[253])).ToList();
        var request = new RadiusPacket(RadiusCode.AccessRequest, 1, RequestAuthenticator, proxyStates);

        RadiusReplyEncoder.TryEncode(request, RadiusCode.AccessReject, [], Secret, messageAuthenticator: true, out _).Should().BeFalse();
    }
}
