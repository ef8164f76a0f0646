namespace Alpi.Collector.Security;

/// <summary>
/// Counters of access control since the collector started, published as <c>alpi_security</c> by
/// <see cref="SecuritySelfCollector"/>. Thread-safe.
/// </summary>
public sealed class SecurityStatistics
{
    private long _logins;
    private long _loginFailures;
    private long _lockouts;
    private long _loginsThrottled;
    private long _crossSiteRefused;
    private long _unauthenticated;
    private long _forbidden;
    private long _invalidTokens;
    private long _auditFailures;

    /// <summary>Successful logins.</summary>
    public long Logins => Interlocked.Read(ref _logins);

    /// <summary>Refused logins: unknown account, wrong password or locked account (throttled attempts are counted apart).</summary>
    public long LoginFailures => Interlocked.Read(ref _loginFailures);

    /// <summary>Accounts locked by a failure.</summary>
    public long Lockouts => Interlocked.Read(ref _lockouts);

    /// <summary>Login attempts refused by the per-address rate limit.</summary>
    public long LoginsThrottled => Interlocked.Read(ref _loginsThrottled);

    /// <summary>Cookie-authenticated state-changing requests refused because they came from another origin.</summary>
    public long CrossSiteRefused => Interlocked.Read(ref _crossSiteRefused);

    /// <summary>Requests answered 401 or sent to the login page.</summary>
    public long Unauthenticated => Interlocked.Read(ref _unauthenticated);

    /// <summary>Requests answered 403 because the role does not allow them.</summary>
    public long Forbidden => Interlocked.Read(ref _forbidden);

    /// <summary>Requests with a bearer token that matches no configured token.</summary>
    public long InvalidTokens => Interlocked.Read(ref _invalidTokens);

    /// <summary>Audit entries that could not be written.</summary>
    public long AuditFailures => Interlocked.Read(ref _auditFailures);

    internal void Login() => Interlocked.Increment(ref _logins);

    internal void LoginFailure() => Interlocked.Increment(ref _loginFailures);

    internal void Lockout() => Interlocked.Increment(ref _lockouts);

    internal void LoginThrottled() => Interlocked.Increment(ref _loginsThrottled);

    internal void CrossSite() => Interlocked.Increment(ref _crossSiteRefused);

    internal void Challenge() => Interlocked.Increment(ref _unauthenticated);

    internal void Forbid() => Interlocked.Increment(ref _forbidden);

    internal void InvalidToken() => Interlocked.Increment(ref _invalidTokens);

    internal void AuditFailure() => Interlocked.Increment(ref _auditFailures);
}
