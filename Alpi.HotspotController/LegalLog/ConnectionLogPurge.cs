using System.Globalization;
using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.LegalLog;

/// <summary>
/// Enforces the retention limits (RGPD art. 5.1.e): deletes the sessions stopped more than
/// <see cref="LegalLogOptions.RetentionDays"/> ago (CPCE R10-13: one year, counted from the end of the connection), and
/// those never stopped whose last accounting message plus <see cref="ConnectionLogQuery.OpenSessionGrace"/> is that old
/// (a lost Accounting-Stop: the export treats the session as ended then). Never by the start time: a session open for longer than the
/// retention, still accounted by its NAS, is kept whole, since its year has not begun to run. Then the accounts inactive for more than
/// <see cref="LegalLogOptions.AccountInactivityDays"/>, with their devices (<see cref="AccountStore.DeleteInactiveAsync"/>),
/// and the audit-log entries older than <see cref="LegalLogOptions.AuditRetentionDays"/> (<see cref="AuditLog.PurgeAsync"/>).
/// Sessions go in batches of <see cref="BatchSize"/>, each its own short transaction, so the accounting server is
/// never held up for long. Each run is recorded in the audit log, which proves the limits are applied.
/// Run daily by <see cref="ConnectionLogPurgeJob"/>.
/// </summary>
public sealed partial class ConnectionLogPurge(HotspotDatabase database, AccountStore accounts, AuditLog audit, IOptions<HotspotOptions> options, TimeProvider time, ILogger<ConnectionLogPurge> logger)
{
    /// <summary>Sessions deleted per transaction.</summary>
    public const int BatchSize = 5000;

    /// <summary>Purges now, with the current time of the injected <see cref="TimeProvider"/>.</summary>
    /// <returns>What was deleted and the cut-offs applied.</returns>
    /// <exception cref="System.Data.Common.DbException">The database cannot be written (the next run retries).</exception>
    public async Task<ConnectionLogPurgeResult> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.LegalLog;
        var now = time.GetUtcNow();
        var sessionCutoff = now - TimeSpan.FromDays(settings.RetentionDays);
        var accountCutoff = now - TimeSpan.FromDays(settings.AccountInactivityDays);
        var cutoff = sessionCutoff.ToUnixTimeMilliseconds();
        var stopped = await DeleteSessionsAsync("stopped_unix_ms < @cutoff", cutoff, cancellationToken);
        // Never by its start: a session open for longer than the retention is kept while its NAS still accounts it. One
        // never stopped ends, for the export, at its last accounting message plus the grace: its year runs from then.
        var unstoppedCutoff = cutoff - (long)ConnectionLogQuery.OpenSessionGrace(options.Value).TotalMilliseconds;
        var unstopped = await DeleteSessionsAsync("stopped_unix_ms IS NULL AND updated_unix_ms < @cutoff", unstoppedCutoff, cancellationToken);
        var sessions = stopped + unstopped;
        var accountsDeleted = await accounts.DeleteInactiveAsync(accountCutoff, cancellationToken);
        var auditCutoff = now - TimeSpan.FromDays(settings.AuditRetentionDays);
        var auditDeleted = await audit.PurgeAsync(auditCutoff, BatchSize, cancellationToken);
        var result = new ConnectionLogPurgeResult(sessions, accountsDeleted, sessionCutoff, accountCutoff)
        {
            UnstoppedSessionsDeleted = unstopped, AuditEntriesDeleted = auditDeleted, AuditCutoff = auditCutoff,
        };
        await audit.WriteAsync("system", AuditActions.LegalLogPurge,
        [
            new("sessions_before", sessionCutoff.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
            new("sessions_deleted", sessions.ToString(CultureInfo.InvariantCulture)),
            new("unstopped_sessions_deleted", unstopped.ToString(CultureInfo.InvariantCulture)),
            new("accounts_inactive_before", accountCutoff.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
            new("accounts_deleted", accountsDeleted.ToString(CultureInfo.InvariantCulture)),
            new("audit_before", auditCutoff.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
            new("audit_entries_deleted", auditDeleted.ToString(CultureInfo.InvariantCulture)),
        ], cancellationToken);
        Log.Purged(logger, stopped, sessionCutoff, unstopped, accountsDeleted, accountCutoff, auditDeleted, auditCutoff);
        return result;
    }

    /// <summary>Deletes the sessions matching <paramref name="condition"/> (on <c>@cutoff</c>), a batch per transaction (<see cref="HotspotDatabase.DeleteInBatchesAsync"/>).</summary>
    private Task<long> DeleteSessionsAsync(string condition, long cutoff, CancellationToken cancellationToken) =>
        database.DeleteInBatchesAsync("sessions", "nas, acct_session_id", condition, cutoff, BatchSize, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Connection log purge: {Stopped} session(s) stopped before {SessionCutoff:O}, {Unstopped} session(s) never stopped whose last accounting plus the open-session grace is before it, {Accounts} account(s) inactive since before {AccountCutoff:O}, and {AuditEntries} audit-log record(s) written before {AuditCutoff:O} deleted")]
        public static partial void Purged(ILogger logger, long stopped, DateTimeOffset sessionCutoff, long unstopped, int accounts, DateTimeOffset accountCutoff, long auditEntries, DateTimeOffset auditCutoff);
    }
}

/// <summary>What one purge deleted.</summary>
/// <param name="SessionsDeleted">Sessions removed from the connection log, stopped or not (<see cref="UnstoppedSessionsDeleted"/>).</param>
/// <param name="AccountsDeleted">Accounts removed, with their devices.</param>
/// <param name="SessionCutoff">Sessions that ended (or were last heard of) before this were deleted.</param>
/// <param name="AccountCutoff">Accounts inactive since before this were deleted.</param>
public sealed record ConnectionLogPurgeResult(long SessionsDeleted, int AccountsDeleted, DateTimeOffset SessionCutoff, DateTimeOffset AccountCutoff)
{
    /// <summary>Of <see cref="SessionsDeleted"/>, those never stopped (a lost Accounting Stop) whose last accounting message was before the cut-off.</summary>
    public long UnstoppedSessionsDeleted { get; init; }

    /// <summary>Audit-log entries deleted, written before <see cref="AuditCutoff"/>.</summary>
    public long AuditEntriesDeleted { get; init; }

    /// <summary>The audit log's cut-off: now minus <see cref="LegalLogOptions.AuditRetentionDays"/>.</summary>
    public DateTimeOffset AuditCutoff { get; init; }
}
