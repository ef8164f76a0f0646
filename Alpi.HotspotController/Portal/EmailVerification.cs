using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
using Alpi.HotspotController.Accounts;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Alpi.HotspotController.Portal;

/// <summary>
/// E-mail address verification by link, active only when <see cref="PortalSmtpOptions.Host"/> is set. A
/// registration queues one message (<see cref="Enqueue"/>); this background service sends it with MailKit, so a slow
/// or absent mail server never delays the citizen's logon. A message that cannot be sent is logged and counted, not
/// retried (the account page can show that the address is not verified). The link carries the account id, the address
/// and the issue time, protected by ASP.NET Core Data Protection; <see cref="TryReadToken"/> checks it.
/// </summary>
public sealed partial class EmailVerification : BackgroundService
{
    private readonly Channel<(Account Account, Uri Link, string Lang)> _queue =
        Channel.CreateBounded<(Account, Uri, string)>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    private readonly IDataProtector _protector;
    private readonly IOptions<HotspotOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EmailVerification> _logger;
    private long _sent;
    private long _failed;

    /// <summary>Creates the service.</summary>
    public EmailVerification(IDataProtectionProvider provider, IOptions<HotspotOptions> options, TimeProvider time, ILogger<EmailVerification> logger)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _protector = provider.CreateProtector("Alpi.HotspotController.Portal.EmailVerification.v1");
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>True when SMTP is configured.</summary>
    public bool Enabled => _options.Value.Portal.Smtp.Enabled;

    /// <summary>Messages handed to the mail server.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Messages that could not be sent (server away, refused, queue full).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The token of a verification link for <paramref name="account"/>'s current address.</summary>
    /// <exception cref="ArgumentException">The account has no e-mail address.</exception>
    public string CreateToken(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrEmpty(account.Email);
        return _protector.Protect(FormattableString.Invariant($"{account.Id}\n{_time.GetUtcNow().ToUnixTimeMilliseconds()}\n{account.Email}"));
    }

    /// <summary>Reads a link's token.</summary>
    /// <returns>False, without throwing, when it is forged, malformed or older than <see cref="PortalSmtpOptions.LinkLifetime"/>.</returns>
    public bool TryReadToken(string? token, out long accountId, out string email)
    {
        accountId = 0;
        email = "";
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return false;
        }

        string text;
        try
        {
            text = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return false;
        }

        var parts = text.Split('\n', 3);
        if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out accountId)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var issued)
            || _time.GetUtcNow().ToUnixTimeMilliseconds() - issued > (long)_options.Value.Portal.Smtp.LinkLifetime.TotalMilliseconds)
        {
            return false;
        }

        email = parts[2];
        return true;
    }

    /// <summary>Queues the verification message of a new account; does nothing when SMTP is not configured.</summary>
    /// <param name="account">The account, with its e-mail address.</param>
    /// <param name="link">The absolute verification link.</param>
    /// <param name="lang">The message's language (<c>fr</c> or <c>en</c>).</param>
    public void Enqueue(Account account, Uri link, string lang)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!Enabled || account.Email is null)
        {
            return;
        }

        if (!_queue.Writer.TryWrite((account, link, lang)))
        {
            Interlocked.Increment(ref _failed);
            Log.QueueFull(_logger, account.Id);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (account, link, lang) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(account, link, lang, stoppingToken);
                Interlocked.Increment(ref _sent);
            }
            catch (Exception e) when (e is MailKit.Net.Smtp.SmtpCommandException or SmtpProtocolException or MailKit.ServiceNotConnectedException
                or AuthenticationException or SslHandshakeException or IOException or System.Net.Sockets.SocketException or TimeoutException
                or ParseException)
            {
                Interlocked.Increment(ref _failed);
                Log.SendFailed(_logger, account.Id, _options.Value.Portal.Smtp.Host, e.Message);
            }
        }
    }

    private async Task SendAsync(Account account, Uri link, string lang, CancellationToken cancellationToken)
    {
        var smtp = _options.Value.Portal.Smtp;
        var english = lang == "en";
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(account.Email!));
        message.Subject = english ? "Cigale Wi-Fi: confirm your e-mail address" : "Wi-Fi Cigale : confirmez votre adresse e-mail";
        message.Body = new TextPart("plain")
        {
            Text = english
                ? $"Hello,\n\nYou created a Cigale public Wi-Fi account with this address. To confirm it, open this link within {smtp.LinkLifetime.TotalHours:0} hours:\n\n{link.AbsoluteUri}\n\nIf you did not, ignore this message.\n"
                : $"Bonjour,\n\nVous avez créé un compte Wi-Fi public Cigale avec cette adresse. Pour la confirmer, ouvrez ce lien dans les {smtp.LinkLifetime.TotalHours:0} heures :\n\n{link.AbsoluteUri}\n\nSi ce n'est pas vous, ignorez ce message.\n",
        };
        using var client = new SmtpClient { Timeout = 30_000 };
        var security = smtp.Security switch
        {
            "SslOnConnect" => SecureSocketOptions.SslOnConnect,
            "None" => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(smtp.Host, smtp.Port, security, cancellationToken);
        if (smtp.Username.Length > 0)
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        Log.Sent(_logger, account.Id);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Verification e-mail sent for account {AccountId}")]
        public static partial void Sent(ILogger logger, long accountId);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Verification e-mail for account {AccountId} not sent through {Host}: {Reason}")]
        public static partial void SendFailed(ILogger logger, long accountId, string host, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Verification e-mail for account {AccountId} dropped: the queue is full")]
        public static partial void QueueFull(ILogger logger, long accountId);
    }
}
