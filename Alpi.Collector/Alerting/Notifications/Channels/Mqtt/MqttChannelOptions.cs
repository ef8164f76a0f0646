namespace Alpi.Collector.Alerting.Notifications.Channels.Mqtt;

/// <summary>The MQTT channel (<c>mqtt</c>, <c>Collector:Alerting:Mqtt</c>): publishes through the collector's broker.</summary>
public sealed class MqttChannelOptions
{
    /// <summary>Turn the channel on (default false).</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The topic template (<see cref="ChannelTemplate"/> names, unencoded; <c>+</c>, <c>#</c> and <c>/</c> in values are
    /// replaced by <c>_</c>). Default <c>alpi/{{ tenant }}/{{ host }}/alerts</c>, beside the host's metrics and events.
    /// </summary>
    public string Topic { get; set; } = "alpi/{{ tenant }}/{{ host }}/alerts";

    /// <summary>Publish retained (the last transition stays on the topic). Default false.</summary>
    public bool Retain { get; set; }
}
