using System.Collections.Concurrent;

namespace Alpi.Collector.Broker.Authentication;

/// <summary>
/// What the embedded broker refused since start, for <c>/healthz</c> (<c>broker</c>) and the collector's own metrics.
/// </summary>
public sealed class BrokerSecurityStatistics
{
    private readonly ConcurrentDictionary<string, long> _refusedConnections = new(StringComparer.Ordinal);
    private long _refusedPublishes;
    private long _refusedSubscriptions;
    private long _refusedDeliveries;
    private long _fileProblems;

    /// <summary>CONNECTs refused by authentication, all reasons.</summary>
    public long RefusedConnections => _refusedConnections.Values.Sum();

    /// <summary>PUBLISH packets (and wills) dropped because the client may not write the topic.</summary>
    public long RefusedPublishes => Interlocked.Read(ref _refusedPublishes);

    /// <summary>Subscriptions refused (SUBACK 0x87) because the client may not read the whole filter.</summary>
    public long RefusedSubscriptions => Interlocked.Read(ref _refusedSubscriptions);

    /// <summary>Messages not delivered to a subscriber that may not read their topic.</summary>
    public long RefusedDeliveries => Interlocked.Read(ref _refusedDeliveries);

    /// <summary>Unusable lines of the password and ACL files, and failed rereads, since start.</summary>
    public long FileProblems => Interlocked.Read(ref _fileProblems);

    /// <summary>Refused CONNECTs per reason (keys of <see cref="BrokerRefusal"/>).</summary>
    public IReadOnlyDictionary<string, long> RefusedConnectionsByReason => new SortedDictionary<string, long>(_refusedConnections, StringComparer.Ordinal);

    /// <summary>The figures for <c>/healthz</c>, with the broker's settings and the password file's user count.</summary>
    public BrokerStatusDto ToDto(CollectorBrokerOptions broker, int users)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return new BrokerStatusDto(broker.Embedded, broker.Embedded && broker.Authentication.Enabled, broker.Embedded && broker.TlsPort is not null, users,
            RefusedConnections, RefusedConnectionsByReason, RefusedPublishes, RefusedSubscriptions, RefusedDeliveries, FileProblems);
    }

    internal void CountRefusedConnection(string reason) => _refusedConnections.AddOrUpdate(reason, 1, (_, n) => n + 1);

    internal void CountRefusedPublish() => Interlocked.Increment(ref _refusedPublishes);

    internal void CountRefusedSubscription() => Interlocked.Increment(ref _refusedSubscriptions);

    internal void CountRefusedDelivery() => Interlocked.Increment(ref _refusedDeliveries);

    internal void CountFileProblems(int count) => Interlocked.Add(ref _fileProblems, count);
}

/// <summary>Why the embedded broker refused a CONNECT: the keys of <see cref="BrokerSecurityStatistics.RefusedConnectionsByReason"/>.</summary>
public static class BrokerRefusal
{
    /// <summary>No user name (CONNACK 0x87 Not authorized, as Mosquitto with <c>allow_anonymous false</c>).</summary>
    public const string Anonymous = "anonymous";

    /// <summary>Unknown user name or wrong password (CONNACK 0x87 Not authorized, as Mosquitto 2.0 answers).</summary>
    public const string BadCredentials = "bad_credentials";

    /// <summary>
    /// The client identifier's session belongs to another user (CONNACK 0x85 Client identifier not valid): taking it over
    /// would hand that user the other one's queued messages and subscriptions.
    /// </summary>
    public const string ClientIdTaken = "client_id_taken";
}

/// <summary>The embedded broker in <c>/healthz</c> (<c>broker</c>).</summary>
/// <param name="Embedded">True when the collector runs the embedded broker (false: an external broker, and nothing below applies).</param>
/// <param name="Authentication">True when clients must authenticate (<c>Collector:Broker:Authentication:Enabled</c>).</param>
/// <param name="Tls">True when the TLS listener is configured (<c>Collector:Broker:TlsPort</c>).</param>
/// <param name="Users">Users the password file lets log in (its last good reading).</param>
/// <param name="RefusedConnections">CONNECTs refused since start.</param>
/// <param name="RefusedConnectionsByReason">The same per reason: <c>anonymous</c>, <c>bad_credentials</c>, <c>client_id_taken</c>.</param>
/// <param name="RefusedPublishes">Publications dropped since start because the publisher may not write the topic.</param>
/// <param name="RefusedSubscriptions">Subscriptions refused since start.</param>
/// <param name="RefusedDeliveries">Messages withheld from a subscriber that may not read their topic.</param>
/// <param name="FileProblems">Unusable lines of the password and ACL files (see the log for file and line), and failed rereads.</param>
public sealed record BrokerStatusDto(bool Embedded, bool Authentication, bool Tls, int Users, long RefusedConnections,
    IReadOnlyDictionary<string, long> RefusedConnectionsByReason, long RefusedPublishes, long RefusedSubscriptions, long RefusedDeliveries, long FileProblems);
