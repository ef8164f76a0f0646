namespace Alpi.Collector.Security;

/// <summary>
/// Access control of the collector's API and dashboard (<c>Collector:Security</c>): local accounts (stored in
/// <c>&lt;DataDirectory&gt;/security.db</c>), the first-start administrator, bearer tokens for scripts, login lockout
/// and rate limit, the session cookie and the audit log's retention. Checked at start by
/// <see cref="SecurityOptionsValidator"/>.
/// </summary>
public sealed class SecurityOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Collector:Security";

    /// <summary>
    /// At a start that finds no account at all, an administrator of this name is created with a random password,
    /// shown on the console (when it is a terminal) and written to <c>&lt;DataDirectory&gt;/initial-admin-password</c>,
    /// readable by its owner only. Empty to create none (then add one with <c>users add</c>). Default <c>admin</c>.
    /// </summary>
    public string BootstrapAdmin { get; set; } = "admin";

    /// <summary>
    /// Bearer tokens for scripts and other tools, by name (<c>Collector:Security:Tokens:&lt;name&gt;:…</c>); the name is
    /// the actor <c>token:&lt;name&gt;</c> of the audit log. None by default.
    /// </summary>
    public Dictionary<string, ApiTokenOptions> Tokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Failed logins in a row after which an account is locked (1–100, default 5).</summary>
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>How long a locked account refuses every login, even with its password (1 second to 1 day, default 15 minutes).</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Login attempts (<c>POST /login</c>) accepted from one IP address per <see cref="LoginRateWindow"/> (1–10,000, default 10); beyond, refused and counted.</summary>
    public int LoginAttemptsPerWindow { get; set; } = 10;

    /// <summary>The fixed window of <see cref="LoginAttemptsPerWindow"/> (1 second to 1 hour, default 1 minute).</summary>
    public TimeSpan LoginRateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A session cookie unused this long expires; each use renews it (5 minutes to 30 days, default 8 hours).</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// <c>true</c> to mark the session cookie <c>Secure</c> even on plain HTTP (behind a TLS-terminating proxy);
    /// default <c>false</c>: <c>Secure</c> exactly when the request came over HTTPS.
    /// </summary>
    public bool SecureCookieAlways { get; set; }

    /// <summary>
    /// Origins (<c>https://supervision.example.org</c>) accepted, besides the request's own, on cookie-authenticated
    /// state-changing requests: the public address when a reverse proxy changes the scheme or host. Empty by default.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Audit entries older than this many days are deleted, at start and every day (30–3,650, default 365).</summary>
    public int AuditRetentionDays { get; set; } = 365;
}

/// <summary>One bearer token (<c>Collector:Security:Tokens:&lt;name&gt;</c>): exactly one of <see cref="Token"/> or <see cref="Hash"/>, and a scope.</summary>
public sealed class ApiTokenOptions
{
    /// <summary>The shortest token accepted, characters (128 bits as hexadecimal).</summary>
    public const int MinTokenLength = 32;

    /// <summary>The secret itself (at least <see cref="MinTokenLength"/> characters, e.g. <c>openssl rand -hex 32</c>); hashed at start and never kept or logged.</summary>
    public string? Token { get; set; }

    /// <summary>The token's SHA-256 as 64 hexadecimal digits (<c>users</c> CLI: <c>tokens new</c> or <c>tokens hash</c>), so that the configuration holds no secret.</summary>
    public string? Hash { get; set; }

    /// <summary><c>read</c> (the read API, as a viewer) or <c>admin</c> (everything an administrator may do). See <see cref="Authorization.TokenScopes"/>.</summary>
    public string Scope { get; set; } = "";
}
