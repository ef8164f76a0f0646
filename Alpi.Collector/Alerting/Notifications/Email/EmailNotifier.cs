using System.Globalization;
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
    public async ValueTask<NotifyResult> NotifyAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var email = options.Value.Alerting.Email;
        MimeMessage mail;
        try
        {
            mail = Compose(message, email);
        }
        catch (ParseException e)
        {
            return NotifyResult.Fail("bad address: " + e.Message);
        }

        if (string.IsNullOrWhiteSpace(email.Host))
        {
            return NotifyResult.Fail("Collector:Alerting:Email:Host is not set");
        }

        if (mail.To.Count == 0)
        {
            return NotifyResult.Fail("no recipient: the alert goes to no on-call person with an e-mail address and Collector:Alerting:Email:To is empty");
        }

        // Connection failures name the server and the setting to check, so that the log says what to fix.
        var server = string.Create(CultureInfo.InvariantCulture, $"SMTP server {email.Host}:{email.Port}");
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(email.Host, email.Port, Security(email.Security), cancellationToken);
            if (!string.IsNullOrEmpty(email.Username))
            {
                await client.AuthenticateAsync(email.Username, email.Password ?? "", cancellationToken);
            }

            await client.SendAsync(mail, cancellationToken);
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
            return NotifyResult.Fail($"SMTP authentication refused by {email.Host}:{email.Port} (check Collector:Alerting:Email:Username and Password): {e.Message}");
        }
        catch (SslHandshakeException e)
        {
            return NotifyResult.Retry($"{server}: TLS handshake failed (check Collector:Alerting:Email:Security, now {email.Security}): {e.Message}");
        }
        catch (Exception e) when (e is SmtpProtocolException or SocketException or IOException or ServiceNotConnectedException)
        {
            var hint = e is SocketException ? " (check Collector:Alerting:Email:Host and Port)" : "";
            return NotifyResult.Retry($"{server}: {e.GetType().Name}: {e.Message}{hint}");
        }
        catch (NotSupportedException e)
        {
            // STARTTLS required but not offered, or an authentication mechanism the server lacks.
            var setting = e.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase)
                ? $"Collector:Alerting:Email:Security, now {email.Security}"
                : "Collector:Alerting:Email:Username and Security";
            return NotifyResult.Fail($"{server}: {e.Message} (check {setting})");
        }
    }

    /// <summary>
    /// The message for one notification: subject <c>[Alpi] FIRING critical cpu-high on tenant/host: summary</c>, a
    /// plain-text body, to <see cref="EmailOptions.To"/>.
    /// </summary>
    /// <exception cref="ParseException">An address is not valid.</exception>
    public static MimeMessage Compose(AlertNotification notification, EmailOptions email) => Compose(NotificationMessage.Single(notification), email);

    /// <summary>
    /// The message for a notification or a group: subject <c>[Alpi] FIRING critical cpu-high on tenant/host: summary</c>
    /// (or <c>[Alpi] 3 alerts: 3 firing (tenant=t)</c>), a plain-text body with one block per notification, to the
    /// message's recipient when it has one (an on-call person's address), else to <see cref="EmailOptions.To"/>.
    /// </summary>
    /// <exception cref="ParseException">An address is not valid.</exception>
    public static MimeMessage Compose(NotificationMessage notification, EmailOptions email)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(email);
        var subject = $"{email.SubjectPrefix} {notification.Title()}".Trim();
        var body = new StringBuilder();
        foreach (var item in notification.Items)
        {
            if (body.Length > 0)
            {
                body.AppendLine();
            }

            AppendBlock(body, item);
        }

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(email.From));
        if (notification.Recipient is { } recipient)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }
        else
        {
            foreach (var to in email.To)
            {
                message.To.Add(MailboxAddress.Parse(to));
            }
        }

        message.Subject = subject;
        message.Headers.Add("X-Alpi-Alert-Id", string.Join(",", notification.Items.Select(i => i.Alert.Id.ToString(CultureInfo.InvariantCulture)).Distinct()));
        message.Headers.Add("X-Alpi-Event", AlertStore.Name(notification.First.Event));
        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }

    private static void AppendBlock(StringBuilder body, AlertNotification notification)
    {
        var alert = notification.Alert;
        var what = NotificationText.Verb(notification.Event);
        body.AppendLine(CultureInfo.InvariantCulture, $"{what}: {alert.Rule} ({AlertStore.Name(alert.Severity)})")
            .AppendLine(CultureInfo.InvariantCulture, $"Host:      {alert.Tenant}/{alert.Host}");
        // Lines with nothing to say are left out: an alert without tags has no instance, a trap no value nor threshold.
        if (!string.IsNullOrWhiteSpace(alert.Instance))
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"Instance:  {alert.Instance}");
        }

        body.AppendLine(CultureInfo.InvariantCulture, $"State:     {AlertStore.Name(alert.State)}");
        if (alert.Value is { } measured)
        {
            body.Append("Value:     ").Append(Rules.AlertTemplate.Format(measured));
            if (alert.Threshold is { } limit)
            {
                body.Append(" (threshold ").Append(Rules.AlertTemplate.Format(limit)).Append(')');
            }

            body.AppendLine();
        }
        else if (alert.Threshold is { } limit)
        {
            body.Append("Threshold: ").AppendLine(Rules.AlertTemplate.Format(limit));
        }

        body.AppendLine(CultureInfo.InvariantCulture, $"Since:     {alert.ActiveSince:u}")
            .AppendLine(CultureInfo.InvariantCulture, $"At:        {notification.At:u}")
            .AppendLine(CultureInfo.InvariantCulture, $"Alert id:  {alert.Id}");
        if (NotificationText.Resolution(notification) is { } resolution)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"Resolved:  {resolution}");
        }

        if (notification.Step is { } step)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"Escalation step {step + 1}: still unacknowledged since {alert.FiredAt:u}");
        }

        if (alert.AckBy is not null)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"Acknowledged by {alert.AckBy} at {alert.AckAt:u}: {alert.AckComment}");
        }

        foreach (var (key, value) in alert.Annotations)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"{key}: {value}");
        }

        foreach (var (key, value) in alert.Labels)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"label {key}={value}");
        }
    }

    private static SecureSocketOptions Security(EmailSecurity security) => security switch
    {
        EmailSecurity.None => SecureSocketOptions.None,
        EmailSecurity.StartTls => SecureSocketOptions.StartTls,
        EmailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}
