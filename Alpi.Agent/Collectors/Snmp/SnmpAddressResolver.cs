using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Alpi.Agent.Collectors.Snmp;

/// <summary>
/// Turns a device's <see cref="SnmpDeviceAddress"/> into the UDP end point the poller sends to. An IP address is used
/// as is; a DNS name is resolved with the system resolver (<see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>:
/// /etc/hosts then DNS, as nsswitch.conf says) and the answer kept for <see cref="Lifetime"/> (5 minutes by default),
/// so that a device whose address changes is found again without hammering the resolver at every poll. The first
/// IPv4 address is preferred, as net-snmp's default <c>udp:</c> transport does, else the first IPv6 one.
/// A failure (no such name, no address, resolver time-out) is returned as an error, never thrown, and never cached:
/// the next poll asks again. <see cref="Forget"/> drops a cached answer, which the poller calls when a device stopped
/// answering, so that a moved device is re-resolved at once.
/// </summary>
/// <remarks>Thread-safe: devices are polled in parallel; two polls of the same name may resolve it twice.</remarks>
internal sealed class SnmpAddressResolver
{
    /// <summary>How long a resolved address is used before the name is resolved again, unless given otherwise.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (IPAddress Address, long At)> _cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a resolver over the system resolver.</summary>
    public SnmpAddressResolver(TimeProvider time)
        : this(time, Dns.GetHostAddressesAsync, DefaultLifetime)
    {
    }

    /// <summary>Creates a resolver over <paramref name="resolve"/> (tests give a fake one).</summary>
    /// <param name="time">The clock the cache ages with.</param>
    /// <param name="resolve">Name → addresses; throws <see cref="SocketException"/> when the name does not resolve.</param>
    /// <param name="lifetime">How long an answer is kept; positive.</param>
    public SnmpAddressResolver(TimeProvider time, Func<string, CancellationToken, Task<IPAddress[]>> resolve, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        _time = time;
        _resolve = resolve;
        Lifetime = lifetime;
    }

    /// <summary>How long a resolved address is kept.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>
    /// The end point of <paramref name="address"/>: from its IP address, the cache, or a resolution that gives up after
    /// <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<SnmpResolution> ResolveAsync(SnmpDeviceAddress address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Literal is { } literal)
        {
            return new SnmpResolution(new IPEndPoint(literal, address.Port), null);
        }

        if (_cache.TryGetValue(address.Host, out var cached) && _time.GetElapsedTime(cached.At) < Lifetime)
        {
            return new SnmpResolution(new IPEndPoint(cached.Address, address.Port), null);
        }

        IPAddress[] addresses;
        try
        {
            addresses = await _resolve(address.Host, cancellationToken).WaitAsync(timeout, _time, cancellationToken);
        }
        catch (SocketException e)
        {
            _cache.TryRemove(address.Host, out _);
            return new SnmpResolution(null, $"{e.SocketErrorCode}: {e.Message}");
        }
        catch (TimeoutException)
        {
            _cache.TryRemove(address.Host, out _);
            return new SnmpResolution(null, $"no answer from the resolver within {timeout}");
        }

        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetworkV6);
        if (chosen is null)
        {
            _cache.TryRemove(address.Host, out _);
            return new SnmpResolution(null, "the name has no IPv4 or IPv6 address");
        }

        _cache[address.Host] = (chosen, _time.GetTimestamp());
        return new SnmpResolution(new IPEndPoint(chosen, address.Port), null);
    }

    /// <summary>Drops the cached address of <paramref name="host"/> (no effect for IP addresses or unknown names).</summary>
    public void Forget(string host) => _cache.TryRemove(host, out _);
}

/// <summary>The outcome of <see cref="SnmpAddressResolver.ResolveAsync"/>: an end point, or why there is none.</summary>
/// <param name="EndPoint">Where to send, or null.</param>
/// <param name="Error">Why the name did not resolve (for the log), or null.</param>
internal readonly record struct SnmpResolution(IPEndPoint? EndPoint, string? Error);
