using Alpi.Agent.Collectors;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Collector.Security;

/// <summary>
/// Access-control figures, gathered by the local agent and published like any other metric:
/// <c>alpi_security logins=…i,login_failures=…i,lockouts=…i,logins_throttled=…i,cross_site_refused=…i,unauthenticated=…i,
/// forbidden=…i,invalid_tokens=…i,audit_failures=…i</c> (totals since start, <see cref="SecurityStatistics"/>), so that an
/// alert rule can watch for password guessing.
/// </summary>
internal sealed class SecuritySelfCollector(SecurityStatistics statistics) : IMetricCollector
{
    public string Name => "alpi_security";

    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        sink.Add(new LinePoint("alpi_security", [],
        [
            new("logins", FieldValue.Integer(statistics.Logins)),
            new("login_failures", FieldValue.Integer(statistics.LoginFailures)),
            new("lockouts", FieldValue.Integer(statistics.Lockouts)),
            new("logins_throttled", FieldValue.Integer(statistics.LoginsThrottled)),
            new("cross_site_refused", FieldValue.Integer(statistics.CrossSiteRefused)),
            new("unauthenticated", FieldValue.Integer(statistics.Unauthenticated)),
            new("forbidden", FieldValue.Integer(statistics.Forbidden)),
            new("invalid_tokens", FieldValue.Integer(statistics.InvalidTokens)),
            new("audit_failures", FieldValue.Integer(statistics.AuditFailures)),
        ], null));
        return ValueTask.CompletedTask;
    }
}
