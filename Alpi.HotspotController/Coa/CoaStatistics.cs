using System.Collections.Concurrent;

namespace Alpi.HotspotController.Coa;

/// <summary>Counters of the Disconnect/CoA client since start, for the controller's own metrics.</summary>
public sealed class CoaStatistics
{
    private readonly ConcurrentDictionary<CoaOutcome, long> _outcomes = new();
    private readonly ConcurrentDictionary<string, long> _ignored = new(StringComparer.Ordinal);
    private long _requests;
    private long _retransmissions;

    /// <summary>Requests made (one per session to disconnect or change).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Datagrams sent again for want of an answer.</summary>
    public long Retransmissions => Interlocked.Read(ref _retransmissions);

    /// <summary>Requests per outcome.</summary>
    public IReadOnlyDictionary<CoaOutcome, long> Outcomes => _outcomes;

    /// <summary>Ignored replies per reason (<see cref="CoaIgnoredReason"/>).</summary>
    public IReadOnlyDictionary<string, long> IgnoredReplies => _ignored;

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    internal void CountRetransmission() => Interlocked.Increment(ref _retransmissions);

    internal void CountOutcome(CoaOutcome outcome) => _outcomes.AddOrUpdate(outcome, 1, static (_, n) => n + 1);

    internal void CountIgnored(string reason) => _ignored.AddOrUpdate(reason, 1, static (_, n) => n + 1);
}

/// <summary>Why a datagram received while waiting for an ACK or NAK was ignored: the keys of <see cref="CoaStatistics.IgnoredReplies"/>.</summary>
public static class CoaIgnoredReason
{
    /// <summary>Not from the NAS's address and CoA port (RFC 5176 §2.3: the reply comes from where the request went).</summary>
    public const string UnexpectedSource = "unexpected_source";

    /// <summary>Not a well-formed RADIUS packet (RFC 2865 §3).</summary>
    public const string Malformed = "malformed";

    /// <summary>An Identifier other than the request's (RFC 2865 §3): a late answer to another request.</summary>
    public const string WrongIdentifier = "wrong_identifier";

    /// <summary>The Response Authenticator does not verify with the NAS's secret (RFC 5176 §2.3): forged, or a wrong secret.</summary>
    public const string BadAuthenticator = "bad_authenticator";

    /// <summary>A Message-Authenticator is present but does not verify (RFC 3579 §3.2, RFC 5176 §3.3).</summary>
    public const string BadMessageAuthenticator = "bad_message_authenticator";
}
