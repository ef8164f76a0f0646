using System.Net;
using Alpi.Protocols.Radius;

namespace Alpi.HotspotController.Radius;

/// <summary>A request that passed the checks of <see cref="RadiusUdpServer"/>: from a known NAS, well formed, authenticators verified, not a duplicate.</summary>
/// <param name="Client">The NAS client it came from.</param>
/// <param name="Source">Its source address and port.</param>
/// <param name="Packet">The decoded packet.</param>
/// <param name="ReceivedAt">When the datagram was received.</param>
/// <param name="Statistics">The NAS's counters.</param>
public sealed record RadiusRequest(NasClientEntry Client, IPEndPoint Source, RadiusPacket Packet, DateTimeOffset ReceivedAt, RadiusNasStatistics Statistics);

/// <summary>What a server does with a <see cref="RadiusRequest"/>: answer it, or drop it silently with a reason.</summary>
public readonly record struct RadiusOutcome
{
    private RadiusOutcome(RadiusCode code, IReadOnlyList<RadiusAttribute>? attributes, bool messageAuthenticator, RadiusDropReason? drop, string? detail)
    {
        Code = code;
        Attributes = attributes ?? [];
        MessageAuthenticator = messageAuthenticator;
        DropReason = drop;
        Detail = detail;
    }

    /// <summary>The reply code, when answering.</summary>
    public RadiusCode Code { get; }

    /// <summary>The reply's attributes (Message-Authenticator and Proxy-State are added by <see cref="RadiusReplyEncoder"/>).</summary>
    public IReadOnlyList<RadiusAttribute> Attributes { get; }

    /// <summary>True to put a Message-Authenticator first in the reply.</summary>
    public bool MessageAuthenticator { get; }

    /// <summary>Why the request is dropped, or null when answered.</summary>
    public RadiusDropReason? DropReason { get; }

    /// <summary>What was wrong, for the throttled log; never a secret.</summary>
    public string? Detail { get; }

    /// <summary>Answer with <paramref name="code"/> and <paramref name="attributes"/>.</summary>
    public static RadiusOutcome Reply(RadiusCode code, IReadOnlyList<RadiusAttribute> attributes, bool messageAuthenticator) =>
        new(code, attributes, messageAuthenticator, null, null);

    /// <summary>Drop silently, counting <paramref name="reason"/>.</summary>
    public static RadiusOutcome Drop(RadiusDropReason reason, string detail) => new(0, null, false, reason, detail);
}
