namespace Alpi.Collector.Alerting.Notifications.Email;

/// <summary>How the e-mail channel reaches its SMTP server (<c>Collector:Alerting:Email</c>).</summary>
public sealed class EmailOptions
{
    /// <summary>SMTP server name or address; the channel is off while empty.</summary>
    public string? Host { get; set; }

    /// <summary>SMTP port. Default 25 (587 is usual with <see cref="EmailSecurity.StartTls"/>).</summary>
    public int Port { get; set; } = 25;

    /// <summary>Transport security. Default <see cref="EmailSecurity.StartTlsWhenAvailable"/>.</summary>
    public EmailSecurity Security { get; set; } = EmailSecurity.StartTlsWhenAvailable;

    /// <summary>SMTP user name; no authentication while empty.</summary>
    public string? Username { get; set; }

    /// <summary>SMTP password (never logged).</summary>
    public string? Password { get; set; }

    /// <summary>Sender address (<c>alpi@example.org</c>).</summary>
    public string From { get; set; } = "alpi@localhost";

    /// <summary>Recipient addresses (the on-call mailbox); at least one when <see cref="Host"/> is set.</summary>
    public IList<string> To { get; } = [];

    /// <summary>Prefix of every subject. Default <c>[Alpi]</c>.</summary>
    public string SubjectPrefix { get; set; } = "[Alpi]";
}

/// <summary>Transport security of the SMTP connection (MailKit's <c>SecureSocketOptions</c>).</summary>
public enum EmailSecurity
{
    /// <summary>Plain SMTP, no TLS.</summary>
    None,

    /// <summary>STARTTLS if the server offers it, plain otherwise.</summary>
    StartTlsWhenAvailable,

    /// <summary>STARTTLS required: a server without it is a failure.</summary>
    StartTls,

    /// <summary>TLS from the first octet (SMTPS, port 465).</summary>
    SslOnConnect,
}
