using System.Globalization;
using System.Text.Json.Nodes;
using Alpi.Collector.Alerting.History;
using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Rules;

namespace Alpi.Collector.Alerting.Notifications.Channels.Webhook;

/// <summary>
/// The JSON bodies of the webhook formats. Sources: Slack "Incoming webhooks" and "Secondary message attachments"
/// (api.slack.com); Mattermost "Incoming webhooks" (Slack-compatible attachments, <c>channel</c> and
/// <c>username</c> overrides); Microsoft Teams "Create incoming webhooks with Workflows" (a <c>message</c> whose
/// attachment is an Adaptive Card, adaptivecards.io schema 1.4).
/// </summary>
public static class WebhookPayloads
{
    /// <summary>The body for <paramref name="format"/>.</summary>
    public static JsonObject Build(WebhookFormat format, NotificationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return format switch
        {
            WebhookFormat.Slack => Slack(message, null),
            WebhookFormat.Mattermost => Slack(message, "Alpi"),
            WebhookFormat.Teams => Teams(message),
            _ => Json(message),
        };
    }

    /// <summary>
    /// Alpi's JSON: <c>{"version":1,"title":…,"groupKey":…,"recipient":…|null,"notifications":[{"event":"firing",
    /// "at":ISO-8601,"step":null,"reminder":null,"resolvedReason":null,"alert":{"id","rule","kind","tenant","host",
    /// "instance","state","severity","value","threshold","labels","annotations","activeSince","firedAt","resolvedAt",
    /// "acknowledgedBy","lastDataAt"}}]}</c>. <c>resolvedReason</c>, for a resolution only: <c>recovered</c>,
    /// <c>noData</c> (the data stopped: not a recovery), <c>cleared</c> or <c>ruleRemoved</c> (<see cref="ResolvedReasons"/>).
    /// Also the MQTT channel's payload (one notification per message).
    /// </summary>
    public static JsonObject Json(NotificationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var items = new JsonArray();
        foreach (var item in message.Items)
        {
            items.Add(Notification(item));
        }

        return new JsonObject
        {
            ["version"] = 1,
            ["title"] = message.Title(),
            ["groupKey"] = message.GroupKey,
            ["recipient"] = message.Recipient,
            ["notifications"] = items,
        };
    }

    /// <summary>One notification as in <see cref="Json"/>.</summary>
    public static JsonObject Notification(AlertNotification item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var a = item.Alert;
        var labels = new JsonObject();
        foreach (var (k, v) in a.Labels)
        {
            labels[k] = v;
        }

        var annotations = new JsonObject();
        foreach (var (k, v) in a.Annotations)
        {
            annotations[k] = v;
        }

        return new JsonObject
        {
            ["event"] = AlertStore.Name(item.Event),
            ["at"] = item.At.ToString("O", CultureInfo.InvariantCulture),
            ["step"] = item.Step,
            ["reminder"] = item.Reminder,
            ["resolvedReason"] = item.Event == AlertEventKind.Resolved ? a.ResolvedReason ?? ResolvedReasons.Recovered : null,
            ["alert"] = new JsonObject
            {
                ["id"] = a.Id,
                ["rule"] = a.Rule,
                ["kind"] = a.Kind,
                ["tenant"] = a.Tenant,
                ["host"] = a.Host,
                ["instance"] = a.Instance,
                ["state"] = AlertStore.Name(a.State),
                ["severity"] = AlertStore.Name(a.Severity),
                ["value"] = a.Value,
                ["threshold"] = a.Threshold,
                ["labels"] = labels,
                ["annotations"] = annotations,
                ["activeSince"] = a.ActiveSince.ToString("O", CultureInfo.InvariantCulture),
                ["firedAt"] = a.FiredAt?.ToString("O", CultureInfo.InvariantCulture),
                ["resolvedAt"] = a.ResolvedAt?.ToString("O", CultureInfo.InvariantCulture),
                ["acknowledgedBy"] = a.AckBy,
                ["lastDataAt"] = a.LastDataAt?.ToString("O", CultureInfo.InvariantCulture),
            },
        };
    }

    private static JsonObject Slack(NotificationMessage message, string? username)
    {
        var attachments = new JsonArray();
        foreach (var item in message.Items)
        {
            var a = item.Alert;
            attachments.Add(new JsonObject
            {
                ["color"] = Color(item),
                ["fallback"] = NotificationText.Line(item),
                ["title"] = NotificationText.Line(item),
                ["text"] = Details(item),
                ["fields"] = new JsonArray(
                    Field("Host", $"{a.Tenant}/{a.Host}"),
                    Field("Severity", AlertStore.Name(a.Severity)),
                    Field("Value", $"{AlertTemplate.Format(a.Value)} (threshold {AlertTemplate.Format(a.Threshold)})"),
                    Field("Alert", a.Id.ToString(CultureInfo.InvariantCulture))),
            });
        }

        var body = new JsonObject { ["text"] = message.Title(), ["attachments"] = attachments };
        if (message.Recipient is { } channel)
        {
            body["channel"] = channel;
        }

        if (username is not null)
        {
            body["username"] = username;
        }

        return body;

        static JsonObject Field(string title, string value) => new() { ["title"] = title, ["value"] = value, ["short"] = true };
    }

    private static JsonObject Teams(NotificationMessage message)
    {
        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = message.Title(), ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
        };
        foreach (var item in message.Items)
        {
            var a = item.Alert;
            body.Add(new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = NotificationText.Line(item),
                ["color"] = item.Event == AlertEventKind.Resolved ? "Good" : a.Severity >= Severity.Critical ? "Attention" : "Warning",
                ["wrap"] = true,
                ["separator"] = true,
            });
            body.Add(new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray(
                    Fact("Host", $"{a.Tenant}/{a.Host}"),
                    Fact("Severity", AlertStore.Name(a.Severity)),
                    Fact("State", AlertStore.Name(a.State)),
                    Fact("Value", $"{AlertTemplate.Format(a.Value)} (threshold {AlertTemplate.Format(a.Threshold)})"),
                    Fact("Since", a.ActiveSince.ToString("u", CultureInfo.InvariantCulture)),
                    Fact("Alert", a.Id.ToString(CultureInfo.InvariantCulture))),
            });
        }

        if (message.Recipient is { } mention)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = "For " + mention, ["wrap"] = true });
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["contentUrl"] = null,
                ["content"] = new JsonObject
                {
                    ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                    ["type"] = "AdaptiveCard",
                    ["version"] = "1.4",
                    ["body"] = body,
                },
            }),
        };

        static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };
    }

    private static string Details(AlertNotification item)
    {
        var a = item.Alert;
        var parts = new List<string>();
        if (a.Annotations.TryGetValue("description", out var description))
        {
            parts.Add(description);
        }

        if (NotificationText.Resolution(item) is { } resolution)
        {
            parts.Add("Resolved: " + resolution);
        }

        if (item.Step is { } step)
        {
            parts.Add($"Escalation step {step + 1}: unacknowledged since {a.FiredAt:u}");
        }

        if (a.AckBy is not null)
        {
            parts.Add($"Acknowledged by {a.AckBy}{(a.AckComment is null ? "" : ": " + a.AckComment)}");
        }

        return string.Join("\n", parts);
    }

    private static string Color(AlertNotification item) => item.Event switch
    {
        AlertEventKind.Resolved => "#2eb886",
        AlertEventKind.Acknowledged => "#439fe0",
        _ => item.Alert.Severity >= Severity.Critical ? "#d00000" : "#daa038",
    };
}
