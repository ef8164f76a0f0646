using System.Collections.Concurrent;

namespace Alpi.HotspotController.Radius;

/// <summary>
/// Counters of the RADIUS servers since start, per NAS client and overall: what a telemetry publisher reads to
/// publish accept/reject and accounting figures per terminal. A singleton; every member is thread-safe and cheap.
/// </summary>
public sealed class RadiusServerStatistics
{
    private readonly ConcurrentDictionary<string, RadiusNasStatistics> _byNas = new(StringComparer.Ordinal);
    private readonly long[] _unattributedDrops = new long[RadiusDropReasonNames.All.Count];
    private readonly ConcurrentDictionary<object, Func<long>> _socketDrops = new();

    /// <summary>The counters of every NAS that sent at least one request, by name.</summary>
    public IReadOnlyList<RadiusNasStatistics> Nas => _byNas.Values.OrderBy(n => n.Nas, StringComparer.Ordinal).ToList();

    /// <summary>Datagrams dropped from sources that match no NAS client (RFC 2865 §3).</summary>
    public long UnknownClientDrops => Interlocked.Read(ref _unattributedDrops[(int)RadiusDropReason.UnknownClient]);

    /// <summary>The counters of the NAS named <paramref name="nas"/>, or null when it sent nothing yet.</summary>
    public RadiusNasStatistics? Find(string nas) => _byNas.GetValueOrDefault(nas);

    /// <summary>
    /// Datagrams dropped for <paramref name="reason"/>, all NAS and unknown sources together; for
    /// <see cref="RadiusDropReason.Overloaded"/>, the kernel's count for the servers' sockets, read now.
    /// </summary>
    public long GetDropped(RadiusDropReason reason)
    {
        var total = Interlocked.Read(ref _unattributedDrops[(int)reason]);
        foreach (var nas in _byNas.Values)
        {
            total += nas.GetDropped(reason);
        }

        if (reason == RadiusDropReason.Overloaded)
        {
            foreach (var read in _socketDrops.Values)
            {
                total += read();
            }
        }

        return total;
    }

    /// <summary>The counters of <paramref name="nas"/>, created on first use.</summary>
    internal RadiusNasStatistics For(string nas) => _byNas.GetOrAdd(nas, static name => new RadiusNasStatistics(name));

    /// <summary>Counts a drop that belongs to no known NAS (unknown source).</summary>
    internal void CountUnattributedDrop(RadiusDropReason reason) => Interlocked.Increment(ref _unattributedDrops[(int)reason]);

    /// <summary>Adds a socket's kernel drop counter (<see cref="UdpSocketDrops"/>) to the <c>overloaded</c> drops while it is open.</summary>
    internal void AddSocketDrops(object socket, Func<long> read) => _socketDrops[socket] = read;

    /// <summary>Stops reading a closed socket's counter, keeping its last count in the <c>overloaded</c> drops.</summary>
    internal void RemoveSocketDrops(object socket)
    {
        if (_socketDrops.TryRemove(socket, out var read))
        {
            Interlocked.Add(ref _unattributedDrops[(int)RadiusDropReason.Overloaded], read());
        }
    }
}

/// <summary>Counters of one NAS client since start (see <see cref="RadiusServerStatistics"/>).</summary>
public sealed class RadiusNasStatistics
{
    private readonly long[] _drops = new long[RadiusDropReasonNames.All.Count];
    private long _accessRequests;
    private long _accessAccepts;
    private long _accessRejects;
    private long _statusServer;
    private long _accountingRequests;
    private long _accountingStarts;
    private long _accountingInterimUpdates;
    private long _accountingStops;
    private long _accountingOnOff;
    private long _accountingImplausibleTimes;
    private long _accountingClassMismatches;
    private long _macAuthMismatches;
    private long _duplicatesResent;
    private long _lastRequestUnixMs;

    internal RadiusNasStatistics(string nas) => Nas = nas;

    /// <summary>The NAS client's name.</summary>
    public string Nas { get; }

    /// <summary>Access-Requests answered (accepted plus rejected).</summary>
    public long AccessRequests => Interlocked.Read(ref _accessRequests);

    /// <summary>Access-Accepts sent.</summary>
    public long AccessAccepts => Interlocked.Read(ref _accessAccepts);

    /// <summary>Access-Rejects sent.</summary>
    public long AccessRejects => Interlocked.Read(ref _accessRejects);

    /// <summary>Status-Server requests answered (RFC 5997), both ports.</summary>
    public long StatusServer => Interlocked.Read(ref _statusServer);

    /// <summary>Accounting-Requests stored and acknowledged, all status types.</summary>
    public long AccountingRequests => Interlocked.Read(ref _accountingRequests);

    /// <summary>Accounting Start requests acknowledged (RFC 2866 §5.1, value 1).</summary>
    public long AccountingStarts => Interlocked.Read(ref _accountingStarts);

    /// <summary>Accounting Interim-Update requests acknowledged (RFC 2866 §5.1, value 3).</summary>
    public long AccountingInterimUpdates => Interlocked.Read(ref _accountingInterimUpdates);

    /// <summary>Accounting Stop requests acknowledged (RFC 2866 §5.1, value 2).</summary>
    public long AccountingStops => Interlocked.Read(ref _accountingStops);

    /// <summary>Accounting-On and Accounting-Off requests acknowledged (RFC 2866 §5.1, values 7 and 8).</summary>
    public long AccountingOnOff => Interlocked.Read(ref _accountingOnOff);

    /// <summary>
    /// Acct-Delay-Time or Acct-Session-Time values above their <c>Hotspot:Accounting</c> maximum, not trusted (the
    /// request was recorded without them and acknowledged): a terminal reporting broken times.
    /// </summary>
    public long AccountingImplausibleTimes => Interlocked.Read(ref _accountingImplausibleTimes);

    /// <summary>
    /// Accounting-Requests whose Class (RFC 2865 §5.25, ours: <c>alpi:&lt;account id&gt;:&lt;method&gt;</c>) names an
    /// account that neither the User-Name nor the Calling-Station-Id belongs to: attributed by User-Name and MAC instead.
    /// A terminal echoing a Class from another session, or an account id given again after a deletion.
    /// </summary>
    public long AccountingClassMismatches => Interlocked.Read(ref _accountingClassMismatches);

    /// <summary>
    /// MAC authentications rejected because the User-Name's MAC is not the Calling-Station-Id's (RFC 2865 §5.31,
    /// <see cref="Authentication.AccessRejectReason.MacForAnotherDevice"/>): a client claiming a registered device it is
    /// not, or a terminal putting another MAC in User-Name. Also counted in <see cref="AccessRejects"/>.
    /// </summary>
    public long MacAuthMismatches => Interlocked.Read(ref _macAuthMismatches);

    /// <summary>Retransmissions answered from the duplicate cache without processing (RFC 5080 §2.2.2).</summary>
    public long DuplicatesResent => Interlocked.Read(ref _duplicatesResent);

    /// <summary>Datagrams from this NAS dropped, all reasons.</summary>
    public long Dropped
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _drops.Length; i++)
            {
                total += Interlocked.Read(ref _drops[i]);
            }

            return total;
        }
    }

    /// <summary>When this NAS last sent a request that verified, or null; a silent terminal is down.</summary>
    public DateTimeOffset? LastRequestAt
    {
        get
        {
            var ms = Interlocked.Read(ref _lastRequestUnixMs);
            return ms == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
    }

    /// <summary>The non-zero drop counts by reason name (<see cref="RadiusDropReasonNames.ToName"/>).</summary>
    public IReadOnlyDictionary<string, long> DroppedByReason
    {
        get
        {
            var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var reason in RadiusDropReasonNames.All)
            {
                var count = GetDropped(reason);
                if (count > 0)
                {
                    result[reason.ToName()] = count;
                }
            }

            return result;
        }
    }

    /// <summary>Datagrams from this NAS dropped for <paramref name="reason"/>.</summary>
    public long GetDropped(RadiusDropReason reason) => Interlocked.Read(ref _drops[(int)reason]);

    internal void CountDrop(RadiusDropReason reason) => Interlocked.Increment(ref _drops[(int)reason]);

    internal void CountAccept()
    {
        Interlocked.Increment(ref _accessRequests);
        Interlocked.Increment(ref _accessAccepts);
    }

    internal void CountReject()
    {
        Interlocked.Increment(ref _accessRequests);
        Interlocked.Increment(ref _accessRejects);
    }

    internal void CountStatusServer() => Interlocked.Increment(ref _statusServer);

    internal void CountDuplicateResent() => Interlocked.Increment(ref _duplicatesResent);

    internal void CountImplausibleTime() => Interlocked.Increment(ref _accountingImplausibleTimes);

    internal void CountClassMismatch() => Interlocked.Increment(ref _accountingClassMismatches);

    internal void CountMacAuthMismatch() => Interlocked.Increment(ref _macAuthMismatches);

    internal void CountAccounting(Accounting.AccountingStatusType type)
    {
        Interlocked.Increment(ref _accountingRequests);
        switch (type)
        {
            case Accounting.AccountingStatusType.Start:
                Interlocked.Increment(ref _accountingStarts);
                break;
            case Accounting.AccountingStatusType.InterimUpdate:
                Interlocked.Increment(ref _accountingInterimUpdates);
                break;
            case Accounting.AccountingStatusType.Stop:
                Interlocked.Increment(ref _accountingStops);
                break;
            case Accounting.AccountingStatusType.AccountingOn or Accounting.AccountingStatusType.AccountingOff:
                Interlocked.Increment(ref _accountingOnOff);
                break;
        }
    }

    internal void Seen(DateTimeOffset at) => Interlocked.Exchange(ref _lastRequestUnixMs, at.ToUnixTimeMilliseconds());
}
