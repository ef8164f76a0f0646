using System.Globalization;
using System.Text.RegularExpressions;
using Alpi.Collector.Alerting.History;
using Alpi.Collector.Alerting.Rules;

namespace Alpi.Collector.Alerting.Notifications.Channels;

/// <summary>
/// The <c>{{ name }}</c> placeholders of the SMS gateway's URL and body and of the MQTT topic, filled from a message
/// (its first notification) and encoded by the caller for where they go (URL, form, JSON). Names:
/// <c>to</c> (the recipient), <c>text</c> (the message's one-line title, cut to the channel's length), <c>event</c>,
/// <c>rule</c>, <c>tenant</c>, <c>host</c>, <c>instance</c>, <c>severity</c>, <c>state</c>, <c>value</c>,
/// <c>threshold</c>, <c>alertId</c>, <c>count</c> (notifications in the message).
/// </summary>
public static partial class ChannelTemplate
{
    /// <summary>Every placeholder name.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "to", "text", "event", "rule", "tenant", "host", "instance", "severity", "state", "value", "threshold", "alertId", "count",
    };

    /// <summary>The placeholder names a template uses that are not in <see cref="Names"/>.</summary>
    public static IReadOnlyList<string> Unknown(string? template) =>
        template is null ? [] : Placeholder().Matches(template).Select(m => m.Groups[1].Value).Where(n => !Names.Contains(n)).Distinct().ToList();

    /// <summary>Fills <paramref name="template"/>; each value goes through <paramref name="encode"/>; unknown names become empty.</summary>
    public static string Render(string template, NotificationMessage message, string? to, string text, Func<string, string> encode)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(encode);
        var first = message.First;
        var a = first.Alert;
        return Placeholder().Replace(template, m => encode(m.Groups[1].Value switch
        {
            "to" => to ?? "",
            "text" => text,
            "event" => AlertStore.Name(first.Event),
            "rule" => a.Rule,
            "tenant" => a.Tenant,
            "host" => a.Host,
            "instance" => a.Instance,
            "severity" => AlertStore.Name(a.Severity),
            "state" => AlertStore.Name(a.State),
            "value" => AlertTemplate.Format(a.Value),
            "threshold" => AlertTemplate.Format(a.Threshold),
            "alertId" => a.Id.ToString(CultureInfo.InvariantCulture),
            "count" => message.Items.Count.ToString(CultureInfo.InvariantCulture),
            _ => "",
        }));
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
