using System.Net.Sockets;
using System.Text;
using Alpi.Collector.Alerting.History;
using Alpi.Collector.Alerting.Lifecycle;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Alpi.Collector.Alerting.Notifications.Email;

/// <summary>
/// The e-mail channel (<c>email</c>): one message per notification through MailKit's SMTP client, with STARTTLS and
/// authentication when configured. Outcomes: a 4xx reply, a dropped connection or an unreachable server are
/// retryable; a 5xx reply, a refused authentication or a bad address are failures (RFC 5321 §4.2.1).
/// </summary>
public sealed class EmailNotifier(IOptions<CollectorOptions> options) : IAlertNotifier
{
    /// <inheritdoc />
    public string Name => "email";

    /// <inheritdoc />
    public async ValueTask<NotifyResult> NotifyAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var email = options.Value.Alerting.Email;
        MimeMessage message;
        try
        {
            message = Compose(notification, email);
        }
        catch (ParseException e)
        {
            return NotifyResult.Fail("bad address: " + e.Message);
        }

        if (string.IsNullOrWhiteSpace(email.Host))
        {
            return NotifyResult.Fail("Collector:Alerting:Email:Host is not set");
        }

        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(email.Host, email.Port, Security(email.Security), cancellationToken);
            if (!string.IsNullOrEmpty(email.Username))
            {
                await client.AuthenticateAsync(email.Username, email.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return NotifyResult.Delivered;
        }
        catch (SmtpCommandException e)
        {
            var code = (int)e.StatusCode;
            var reason = $"SMTP {code} ({e.ErrorCode}): {e.Message}";
            return code is >= 400 and < 500 ? NotifyResult.Retry(reason) : NotifyResult.Fail(reason);
        }
        catch (AuthenticationException e)
        {
            return NotifyResult.Fail("SMTP authentication refused: " + e.Message);
        }
        catch (Exception e) when (e is SmtpProtocolException or SocketException or IOException or SslHandshakeException or ServiceNotConnectedException)
        {
            return NotifyResult.Retry($"{e.GetType().Name}: {e.Message}");
        }
        catch (NotSupportedException e)
        {
            // STARTTLS required but not offered, or an authentication mechanism the server lacks.
            return NotifyResult.Fail(e.Message);
        }
    }

    /// <summary>The message for a notification: subject <c>[Alpi] FIRING critical cpu-high on tenant/host: summary</c>, a plain-text body.</summary>
    public static MimeMessage Compose(AlertNotification notification, EmailOptions email)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(email);
        var alert = notification.Alert;
        var what = notification.Event switch
        {
            AlertEventKind.Firing => "FIRING",
            AlertEventKind.Resolved => "RESOLVED",
            AlertEventKind.Acknowledged => "ACKNOWLEDGED",
            AlertEventKind.FlappingStarted => "FLAPPING",
            AlertEventKind.FlappingStopped => "FLAPPING STOPPED",
            _ => AlertStore.Name(notification.Event).ToUpperInvariant(),
        };
        var summary = alert.Annotations.TryGetValue("summary", out var s) ? s : alert.Instance;
        var subject = $"{email.SubjectPrefix} {what} {AlertStore.Name(alert.Severity)} {alert.Rule} on {alert.Tenant}/{alert.Host}{(summary.Length > 0 ? ": " + summary : "")}".Trim();

        var body = new StringBuilder()
            .AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{what}: {alert.Rule} ({AlertStore.Name(alert.Severity)})")
            .AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Host:      {alert.Tenant}/{alert.Host}")
            .AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Instance:  {alert.Instance}")
            .AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"State:     {AlertStore.Name(alert.State)}")
            .AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Value:     {Rules.AlertTemplate.Format(alert.Value)} (threshold {Rules.AlertTemplate.Format(alert.Threshold)})")
            .AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Since:     {alert.ActiveSince:u}")
            .AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"At:        {notification.At:u}")
            .AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Alert id:  {alert.Id}");
        if (alert.AckBy is not null)
        {
            body.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Acknowledged by {alert.AckBy} at {alert.AckAt:u}: {alert.AckComment}");
        }

        foreach (var (key, value) in alert.Annotations)
        {
            body.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{key}: {value}");
        }

        foreach (var (key, value) in alert.Labels)
        {
            body.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"label {key}={value}");
        }

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(email.From));
        foreach (var to in email.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = subject;
        message.Headers.Add("X-Alpi-Alert-Id", alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Headers.Add("X-Alpi-Event", AlertStore.Name(notification.Event));
        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }

    private static SecureSocketOptions Security(EmailSecurity security) => security switch
    {
        EmailSecurity.None => SecureSocketOptions.None,
        EmailSecurity.StartTls => SecureSocketOptions.StartTls,
        EmailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}
