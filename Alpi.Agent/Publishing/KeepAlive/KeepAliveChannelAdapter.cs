using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace Alpi.Agent.Publishing.KeepAlive;

/// <summary>
/// MQTTnet's channel adapter with three changes, all for <see cref="KeepAliveAdapterFactory"/>: the CONNECT packet
/// carries <see cref="AgentKeepAlive.Requested"/> as its keep-alive; a CONNACK's Server Keep Alive is moved into
/// <see cref="AgentKeepAlive.Period"/> instead of reaching MQTTnet; every packet sent is noted as activity. Everything
/// else is passed through.
/// </summary>
internal sealed class KeepAliveChannelAdapter(IMqttChannelAdapter inner, AgentKeepAlive keepAlive) : IMqttChannelAdapter
{
    /// <inheritdoc />
    public long BytesReceived => inner.BytesReceived;

    /// <inheritdoc />
    public long BytesSent => inner.BytesSent;

    /// <inheritdoc />
    public X509Certificate2 ClientCertificate => inner.ClientCertificate;

    /// <inheritdoc />
    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    /// <inheritdoc />
    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    /// <inheritdoc />
    public bool IsSecureConnection => inner.IsSecureConnection;

    /// <inheritdoc />
    public MqttPacketFormatterAdapter PacketFormatterAdapter => inner.PacketFormatterAdapter;

    /// <inheritdoc />
    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    /// <inheritdoc />
    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
    {
        var packet = await inner.ReceivePacketAsync(cancellationToken);
        if (packet is MqttConnAckPacket connAck)
        {
            keepAlive.Connected(connAck.ServerKeepAlive);
            connAck.ServerKeepAlive = 0;
        }

        return packet;
    }

    /// <inheritdoc />
    public void ResetStatistics() => inner.ResetStatistics();

    /// <inheritdoc />
    public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken)
    {
        if (packet is MqttConnectPacket connect)
        {
            connect.KeepAlivePeriod = (ushort)keepAlive.Requested.TotalSeconds;
        }

        keepAlive.Sent();
        return inner.SendPacketAsync(packet, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => inner.Dispose();
}
