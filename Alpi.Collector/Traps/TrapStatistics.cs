using System.Collections.Concurrent;
using Alpi.Protocols.Snmp.Ber;

namespace Alpi.Collector.Traps;

/// <summary>Counters of the trap receiver since start, for <c>/healthz</c> and the collector's own metrics.</summary>
public sealed class TrapStatistics
{
    private readonly ConcurrentDictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private long _received;
    private long _droppedTotal;
    private long _published;
    private long _publishFailures;
    private long _bindFailures;
    private long _purged;
    private long _purgeFailures;

    /// <summary>Notifications accepted and stored.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Datagrams dropped, all reasons.</summary>
    public long Dropped => Interlocked.Read(ref _droppedTotal);

    /// <summary>Dropped datagrams per reason (<see cref="TrapDropReason"/>).</summary>
    public IReadOnlyDictionary<string, long> DroppedByReason => _dropped;

    /// <summary>Events published on MQTT.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Publish attempts that failed (the event stays stored and is retried).</summary>
    public long PublishFailures => Interlocked.Read(ref _publishFailures);

    /// <summary>Times the UDP socket could not be bound.</summary>
    public long BindFailures => Interlocked.Read(ref _bindFailures);

    /// <summary>True while the UDP socket is bound.</summary>
    public bool Listening { get; internal set; }

    /// <summary>
    /// Datagrams, since start, in which the lenient BER decoder accepted each deviation from minimal encoding
    /// (<see cref="BerLeniency"/>, X.690 §8): the sending devices' encoding quirks, counted whether the datagram was then
    /// accepted or dropped.
    /// </summary>
    public BerLeniencyCounter BerLeniencies { get; } = new();

    /// <summary>Stored events deleted by the retention purge (age or count), see <see cref="TrapRetentionService"/>.</summary>
    public long Purged => Interlocked.Read(ref _purged);

    /// <summary>Purges that failed (the store was unavailable); retried at the next interval.</summary>
    public long PurgeFailures => Interlocked.Read(ref _purgeFailures);

    internal void CountReceived() => Interlocked.Increment(ref _received);

    internal void CountDropped(string reason)
    {
        Interlocked.Increment(ref _droppedTotal);
        _dropped.AddOrUpdate(reason, 1, (_, n) => n + 1);
    }

    internal void CountPublished() => Interlocked.Increment(ref _published);

    internal void CountPublishFailure() => Interlocked.Increment(ref _publishFailures);

    internal void CountBindFailure() => Interlocked.Increment(ref _bindFailures);

    internal void CountPurged(long events) => Interlocked.Add(ref _purged, events);

    internal void CountPurgeFailure() => Interlocked.Increment(ref _purgeFailures);

    internal TrapStatisticsDto ToDto() => new(Listening, BindFailures, Received, Dropped, new SortedDictionary<string, long>(_dropped, StringComparer.Ordinal), Published, PublishFailures, Purged, BerLeniencies.SnapshotByName());
}

/// <summary>The trap receiver's counters in <c>/healthz</c>.</summary>
/// <param name="Listening">True while the UDP socket is bound.</param>
/// <param name="BindFailures">Times the UDP port could not be bound (see the log for the port and the option to change).</param>
/// <param name="Received">Notifications stored since start.</param>
/// <param name="Dropped">Datagrams dropped since start.</param>
/// <param name="DroppedByReason">Dropped datagrams per reason.</param>
/// <param name="Published">Events published on MQTT.</param>
/// <param name="PublishFailures">Failed publish attempts (retried).</param>
/// <param name="Purged">Stored events deleted by the retention purge since start (<c>Collector:Traps:RetentionDays</c>, <c>MaxEvents</c>).</param>
/// <param name="BerLeniencies">Datagrams per BER deviation the decoder tolerated (<c>non_minimal_integer</c>, <c>unsigned_without_leading_zero</c>…); kinds never seen are absent.</param>
public sealed record TrapStatisticsDto(bool Listening, long BindFailures, long Received, long Dropped, IReadOnlyDictionary<string, long> DroppedByReason, long Published, long PublishFailures, long Purged, IReadOnlyDictionary<string, long> BerLeniencies);

/// <summary>Why a datagram was dropped: the keys of <see cref="TrapStatistics.DroppedByReason"/>.</summary>
/// <remarks>Source: the USM statistics of RFC 3414 §3.2 (usmStatsUnknownUserNames, usmStatsWrongDigests, usmStatsDecryptionErrors…).</remarks>
public static class TrapDropReason
{
    /// <summary>Not a decodable SNMP message (BER error, unknown version).</summary>
    public const string Malformed = "malformed";

    /// <summary>Longer than <see cref="TrapReceiverOptions.MaxDatagramBytes"/>.</summary>
    public const string Oversized = "oversized";

    /// <summary>SNMPv1/v2c community not in <see cref="TrapReceiverOptions.Communities"/>.</summary>
    public const string UnknownCommunity = "unknown_community";

    /// <summary>SNMPv3 user not configured for the message's engine (usmStatsUnknownUserNames).</summary>
    public const string UnknownUser = "unknown_user";

    /// <summary>SNMPv3 security level not the user's (usmStatsUnsupportedSecLevels).</summary>
    public const string SecurityLevel = "unsupported_security_level";

    /// <summary>SNMPv3 HMAC wrong (usmStatsWrongDigests).</summary>
    public const string WrongDigest = "wrong_digest";

    /// <summary>SNMPv3 encrypted PDU could not be decrypted or decoded (usmStatsDecryptionErrors).</summary>
    public const string DecryptionFailed = "decryption_failed";

    /// <summary>SNMPv3 inform outside this engine's time window (usmStatsNotInTimeWindows).</summary>
    public const string NotInTimeWindow = "not_in_time_window";

    /// <summary>A PDU that is not a notification (GetRequest, Response…).</summary>
    public const string UnexpectedPdu = "unexpected_pdu";

    /// <summary>A notification that could not be stored.</summary>
    public const string StoreFailed = "store_failed";

    /// <summary>Every reason, from the outermost check to the innermost (the order the drop log lists held-back counts in).</summary>
    public static IReadOnlyList<string> All { get; } =
        [Oversized, Malformed, UnknownCommunity, UnknownUser, SecurityLevel, WrongDigest, NotInTimeWindow, DecryptionFailed, UnexpectedPdu, StoreFailed];
}
