using System.Net.Sockets;

namespace Alpi.Protocols.Snmp.Transport;

/// <summary>How a request over UDP ended.</summary>
public enum SnmpTransportStatus
{
    /// <summary>A matching response arrived.</summary>
    Received,

    /// <summary>No matching response after every retry.</summary>
    Timeout,

    /// <summary>The socket refused to send (unreachable network, bad address).</summary>
    SocketError,
}

/// <summary>The outcome of <see cref="SnmpUdpChannel.SendAsync"/>.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Response">The response datagram when <see cref="SnmpTransportStatus.Received"/>, else empty.</param>
/// <param name="Attempts">Datagrams sent (1 + retries used).</param>
/// <param name="SocketError">The socket error when <see cref="SnmpTransportStatus.SocketError"/>.</param>
public readonly record struct SnmpTransportResult(SnmpTransportStatus Status, ReadOnlyMemory<byte> Response, int Attempts, SocketError SocketError = System.Net.Sockets.SocketError.Success);
