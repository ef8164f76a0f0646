using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;

namespace Alpi.HotspotController.Radius;

/// <summary>
/// Duplicate detection (RFC 5080 §2.2.2): a request is a duplicate when its source address and port, Identifier and
/// Request Authenticator equal those of a request seen within <c>lifetime</c>. A duplicate of a request still being
/// processed is discarded; a duplicate of an answered one gets the same reply octets again, without a second
/// processing. A reused Identifier with a new authenticator is a new request. Bounded: expired entries are swept once
/// per lifetime, and while <c>capacity</c> entries are held new requests are processed without being remembered.
/// Thread-safe.
/// </summary>
/// <param name="timeProvider">The clock.</param>
/// <param name="lifetime">How long an entry is kept after it was created (30 s by default, a NAS's whole retry window).</param>
/// <param name="capacity">Most entries kept.</param>
public sealed class RadiusDuplicateCache(TimeProvider timeProvider, TimeSpan lifetime, int capacity)
{
    private readonly ConcurrentDictionary<Key, Entry> _entries = new();
    private long _nextSweepTicks;
    private int _count;

    /// <summary>What <see cref="TryBegin"/> found.</summary>
    public enum Status
    {
        /// <summary>A new request: process it, then call <see cref="Complete"/> or <see cref="Abandon"/>.</summary>
        New,

        /// <summary>The original is still being processed: discard this copy.</summary>
        InProgress,

        /// <summary>The original was answered: resend the reply given.</summary>
        Answered,

        /// <summary>The cache is full: process the request without duplicate detection.</summary>
        NotTracked,
    }

    /// <summary>Entries held now, expired ones included until the next sweep.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Looks up a request and, when new, marks it in progress.</summary>
    /// <param name="source">The source address and port.</param>
    /// <param name="identifier">The Identifier (RFC 2865 §3).</param>
    /// <param name="authenticator">The 16-octet Request Authenticator.</param>
    /// <param name="reply">For <see cref="Status.Answered"/>, the reply octets to resend.</param>
    public Status TryBegin(IPEndPoint source, byte identifier, ReadOnlySpan<byte> authenticator, out byte[]? reply)
    {
        ArgumentNullException.ThrowIfNull(source);
        reply = null;
        var now = timeProvider.GetTimestamp();
        SweepIfDue(now);
        var key = new Key(source, identifier, BinaryPrimitives.ReadUInt128BigEndian(authenticator));
        if (Volatile.Read(ref _count) >= capacity && !_entries.ContainsKey(key))
        {
            // Full until the next sweep (at most one per lifetime, so a flood never makes each request scan the cache).
            return Status.NotTracked;
        }

        var fresh = new Entry(now + ToTicks(lifetime), null);
        var actual = _entries.GetOrAdd(key, fresh);
        if (ReferenceEquals(actual, fresh))
        {
            Interlocked.Increment(ref _count);
            return Status.New;
        }

        if (actual.ExpiresAtTicks <= now && _entries.TryUpdate(key, fresh, actual))
        {
            return Status.New;
        }

        reply = actual.Reply;
        return reply is null ? Status.InProgress : Status.Answered;
    }

    /// <summary>Records the reply of a request begun with <see cref="TryBegin"/>, to be resent for its duplicates.</summary>
    public void Complete(IPEndPoint source, byte identifier, ReadOnlySpan<byte> authenticator, byte[] reply)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(reply);
        var key = new Key(source, identifier, BinaryPrimitives.ReadUInt128BigEndian(authenticator));
        if (_entries.TryGetValue(key, out var entry))
        {
            _entries.TryUpdate(key, entry with { Reply = reply }, entry);
        }
    }

    /// <summary>Forgets a request that got no reply (dropped), so that a retransmission is processed again.</summary>
    public void Abandon(IPEndPoint source, byte identifier, ReadOnlySpan<byte> authenticator)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (_entries.TryRemove(new Key(source, identifier, BinaryPrimitives.ReadUInt128BigEndian(authenticator)), out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private void SweepIfDue(long now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now >= due && Interlocked.CompareExchange(ref _nextSweepTicks, now + ToTicks(lifetime), due) == due)
        {
            Sweep(now);
        }
    }

    private void Sweep(long now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAtTicks <= now && _entries.TryRemove(new KeyValuePair<Key, Entry>(key, entry)))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * timeProvider.TimestampFrequency);

    private readonly record struct Key(IPEndPoint Source, byte Identifier, UInt128 Authenticator);

    private sealed record Entry(long ExpiresAtTicks, byte[]? Reply);
}
