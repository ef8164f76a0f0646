using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Alpi.Protocols.Snmp.Transport;

/// <summary>
/// One UDP socket for many SNMP requests in flight (RFC 3417 §2, transport over UDP): each request is matched to
/// its response by a key the caller extracts from the datagram (request-id for v1/v2c, msgID for v3) and by the
/// address and port it was sent to, so a stray or spoofed datagram from elsewhere is ignored. Each request is
/// retried on time-out; the outcome is a value (<see cref="SnmpTransportStatus"/>), never an exception.
/// The socket is dual-stack (IPv6 with IPv4-mapped addresses) where the system allows, else IPv4.
/// </summary>
public sealed class SnmpUdpChannel : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Func<ReadOnlyMemory<byte>, int?> _matchKey;
    private readonly ConcurrentDictionary<int, Pending> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private long _unmatched;

    /// <summary>Opens the socket on an ephemeral port and starts receiving.</summary>
    /// <param name="matchKey">Reads the matching key (request-id or msgID) from a received datagram, or null when the
    /// datagram is not a readable SNMP message (it is then counted and dropped).</param>
    public SnmpUdpChannel(Func<ReadOnlyMemory<byte>, int?> matchKey)
    {
        ArgumentNullException.ThrowIfNull(matchKey);
        _matchKey = matchKey;
        _socket = OpenSocket();
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Datagrams received that matched no request in flight (late, duplicate, spoofed or unreadable).</summary>
    public long UnmatchedDatagrams => Interlocked.Read(ref _unmatched);

    /// <summary>
    /// Sends <paramref name="datagram"/> to <paramref name="target"/> and waits for the datagram with the same
    /// <paramref name="key"/> from that address and port; resends it up to <paramref name="retries"/> times, each
    /// attempt waiting <paramref name="timeout"/>.
    /// </summary>
    /// <param name="key">The request's matching key; must not be in flight already on this channel.</param>
    /// <returns>The response datagram (a copy, the caller owns it), or the time-out status.</returns>
    /// <exception cref="ArgumentException">The key is already in flight.</exception>
    public async Task<SnmpTransportResult> SendAsync(IPEndPoint target, int key, ReadOnlyMemory<byte> datagram, TimeSpan timeout, int retries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var remote = Normalise(target);
        var pending = new Pending(remote);
        if (!_pending.TryAdd(key, pending))
        {
            throw new ArgumentException($"Request key {key} is already in flight on this channel.", nameof(key));
        }

        try
        {
            for (var attempt = 0; attempt <= retries; attempt++)
            {
                await _socket.SendToAsync(datagram, SocketFlags.None, remote, cancellationToken);
                try
                {
                    var response = await pending.Response.Task.WaitAsync(timeout, cancellationToken);
                    return new SnmpTransportResult(SnmpTransportStatus.Received, response, attempt + 1);
                }
                catch (TimeoutException)
                {
                    // This attempt timed out: send again.
                }
            }

            return new SnmpTransportResult(SnmpTransportStatus.Timeout, ReadOnlyMemory<byte>.Empty, retries + 1);
        }
        catch (SocketException e)
        {
            return new SnmpTransportResult(SnmpTransportStatus.SocketError, ReadOnlyMemory<byte>.Empty, 0, e.SocketErrorCode);
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    /// <summary>Stops receiving and closes the socket; requests in flight end with a cancellation.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _receiveLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65_535];
        EndPoint any = _socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP port unreachable from an earlier send surfaces here on some systems: keep receiving.
                continue;
            }

            var datagram = buffer.AsMemory(0, received.ReceivedBytes);
            var key = _matchKey(datagram);
            if (key is { } k && _pending.TryGetValue(k, out var pending) && Normalise((IPEndPoint)received.RemoteEndPoint).Equals(pending.Remote))
            {
                pending.Response.TrySetResult(datagram.ToArray());
            }
            else
            {
                Interlocked.Increment(ref _unmatched);
            }
        }
    }

    private static Socket OpenSocket()
    {
        if (Socket.OSSupportsIPv6)
        {
            var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
                return socket;
            }
            catch (SocketException)
            {
                socket.Dispose();
            }
        }

        var v4 = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        v4.Bind(new IPEndPoint(IPAddress.Any, 0));
        return v4;
    }

    private IPEndPoint Normalise(IPEndPoint endpoint) =>
        _socket.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.AddressFamily == AddressFamily.InterNetwork
            ? new IPEndPoint(endpoint.Address.MapToIPv6(), endpoint.Port)
            : endpoint;

    private sealed class Pending(IPEndPoint remote)
    {
        public IPEndPoint Remote { get; } = remote;

        public TaskCompletionSource<ReadOnlyMemory<byte>> Response { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
