using System.Buffers;
using System.Globalization;
using System.Text;
using Alpi.Protocols.Snmp.Transport;

namespace Alpi.Protocols.Snmp.Manager;

/// <summary>
/// An SNMP manager (command generator, RFC 3413 §3.1) for v1, v2c and v3: GET, GETNEXT, GETBULK and walks, over one
/// UDP socket shared by every request in flight. v1/v2c requests are matched by request-id, v3 by msgID; v3 discovers
/// each agent's engine once, then keeps its boots and time (SnmpClient.V3.cs, RFC 3414). Thread-safe.
/// Outcomes are <see cref="SnmpResult"/> values; exceptions are kept for misuse (a v3 target without a user).
/// </summary>
public sealed partial class SnmpClient : IAsyncDisposable
{
    private readonly SnmpUdpChannel _channel;
    private readonly TimeProvider _timeProvider;
    private int _nextId = Random.Shared.Next(1, int.MaxValue / 2);

    /// <summary>Opens the client's UDP socket.</summary>
    /// <param name="timeProvider">Time source for v3 engine time estimates; the system clock when null.</param>
    public SnmpClient(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        _channel = new SnmpUdpChannel(MatchKey);
    }

    /// <summary>BER deviations tolerated in the responses decoded by this client, per kind (devices' quirks).</summary>
    public Ber.BerLeniencyCounter Leniencies { get; } = new();

    /// <summary>Datagrams that matched no request (late answers after a retry, strays): for diagnostics.</summary>
    public long UnmatchedDatagrams => _channel.UnmatchedDatagrams;

    /// <summary>GetRequest for <paramref name="oids"/> (RFC 3416 §4.2.1).</summary>
    public Task<SnmpResult> GetAsync(SnmpTarget target, IReadOnlyList<Oid> oids, CancellationToken cancellationToken = default) =>
        RequestAsync(target, id => SnmpPdu.Get(id, oids), cancellationToken);

    /// <summary>GetNextRequest for <paramref name="oids"/> (RFC 3416 §4.2.2).</summary>
    public Task<SnmpResult> GetNextAsync(SnmpTarget target, IReadOnlyList<Oid> oids, CancellationToken cancellationToken = default) =>
        RequestAsync(target, id => SnmpPdu.GetNext(id, oids), cancellationToken);

    /// <summary>GetBulkRequest (RFC 3416 §4.2.3); v2c and v3 only.</summary>
    /// <exception cref="ArgumentException">The target is v1, which has no GetBulk.</exception>
    public Task<SnmpResult> GetBulkAsync(SnmpTarget target, int nonRepeaters, int maxRepetitions, IReadOnlyList<Oid> oids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Version == SnmpVersion.V1)
        {
            throw new ArgumentException("SNMPv1 has no GetBulkRequest (RFC 3416 §4.2.3); use GetNext.", nameof(target));
        }

        return RequestAsync(target, id => SnmpPdu.GetBulk(id, nonRepeaters, maxRepetitions, oids), cancellationToken);
    }

    /// <summary>Closes the socket.</summary>
    public ValueTask DisposeAsync() => _channel.DisposeAsync();

    private Task<SnmpResult> RequestAsync(SnmpTarget target, Func<int, SnmpPdu> pdu, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Version == SnmpVersion.V3
            ? RequestV3Async(target, pdu, cancellationToken)
            : RequestCommunityAsync(target, pdu, cancellationToken);
    }

    private async Task<SnmpResult> RequestCommunityAsync(SnmpTarget target, Func<int, SnmpPdu> pdu, CancellationToken cancellationToken)
    {
        var requestId = NextId();
        var buffer = new ArrayBufferWriter<byte>(512);
        SnmpMessageCodec.Encode(new SnmpMessage(target.Version, Encoding.UTF8.GetBytes(target.Community), pdu(requestId)), buffer);
        var sent = await _channel.SendAsync(target.EndPoint, requestId, buffer.WrittenMemory, target.Timeout, target.Retries, cancellationToken);
        if (sent.Status != SnmpTransportStatus.Received)
        {
            return TransportFailure(target, sent,
                $"wrong community or SNMP version ({VersionName(target.Version)} sent; a device ignores a request it does not accept), device down, a firewall dropping UDP, or no SNMP agent on port {Port(target)}");
        }

        var decoded = SnmpMessageCodec.Decode(sent.Response.Span);
        if (!decoded.IsSuccess)
        {
            return new SnmpResult(SnmpStatus.DecodeError, null, decoded.Error!.ToString());
        }

        Leniencies.Add(decoded.Leniencies);

        return decoded.Value!.Pdu is SnmpPdu { Type: SnmpPduType.Response } response
            ? FromResponse(response)
            : new SnmpResult(SnmpStatus.DecodeError, null, "the answer is not a Response PDU");
    }

    private static SnmpResult FromResponse(SnmpPdu response) =>
        response.ErrorStatus == SnmpErrorStatus.NoError ? new SnmpResult(SnmpStatus.Ok, response) : new SnmpResult(SnmpStatus.ErrorStatus, response);

    /// <summary>
    /// The result of a request that got no answer: <c>no response from 192.0.2.7:161 after 2 attempt(s) of 2 s: HINT</c>,
    /// the address and port the request went to and what may be wrong; or the socket error and the address.
    /// </summary>
    private static SnmpResult TransportFailure(SnmpTarget target, SnmpTransportResult sent, string hint) => sent.Status == SnmpTransportStatus.Timeout
        ? new SnmpResult(SnmpStatus.Timeout, null, $"no response from {target.EndPoint} after {sent.Attempts} attempt(s) of {Duration(target.Timeout)}: {hint}")
        : new SnmpResult(SnmpStatus.SocketError, null, $"could not send to {target.EndPoint}: {sent.SocketError}");

    private static string Port(SnmpTarget target) => target.EndPoint.Port.ToString(CultureInfo.InvariantCulture);

    private static string VersionName(SnmpVersion version) => version switch
    {
        SnmpVersion.V1 => "v1",
        SnmpVersion.V2c => "v2c",
        _ => "v3",
    };

    /// <summary><c>300 ms</c>, <c>2 s</c>, <c>1.5 s</c>.</summary>
    private static string Duration(TimeSpan span) => span < TimeSpan.FromSeconds(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0.#} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.###} s");

    private int NextId()
    {
        var id = Interlocked.Increment(ref _nextId) & int.MaxValue;
        return id == 0 ? Interlocked.Increment(ref _nextId) & int.MaxValue : id;
    }

    private static int? MatchKey(ReadOnlyMemory<byte> datagram)
    {
        var span = datagram.Span;
        if (!SnmpMessageCodec.TryReadVersion(span, out var version))
        {
            return null;
        }

        if (version == SnmpVersion.V3)
        {
            var frame = SnmpMessageCodec.DecodeV3(span);
            return frame.IsSuccess ? frame.Value!.Message.MessageId : null;
        }

        var message = SnmpMessageCodec.Decode(span);
        return message.IsSuccess && message.Value!.Pdu is SnmpPdu pdu ? pdu.RequestId : null;
    }
}
