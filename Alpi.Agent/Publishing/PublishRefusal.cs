using MQTTnet;

namespace Alpi.Agent.Publishing;

/// <summary>
/// Which PUBACK reason codes (MQTT 5 §3.4.2.1) mean "this message will never be accepted", so that the batch is
/// dropped from the buffer instead of blocking every batch behind it, and which are transient or about the topic (then
/// every batch would be refused alike, and dropping them would empty the buffer: they are retried).
/// </summary>
/// <remarks>
/// Permanent, for this message: 0x83 Implementation specific error ("the PUBLISH is valid but the receiver is not
/// willing to accept it"), 0x97 Quota exceeded ("an implementation or administrative imposed limit has been exceeded":
/// the collector's embedded broker answers it for a payload over <c>Collector:Broker:MaxPayloadBytes</c>; MQTT 5 flow
/// control is the Receive Maximum, whose excess is a DISCONNECT, not a PUBACK), 0x99 Payload format invalid, and 0x95
/// Packet too large, which Mosquitto 2.0 sends in PUBACK for a payload over <c>message_size_limit</c>
/// (mosquitto src/handle_publish.c). Retried: 0x80 Unspecified error, 0x87 Not authorized and 0x90 Topic name
/// invalid (the topic is the same for every batch: a broker misconfiguration to fix, not a bad message), 0x91 Packet
/// identifier in use.
/// </remarks>
public static class PublishRefusal
{
    /// <summary>True when the broker will never accept this message: drop it and go on with the next.</summary>
    public static bool IsPermanent(MqttClientPublishReasonCode reasonCode) =>
        (int)reasonCode is 0x83 or 0x95 or 0x97 or 0x99;

    /// <summary>The reason's name in metrics and logs, snake case (<c>quota_exceeded</c>, <c>packet_too_large</c>, <c>0x9a</c> for an unknown code).</summary>
    public static string Name(MqttClientPublishReasonCode reasonCode) => (int)reasonCode switch
    {
        0x80 => "unspecified_error",
        0x83 => "implementation_specific_error",
        0x87 => "not_authorized",
        0x90 => "topic_name_invalid",
        0x91 => "packet_identifier_in_use",
        0x95 => "packet_too_large",
        0x97 => "quota_exceeded",
        0x99 => "payload_format_invalid",
        var other => "0x" + other.ToString("x2", System.Globalization.CultureInfo.InvariantCulture),
    };
}
