using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alpi.Protocols.Mqtt;

/// <summary>
/// The retained message on <c>alpi/&lt;tenant&gt;/&lt;host&gt;/status</c>: the agent's birth message
/// (<c>online</c> with its inventory) or its MQTT last will (<c>offline</c>). JSON, UTF-8:
/// <c>{"status":"online","hostname":"srv1","os":"Linux","osVersion":"Debian GNU/Linux 12","kernel":"6.1.0",
/// "agentVersion":"0.1.0","ipAddresses":["192.0.2.10"],"startedAt":"2026-11-29T14:00:00Z","site":"Médiathèque"}</c>
/// (<c>site</c> only when the agent has one).
/// A bare <c>online</c> or <c>offline</c> payload is accepted too, as other publishers send.
/// Source: ../shared/ARCHITECTURE.md, "Wire conventions".
/// </summary>
public sealed record HostStatusMessage
{
    /// <summary>The value of <see cref="Status"/> in a birth message.</summary>
    public const string Online = "online";

    /// <summary>The value of <see cref="Status"/> in a last will.</summary>
    public const string Offline = "offline";

    /// <summary><c>online</c> or <c>offline</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The host name as the machine reports it.</summary>
    public string? Hostname { get; init; }

    /// <summary>Operating system family (<c>Linux</c>, <c>Windows</c>).</summary>
    public string? Os { get; init; }

    /// <summary>Operating system name and version (<c>Debian GNU/Linux 12 (bookworm)</c>).</summary>
    public string? OsVersion { get; init; }

    /// <summary>Kernel release (<c>6.1.0-27-amd64</c>).</summary>
    public string? Kernel { get; init; }

    /// <summary>Version of the publishing agent.</summary>
    public string? AgentVersion { get; init; }

    /// <summary>The host's unicast IP addresses, loopback excluded.</summary>
    public IReadOnlyList<string>? IpAddresses { get; init; }

    /// <summary>When the agent started, UTC.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>
    /// The site of the member body this host stands on (<c>Agent:Site</c>: <c>Médiathèque</c>, <c>mairie-annexe</c>), or
    /// null when it has none. The SNMP devices the agent polls are counted on the same site.
    /// </summary>
    public string? Site { get; init; }

    /// <summary>Serialises to the UTF-8 JSON payload.</summary>
    public byte[] ToPayload() => JsonSerializer.SerializeToUtf8Bytes(this, HostStatusJsonContext.Default.HostStatusMessage);

    /// <summary>
    /// Parses a status payload: JSON as above, or the bare words <c>online</c>/<c>offline</c>.
    /// </summary>
    /// <returns>The message, or null with <paramref name="error"/> set when the payload is neither.</returns>
    public static HostStatusMessage? TryParse(ReadOnlySpan<byte> payload, out string? error)
    {
        error = null;
        var trimmed = System.Text.Encoding.UTF8.GetString(payload).Trim();
        if (trimmed is Online or Offline)
        {
            return new HostStatusMessage { Status = trimmed };
        }

        try
        {
            var message = JsonSerializer.Deserialize(trimmed, HostStatusJsonContext.Default.HostStatusMessage);
            if (message is null || message.Status is not (Online or Offline))
            {
                error = "status message has no \"status\" of \"online\" or \"offline\"";
                return null;
            }

            return message;
        }
        catch (JsonException e)
        {
            error = $"status message is not JSON of the form {{\"status\":\"online\", …}}: {e.Message}";
            return null;
        }
    }
}

/// <summary>Source-generated JSON metadata for <see cref="HostStatusMessage"/> (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HostStatusMessage))]
internal sealed partial class HostStatusJsonContext : JsonSerializerContext;
