namespace Alpi.HotspotController.Portal;

/// <summary>The captive portal terminals redirect browsers to (CoovaChilli UAM).</summary>
public sealed class PortalOptions
{
    /// <summary>Listening URL of the portal and the administration API. Default <c>http://127.0.0.1:8082</c>.</summary>
    public string Url { get; set; } = "http://127.0.0.1:8082";

    /// <summary>
    /// The UAM secret shared with the terminals (CoovaChilli <c>uamsecret</c>): it signs the landing URL (<c>md</c>)
    /// and mixes into the CHAP challenge. Empty means unsigned URLs are accepted (a warning is logged at start).
    /// </summary>
    public string UamSecret { get; set; } = "";

    /// <summary>
    /// The origin browsers use to reach the portal, as written in the terminals' <c>uamserver</c> setting
    /// (<c>https://portail.cigale.example</c>), when it differs from what the request says (a reverse proxy in front).
    /// Used to check the <c>md</c> signature, which covers the whole URL, and as the RFC 8908 <c>user-portal-url</c>.
    /// Empty (default): the request's own scheme and <c>Host</c>.
    /// </summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>How long the one-time logon token behind a CHAP response stays valid. Default 2 minutes; 10 s to 30 min.</summary>
    public TimeSpan LogonTokenLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a landing page's forms stay usable (the terminal's challenge is kept about as long). Default 30 minutes.
    /// </summary>
    public TimeSpan FormLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a sign-in to the account page lasts without activity. Default 20 minutes.</summary>
    public TimeSpan AccountSessionLifetime { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Login and registration attempts allowed per client IP and per device MAC (<c>Hotspot:Portal:RateLimit</c>).</summary>
    public PortalRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Who is responsible for the personal data, shown in the RGPD article 13 notice (<c>Hotspot:Portal:Privacy</c>).</summary>
    public PortalPrivacyOptions Privacy { get; set; } = new();

    /// <summary>
    /// True for a one-machine trial: the portal listens on a loopback address only (<see cref="Url"/>), with no
    /// <see cref="PublicUrl"/> and no <see cref="UamSecret"/> (no terminal signs its links to it), so no citizen can reach it.
    /// </summary>
    public bool ServesOnlyThisMachine =>
        PublicUrl.Length == 0 && UamSecret.Length == 0
        && Uri.TryCreate(Url, UriKind.Absolute, out var url)
        && (url.IsLoopback || (System.Net.IPAddress.TryParse(url.Host, out var address) && System.Net.IPAddress.IsLoopback(address)));

    /// <summary>The mail server for e-mail address verification (<c>Hotspot:Portal:Smtp</c>); unset by default, then no mail is sent.</summary>
    public PortalSmtpOptions Smtp { get; set; } = new();
}

/// <summary>
/// The SMTP server that sends the e-mail verification link after a registration. Verification is informative: a
/// citizen connects at once (they need the network to read their mail); the account records when the address was
/// verified.
/// </summary>
public sealed class PortalSmtpOptions
{
    /// <summary>Host name or address of the SMTP server; empty (default) disables e-mail verification.</summary>
    public string Host { get; set; } = "";

    /// <summary>Port. Default 587 (submission).</summary>
    public int Port { get; set; } = 587;

    /// <summary>Transport security: <c>StartTls</c> (default), <c>SslOnConnect</c> (port 465) or <c>None</c> (a local relay only).</summary>
    public string Security { get; set; } = "StartTls";

    /// <summary>User name for SMTP authentication, or empty for none.</summary>
    public string Username { get; set; } = "";

    /// <summary>Password for SMTP authentication; never logged.</summary>
    public string Password { get; set; } = "";

    /// <summary>The sender, as an address or <c>Name &lt;address&gt;</c>. Default <c>Cigale Wi-Fi &lt;no-reply@localhost&gt;</c>.</summary>
    public string From { get; set; } = "Cigale Wi-Fi <no-reply@localhost>";

    /// <summary>How long a verification link works. Default 2 days.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(2);

    /// <summary>True when a host is set.</summary>
    public bool Enabled => Host.Length > 0;
}

/// <summary>
/// Fixed-window limits on login and registration attempts (successful or not). Terminals usually NAT their clients,
/// so every device behind one terminal shares its IP at a central portal: keep the per-IP limit generous and the
/// per-MAC limit strict.
/// </summary>
public sealed class PortalRateLimitOptions
{
    /// <summary>Attempts per client IP address per <see cref="Window"/>. Default 30; at least 1.</summary>
    public int PermitsPerIp { get; set; } = 30;

    /// <summary>Attempts per device MAC address (from the UAM redirect) per <see cref="Window"/>. Default 5; at least 1.</summary>
    public int PermitsPerMac { get; set; } = 5;

    /// <summary>The window. Default 1 minute; 1 s to 1 day.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The operator of the Wi-Fi service as the terms of use and the personal-data notice name it: the facts RGPD article
/// 13.1 (a) and (b) requires at collection (the controller's identity and contact details, the DPO's contact). Required
/// by <see cref="PortalOptionsValidator"/> as soon as the portal serves terminals (<see cref="PortalOptions.ServesOnlyThisMachine"/>
/// false): the controller does not start without them. On a one-machine trial they may be left empty: a warning is
/// logged at start and the pages say that the operator is not configured.
/// </summary>
public sealed class PortalPrivacyOptions
{
    /// <summary>The controller (responsable du traitement): the operator's legal name, e.g. <c>Syndicat mixte Numérique 99</c>. Empty by default.</summary>
    public string ControllerName { get; set; } = "";

    /// <summary>The controller's postal address. Empty by default.</summary>
    public string ControllerAddress { get; set; } = "";

    /// <summary>The data-protection officer's contact address (e-mail or postal address). Empty by default.</summary>
    public string DpoContact { get; set; } = "";

    /// <summary>The keys of the operator's facts that are empty or still a bracketed placeholder (<c>[…]</c>), in order.</summary>
    public IReadOnlyList<string> MissingKeys() =>
        [.. new[] { ("ControllerName", ControllerName), ("ControllerAddress", ControllerAddress), ("DpoContact", DpoContact) }
            .Where(f => IsMissing(f.Item2)).Select(f => f.Item1)];

    /// <summary>
    /// A copy for display: a missing controller name replaced by <paramref name="operatorNotConfigured"/>, a missing
    /// address or data-protection contact by <paramref name="factNotConfigured"/> (so that the notice neither repeats the
    /// operator's wording nor names the operator as its own DPO).
    /// </summary>
    /// <param name="operatorNotConfigured">The neutral wording for the controller (<see cref="PortalText.OperatorNotConfigured"/>).</param>
    /// <param name="factNotConfigured">The wording for a missing address or contact (<see cref="PortalText.FactNotConfigured"/>).</param>
    public PortalPrivacyOptions ForDisplay(string operatorNotConfigured, string factNotConfigured) => new()
    {
        ControllerName = IsMissing(ControllerName) ? operatorNotConfigured : ControllerName,
        ControllerAddress = IsMissing(ControllerAddress) ? factNotConfigured : ControllerAddress,
        DpoContact = IsMissing(DpoContact) ? factNotConfigured : DpoContact,
        SupervisoryAuthority = SupervisoryAuthority,
    };

    private static bool IsMissing(string value) => string.IsNullOrWhiteSpace(value) || value.TrimStart().StartsWith('[');

    /// <summary>The supervisory authority where a complaint can be lodged. Default the CNIL.</summary>
    public string SupervisoryAuthority { get; set; } = "CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07 — www.cnil.fr";
}
