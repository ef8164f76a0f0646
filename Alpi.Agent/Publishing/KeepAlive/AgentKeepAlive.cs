using Microsoft.Extensions.Logging;
using MQTTnet;

namespace Alpi.Agent.Publishing.KeepAlive;

/// <summary>
/// The agent's MQTT keep-alive (MQTT 5 §3.1.2.10): PINGREQ when nothing was sent for half the keep-alive, checked
/// once per half keep-alive (every 7.5 s with the default 15 s) instead of MQTTnet's four times a second (see
/// <see cref="KeepAliveAdapterFactory"/>). A PINGRESP that does not come within half the keep-alive means the connection
/// is dead: the client is disconnected with reason 0x04 (Disconnect with Will Message, §3.14.2.1), so the broker, if it
/// still hears us, publishes the agent's <c>offline</c> will, and the publish loop reconnects at its next batch.
/// </summary>
internal sealed partial class AgentKeepAlive(TimeSpan requested, TimeProvider timeProvider, ILogger logger)
{
    private long _lastSent = timeProvider.GetTimestamp();
    private long _periodTicks = requested.Ticks;

    /// <summary>The keep-alive the agent asks for in CONNECT, in whole seconds (MQTT carries a two-octet count of seconds).</summary>
    public TimeSpan Requested { get; } = requested;

    /// <summary>The keep-alive in force: <see cref="Requested"/>, or the broker's Server Keep Alive when it sent one.</summary>
    public TimeSpan Period => TimeSpan.FromTicks(Interlocked.Read(ref _periodTicks));

    /// <summary>Called with each CONNACK: a non-zero Server Keep Alive (seconds) replaces the requested one for this connection.</summary>
    /// <param name="serverKeepAliveSeconds">The CONNACK's Server Keep Alive property, 0 when absent.</param>
    public void Connected(ushort serverKeepAliveSeconds)
    {
        var period = serverKeepAliveSeconds > 0 ? TimeSpan.FromSeconds(serverKeepAliveSeconds) : Requested;
        Interlocked.Exchange(ref _periodTicks, period.Ticks);
        Sent();
    }

    /// <summary>Called for every packet sent to the broker.</summary>
    public void Sent() => Interlocked.Exchange(ref _lastSent, timeProvider.GetTimestamp());

    /// <summary>
    /// Keeps <paramref name="client"/>'s connection alive until <paramref name="stoppingToken"/> is cancelled. Never throws:
    /// a failed ping is logged and ends the connection, which the publish loop re-opens.
    /// </summary>
    /// <param name="client">The agent's client, created with <see cref="KeepAliveAdapterFactory"/>.</param>
    /// <param name="stoppingToken">Stops the loop.</param>
    public async Task RunAsync(IMqttClient client, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var half = Period / 2;
            var idle = timeProvider.GetElapsedTime(Interlocked.Read(ref _lastSent));
            try
            {
                if (idle < half || !client.IsConnected)
                {
                    await Task.Delay(idle < half ? half - idle : half, timeProvider, stoppingToken);
                    continue;
                }

                using var timeout = new CancellationTokenSource(half, timeProvider);
                using var answer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
                await client.PingAsync(answer.Token);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
            {
                Log.PingFailed(logger, half.TotalSeconds, e.Message);
                await DropAsync(client);
            }
        }
    }

    private async Task DropAsync(IMqttClient client)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), timeProvider);
            await client.DisconnectAsync(
                new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.DisconnectWithWillMessage).Build(),
                timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            // Already disconnected, or disconnecting: the publish loop reconnects either way.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Broker did not answer a ping within {Seconds} s ({Reason}); closing the connection to open a new one")]
        public static partial void PingFailed(ILogger logger, double seconds, string reason);
    }
}
