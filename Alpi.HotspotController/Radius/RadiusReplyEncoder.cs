using System.Diagnostics.CodeAnalysis;
using Alpi.Protocols.Radius;

namespace Alpi.HotspotController.Radius;

/// <summary>
/// Encodes the reply to a request: Message-Authenticator first when asked for (CVE-2024-3596 mitigation: an attacker
/// cannot then choose the octets that precede it), then the given attributes, then the request's Proxy-State
/// attributes copied in their order (RFC 2865 §5.33); the Message-Authenticator is computed with the Request
/// Authenticator (RFC 3579 §3.2), then the Response Authenticator over the whole (RFC 2865 §3, RFC 2866 §3).
/// </summary>
public static class RadiusReplyEncoder
{
    private static readonly byte[] ZeroMessageAuthenticator = new byte[16];

    /// <summary>Encodes a reply to <paramref name="request"/>.</summary>
    /// <param name="request">The request as decoded; its Identifier, Authenticator and Proxy-State attributes are used.</param>
    /// <param name="code">The reply code (Access-Accept, Access-Reject, Accounting-Response…).</param>
    /// <param name="attributes">The reply's own attributes; any Message-Authenticator or Proxy-State among them is ignored.</param>
    /// <param name="secret">The NAS client's shared secret.</param>
    /// <param name="messageAuthenticator">True to include Message-Authenticator, as the first attribute.</param>
    /// <param name="reply">The reply octets.</param>
    /// <returns>False when the reply would exceed 4,096 octets (RFC 2865 §3).</returns>
    public static bool TryEncode(RadiusPacket request, RadiusCode code, IReadOnlyList<RadiusAttribute> attributes, ReadOnlySpan<byte> secret, bool messageAuthenticator, [NotNullWhen(true)] out byte[]? reply)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(attributes);
        var all = new List<RadiusAttribute>(attributes.Count + 2);
        if (messageAuthenticator)
        {
            all.Add(RadiusAttribute.Create(RadiusAttributeType.MessageAuthenticator, ZeroMessageAuthenticator));
        }

        foreach (var attribute in attributes)
        {
            if (attribute.IsVendorSpecific || attribute.Type is not (RadiusAttributeType.MessageAuthenticator or RadiusAttributeType.ProxyState))
            {
                all.Add(attribute);
            }
        }

        foreach (var attribute in request.Attributes)
        {
            if (!attribute.IsVendorSpecific && attribute.Type == RadiusAttributeType.ProxyState)
            {
                all.Add(attribute);
            }
        }

        var packet = new RadiusPacket(code, request.Identifier, ZeroMessageAuthenticator, all);
        if (RadiusPacketWriter.GetEncodedLength(packet) > RadiusPacket.MaxLength)
        {
            reply = null;
            return false;
        }

        reply = RadiusPacketWriter.Encode(packet);
        if (messageAuthenticator && !RadiusCrypto.TrySetMessageAuthenticator(reply, secret, request.Authenticator.Span))
        {
            throw new InvalidOperationException("the reply's Message-Authenticator could not be set");
        }

        RadiusCrypto.SetResponseAuthenticator(reply, request.Authenticator.Span, secret);
        return true;
    }
}
