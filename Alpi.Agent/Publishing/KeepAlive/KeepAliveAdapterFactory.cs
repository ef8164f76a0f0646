using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Implementations;

namespace Alpi.Agent.Publishing.KeepAlive;

/// <summary>
/// Creates MQTTnet's own channel adapters, wrapped so that the agent, not MQTTnet, keeps the connection alive.
/// MQTTnet 5.2's client wakes every 250 ms for as long as it is connected with a keep-alive (its
/// <c>TrySendKeepAliveMessages</c> loop): four thread-pool wake-ups a second, most of an idle agent's CPU. The agent
/// therefore gives MQTTnet a zero <see cref="MqttClientOptions.KeepAlivePeriod"/> (no loop) and this wrapper puts the
/// real keep-alive into the CONNECT packet (MQTT 5 §3.1.2.10), so the broker still closes a dead agent's connection
/// after 1.5 keep-alives and publishes its will. <see cref="AgentKeepAlive"/> then sends PINGREQ when nothing went out
/// for half the keep-alive.
/// </summary>
/// <remarks>
/// A broker may impose its own keep-alive in CONNACK (Server Keep Alive, MQTT 5 §3.2.2.3.14; Mosquitto's
/// <c>max_keepalive</c>): the client must then use it. The wrapper records it in <see cref="AgentKeepAlive.Period"/>
/// and hands MQTTnet a CONNACK without it, since MQTTnet would otherwise start its loop with a zero period and, pinging
/// with a zero time-out, drop the connection at once.
/// </remarks>
internal sealed class KeepAliveAdapterFactory(AgentKeepAlive keepAlive) : IMqttClientAdapterFactory
{
    private readonly MqttClientAdapterFactory _inner = new();

    /// <inheritdoc />
    public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector, IMqttNetLogger logger) =>
        new KeepAliveChannelAdapter(_inner.CreateClientAdapter(options, packetInspector, logger), keepAlive);
}
