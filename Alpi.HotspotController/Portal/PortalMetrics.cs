using System.Diagnostics.Metrics;

namespace Alpi.HotspotController.Portal;

/// <summary>
/// The portal's own figures, as <see cref="System.Diagnostics.Metrics"/> counters on the meter
/// <c>Alpi.HotspotController.Portal</c> (to be published like any other metric) and as totals readable here.
/// </summary>
public sealed class PortalMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Alpi.HotspotController.Portal";

    private readonly Meter _meter;
    private readonly Counter<long> _badRequests;
    private readonly Counter<long> _logins;
    private readonly Counter<long> _registrations;
    private readonly Counter<long> _rateLimited;
    private long _badRequestsTotal;
    private long _tamperedTotal;
    private long _loginsAccepted;
    private long _loginsRefused;
    private long _registrationsTotal;
    private long _rateLimitedTotal;

    /// <summary>Creates the meter.</summary>
    public PortalMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _badRequests = _meter.CreateCounter<long>("alpi.portal.bad_requests", description: "Refused landing queries and forms, by reason");
        _logins = _meter.CreateCounter<long>("alpi.portal.logins", description: "Login attempts, by outcome");
        _registrations = _meter.CreateCounter<long>("alpi.portal.registrations", description: "Accounts created on the portal");
        _rateLimited = _meter.CreateCounter<long>("alpi.portal.rate_limited", description: "Attempts refused by the rate limiter, by partition");
    }

    /// <summary>Refused landing queries and forms (malformed query, bad signature, expired or forged form).</summary>
    public long BadRequests => Interlocked.Read(ref _badRequestsTotal);

    /// <summary>Landing URLs whose <c>md</c> signature was missing or wrong (also in <see cref="BadRequests"/>).</summary>
    public long TamperedLinks => Interlocked.Read(ref _tamperedTotal);

    /// <summary>Logins that led to a logon redirect.</summary>
    public long LoginsAccepted => Interlocked.Read(ref _loginsAccepted);

    /// <summary>Logins refused (wrong password, unknown or blocked account).</summary>
    public long LoginsRefused => Interlocked.Read(ref _loginsRefused);

    /// <summary>Accounts created.</summary>
    public long Registrations => Interlocked.Read(ref _registrationsTotal);

    /// <summary>Attempts refused by the rate limiter.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimitedTotal);

    /// <summary>Counts a refused request.</summary>
    /// <param name="reason">A short reason: a <see cref="UamQueryProblem"/> name, <c>form</c>, <c>context</c>.</param>
    public void BadRequest(string reason)
    {
        Interlocked.Increment(ref _badRequestsTotal);
        if (reason == nameof(UamQueryProblem.BadSignature))
        {
            Interlocked.Increment(ref _tamperedTotal);
        }

        _badRequests.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>Counts a login attempt.</summary>
    public void Login(bool accepted, string outcome)
    {
        if (accepted)
        {
            Interlocked.Increment(ref _loginsAccepted);
        }
        else
        {
            Interlocked.Increment(ref _loginsRefused);
        }

        _logins.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
    }

    /// <summary>Counts an account created.</summary>
    public void Registration()
    {
        Interlocked.Increment(ref _registrationsTotal);
        _registrations.Add(1);
    }

    /// <summary>Counts an attempt refused by the rate limiter.</summary>
    public void RateLimit(PortalRateLimitPartition partition)
    {
        Interlocked.Increment(ref _rateLimitedTotal);
        _rateLimited.Add(1, new KeyValuePair<string, object?>("partition", partition.ToString().ToLowerInvariant()));
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
