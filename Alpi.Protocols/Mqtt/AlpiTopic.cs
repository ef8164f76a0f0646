using System.Diagnostics.CodeAnalysis;

namespace Alpi.Protocols.Mqtt;

/// <summary>The kind of message a topic carries, the last level of <c>alpi/&lt;tenant&gt;/&lt;host&gt;/&lt;kind&gt;</c>.</summary>
public enum AlpiTopicKind
{
    /// <summary><c>metrics</c>: batches of InfluxDB line protocol, one point a line.</summary>
    Metrics,

    /// <summary><c>status</c>: retained <c>online</c> birth message with inventory, <c>offline</c> as the last will.</summary>
    Status,

    /// <summary><c>events</c>: traps and hotspot events, JSON.</summary>
    Events,
}

/// <summary>
/// One topic of the Alpi scheme, <c>alpi/&lt;tenant&gt;/&lt;host&gt;/&lt;kind&gt;</c>, where tenant is the member
/// body and host the publishing machine. Source: ../shared/ARCHITECTURE.md, "Wire conventions".
/// </summary>
/// <param name="Tenant">The member body, a single non-empty topic level without wildcards.</param>
/// <param name="Host">The host name, a single non-empty topic level without wildcards.</param>
/// <param name="Kind">What the topic carries.</param>
public readonly record struct AlpiTopic(string Tenant, string Host, AlpiTopicKind Kind)
{
    /// <summary>The first topic level of every Alpi topic.</summary>
    public const string Root = "alpi";

    /// <summary>Subscription filter for every host's metrics: <c>alpi/+/+/metrics</c>.</summary>
    public const string AllMetrics = "alpi/+/+/metrics";

    /// <summary>Subscription filter for every host's status: <c>alpi/+/+/status</c>.</summary>
    public const string AllStatus = "alpi/+/+/status";

    /// <summary>Subscription filter for every host's events: <c>alpi/+/+/events</c>.</summary>
    public const string AllEvents = "alpi/+/+/events";

    /// <summary>The topic string, <c>alpi/tenant/host/kind</c>.</summary>
    public override string ToString() => $"{Root}/{Tenant}/{Host}/{KindName(Kind)}";

    /// <summary>
    /// Builds a topic after checking that tenant and host are valid single topic levels.
    /// </summary>
    /// <exception cref="ArgumentException">Tenant or host is empty or contains <c>/</c>, <c>+</c>, <c>#</c> or a NUL.</exception>
    public static AlpiTopic Create(string tenant, string host, AlpiTopicKind kind)
    {
        if (!IsValidLevel(tenant))
        {
            throw new ArgumentException($"Tenant \"{tenant}\" is not a valid MQTT topic level (empty, or contains '/', '+', '#' or NUL).", nameof(tenant));
        }

        if (!IsValidLevel(host))
        {
            throw new ArgumentException($"Host \"{host}\" is not a valid MQTT topic level (empty, or contains '/', '+', '#' or NUL).", nameof(host));
        }

        return new AlpiTopic(tenant, host, kind);
    }

    /// <summary>Parses <c>alpi/tenant/host/kind</c>; returns false for any other shape or kind.</summary>
    public static bool TryParse(string? topic, [NotNullWhen(true)] out AlpiTopic? parsed)
    {
        parsed = null;
        if (topic is null)
        {
            return false;
        }

        var parts = topic.Split('/');
        if (parts.Length != 4 || parts[0] != Root || !IsValidLevel(parts[1]) || !IsValidLevel(parts[2]))
        {
            return false;
        }

        AlpiTopicKind? kind = parts[3] switch
        {
            "metrics" => AlpiTopicKind.Metrics,
            "status" => AlpiTopicKind.Status,
            "events" => AlpiTopicKind.Events,
            _ => null,
        };
        if (kind is null)
        {
            return false;
        }

        parsed = new AlpiTopic(parts[1], parts[2], kind.Value);
        return true;
    }

    /// <summary>True when <paramref name="level"/> is a non-empty MQTT topic level without wildcards or separators.</summary>
    public static bool IsValidLevel(string? level) =>
        !string.IsNullOrEmpty(level) && level.AsSpan().IndexOfAny("/+#\0") < 0;

    private static string KindName(AlpiTopicKind kind) => kind switch
    {
        AlpiTopicKind.Metrics => "metrics",
        AlpiTopicKind.Status => "status",
        _ => "events",
    };
}
