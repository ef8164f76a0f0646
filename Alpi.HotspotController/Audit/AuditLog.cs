using System.Data.Common;
using System.Text;
using System.Text.Json;
using Alpi.HotspotController.Storage;
using Dapper;

namespace Alpi.HotspotController.Audit;

/// <summary>
/// The audit log (<c>audit_log</c> table): who did what and when with personal data or the access policy — each
/// connection-log export (with its criteria and row count), each read of the sessions through the administration API
/// (<see cref="AuditActions.SessionList"/>, <see cref="AuditActions.SessionSearch"/>: criteria, outcome, row count) and
/// of the accounts, devices and this log,
/// each purge, each change made through the administration API or the CLI. It is the proof asked by RGPD art. 5.2 (accountability) and art. 30.
/// Rows are only ever added, and deleted only by <see cref="PurgeAsync"/> once older than
/// <see cref="LegalLog.LegalLogOptions.AuditRetentionDays"/> (RGPD art. 5.1.e: the log names logins, MACs and addresses).
/// An entry that cannot be written is counted (<see cref="AuditStatistics.WriteFailures"/>, published as <c>audit_failures</c>).
/// </summary>
/// <param name="database">The controller's database.</param>
/// <param name="time">The clock of the entries' times.</param>
/// <param name="statistics">Where failed writes are counted; null counts nothing (a test's or a tool's own log).</param>
public sealed class AuditLog(HotspotDatabase database, TimeProvider time, AuditStatistics? statistics = null)
{
    /// <summary>Appends an entry stamped with the current time.</summary>
    /// <param name="actor">Who: an API token's name, <c>cli:&lt;user&gt;</c>, <c>system</c>, <see cref="AuditActors.Portal"/> (the citizen on the portal, the details naming the account), or <see cref="AuditActors.Radius"/>.</param>
    /// <param name="action">What: one of <see cref="AuditActions"/>.</param>
    /// <param name="details">The particulars, in order, stored as a JSON object of strings (null values kept as null); or null.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The entry's identifier.</returns>
    /// <exception cref="DbException">The entry could not be written (counted in <see cref="AuditStatistics.WriteFailures"/>).</exception>
    public async Task<long> WriteAsync(string actor, string action, IEnumerable<KeyValuePair<string, string?>>? details, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            return await connection.ExecuteScalarAsync<long>(
                "INSERT INTO audit_log (at_unix_ms, actor, action, details) VALUES (@at, @actor, @action, @details) RETURNING id",
                new { at = time.GetUtcNow().ToUnixTimeMilliseconds(), actor, action, details = details is null ? null : ToJson(details) });
        }
        catch (DbException)
        {
            // Counted here, where every entry of the controller is written; the caller decides what the failure means
            // (a read of personal data answered 503, a change reported as failed).
            statistics?.CountWriteFailure();
            throw;
        }
    }

    /// <summary>The latest entries, newest first.</summary>
    /// <param name="limit">1 to 10,000.</param>
    /// <param name="action">Only this action, or null for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, string? action, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 10_000);
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AuditEntry>("""
            SELECT id AS Id, at_unix_ms AS AtUnixMs, actor AS Actor, action AS Action, details AS Details
            FROM audit_log WHERE (@action IS NULL OR action = @action) ORDER BY id DESC LIMIT @limit
            """, new { limit, action })).AsList();
    }

    /// <summary>
    /// Deletes the entries written before <paramref name="before"/>, <paramref name="batchSize"/> rows per statement so
    /// that writers wait at most one short statement (SQLite has one writer at a time): the connection log purge's loop,
    /// <see cref="HotspotDatabase.DeleteInBatchesAsync"/>.
    /// </summary>
    /// <param name="before">The cut-off; entries stamped strictly before it go.</param>
    /// <param name="batchSize">Rows per DELETE, at least 1.</param>
    /// <param name="cancellationToken">Cancels between statements.</param>
    /// <returns>How many entries were deleted.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is less than 1.</exception>
    /// <exception cref="System.Data.Common.DbException">The database cannot be written (what was deleted stays deleted).</exception>
    public Task<long> PurgeAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken) =>
        database.DeleteInBatchesAsync("audit_log", "id", "at_unix_ms < @cutoff", before.ToUnixTimeMilliseconds(), batchSize, cancellationToken);

    private static string ToJson(IEnumerable<KeyValuePair<string, string?>> details)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in details)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

/// <summary>One row of the audit log.</summary>
/// <param name="Id">Row identifier, increasing.</param>
/// <param name="AtUnixMs">When, Unix milliseconds.</param>
/// <param name="Actor">Who.</param>
/// <param name="Action">What (<see cref="AuditActions"/>).</param>
/// <param name="Details">The particulars as a JSON object, or null.</param>
public sealed record AuditEntry(long Id, long AtUnixMs, string Actor, string Action, string? Details);

/// <summary>The actors of the audit log other than API tokens (their name) and CLI users (<c>cli:&lt;user&gt;</c>).</summary>
public static class AuditActors
{
    /// <summary>The citizen acting on their own account through the captive portal; the entry's details name the account's login.</summary>
    public const string Portal = "portal";

    /// <summary>
    /// The RADIUS server acting on a terminal's Access-Request: a logon-token login that moved a device to the account
    /// logging on (the details name the MAC, the account and the previous one).
    /// </summary>
    public const string Radius = "radius";
}

/// <summary>The actions recorded in the audit log.</summary>
public static class AuditActions
{
    /// <summary>
    /// An export of the connection log for a requisition (details: <c>category</c> <c>personal-data</c>, <c>outcome</c>
    /// <c>served</c>, criteria, rows, channel; or, for an export the API refused, outcome <c>refused</c> with the query and
    /// the reason, as <see cref="PersonalDataDetails"/> describes them).
    /// </summary>
    public const string LegalLogExport = "legal_log.export";

    /// <summary>A retention purge (details: cut-offs, sessions and accounts deleted).</summary>
    public const string LegalLogPurge = "legal_log.purge";

    /// <summary>An account created by an administrator.</summary>
    public const string UserAdd = "user.add";

    /// <summary>An account blocked (details: the disconnections).</summary>
    public const string UserBlock = "user.block";

    /// <summary>An account unblocked.</summary>
    public const string UserUnblock = "user.unblock";

    /// <summary>An account's password replaced by an administrator (details: the login; never the password).</summary>
    public const string UserPassword = "user.password";

    /// <summary>
    /// An account deleted with its devices and logon tokens, by an administrator or by its citizen on the portal (actor
    /// <see cref="AuditActors.Portal"/>), written as soon as it is committed (details: the login, and <c>sessions</c>, how
    /// many open sessions are being disconnected; their outcome follows as <see cref="SessionDisconnect"/>).
    /// </summary>
    public const string UserDelete = "user.delete";

    /// <summary>A device registered to an account by an administrator.</summary>
    public const string DeviceAdd = "device.add";

    /// <summary>
    /// A device registered to a new account by its citizen on the portal (details: the MAC, the login, and
    /// <c>previous_login</c> when the device moved from another account), actor <see cref="AuditActors.Portal"/>; or
    /// moved from another account by a logon-token login at a terminal (the same details), actor <see cref="AuditActors.Radius"/>.
    /// </summary>
    public const string DeviceRegister = "device.register";

    /// <summary>A device registration removed.</summary>
    public const string DeviceRemove = "device.remove";

    /// <summary>A device blocked (details: the disconnections).</summary>
    public const string DeviceBlock = "device.block";

    /// <summary>A device unblocked.</summary>
    public const string DeviceUnblock = "device.unblock";

    /// <summary>A NAS client added or changed (never its secret).</summary>
    public const string NasUpsert = "nas.upsert";

    /// <summary>A NAS client removed.</summary>
    public const string NasRemove = "nas.remove";

    /// <summary>
    /// A session disconnected on request (details: NAS, Acct-Session-Id, outcome, and the Error-Cause of a NAK); or the
    /// open sessions of a deleted account once their terminals answered or timed out (details: the login, then, for one
    /// session, as above, for several, <c>sessions</c> and <c>disconnected</c>, how many are known gone).
    /// </summary>
    public const string SessionDisconnect = "session.disconnect";

    /// <summary>
    /// A read of the open sessions through the administration API (<c>GET /api/admin/sessions</c>): personal data, details
    /// as <see cref="PersonalDataDetails"/> describes them.
    /// </summary>
    public const string SessionList = "session.list";

    /// <summary>
    /// A search of the recent connection log through the administration API (<c>GET /api/admin/sessions/search</c>):
    /// personal data, details as <see cref="PersonalDataDetails"/> describes them.
    /// </summary>
    public const string SessionSearch = "session.search";

    /// <summary>A read of the accounts through the administration API (<c>GET /api/admin/users</c>): personal data, details as <see cref="PersonalDataDetails"/> describes them.</summary>
    public const string UserList = "user.list";

    /// <summary>A read of the registered devices through the administration API (<c>GET /api/admin/devices</c>): personal data, details as <see cref="PersonalDataDetails"/> describes them.</summary>
    public const string DeviceList = "device.list";

    /// <summary>A read of the audit log itself through the administration API (<c>GET /api/admin/audit</c>), which names accounts, devices and addresses: details as <see cref="PersonalDataDetails"/> describes them.</summary>
    public const string AuditList = "audit.list";
}

/// <summary>
/// The words of a personal-data read's audit entry (<see cref="AuditActions.LegalLogExport"/>, <see cref="AuditActions.SessionList"/>,
/// <see cref="AuditActions.SessionSearch"/>, <see cref="AuditActions.UserList"/>, <see cref="AuditActions.DeviceList"/>,
/// <see cref="AuditActions.AuditList"/>), the collector's own (its <c>personal-data</c> category and <c>served</c>
/// outcome). The hotspot's audit log has no columns for them, so they are members of the entry's details, in this
/// order: <c>category</c> (<see cref="PersonalData"/>), <c>outcome</c> (<see cref="Served"/>, <see cref="Refused"/> or <see cref="Failed"/>),
/// what was asked — the criteria as understood (<c>from</c>, <c>to</c>, <c>ip</c>, <c>mac</c>, <c>user</c>, <c>nas</c>,
/// as an export records them; <c>user</c> for the devices, <c>action</c> for the audit log) and <c>limit</c> when served, the query string as sent (<c>query</c>, at most
/// <see cref="MaxQueryLength"/> characters) when refused or failed —, then <c>rows</c> (the number of rows served) or
/// <c>reason</c> (a refusal's <c>STATUS CODE: SENTENCE</c>, <see cref="RefusalReason"/>, or the error's message), <c>channel</c> (<c>api</c>) and <c>address</c> (the caller's IP address as
/// the controller saw it; a reverse proxy's own). Never a row of what was served.
/// </summary>
public static class PersonalDataDetails
{
    /// <summary>The category of every read of personal data, as the collector's audit log names it.</summary>
    public const string PersonalData = "personal-data";

    /// <summary>The outcome of a read that was served (the entry written before the first row left).</summary>
    public const string Served = "served";

    /// <summary>The outcome of a read refused before anything was read (a bad criterion, a period out of the window, a role that does not allow it).</summary>
    public const string Refused = "refused";

    /// <summary>The outcome of a read whose handler threw (the store could not be read): nothing was served, the error's message is the <c>reason</c>.</summary>
    public const string Failed = "failed";

    /// <summary>The most characters of a refused request's query string kept in its entry.</summary>
    public const int MaxQueryLength = 1000;

    /// <summary>
    /// The <c>reason</c> of a refused read, from the RFC 9457 problem answered, as the collector's audit writes it:
    /// <c>STATUS CODE: SENTENCE</c> (<c>400 wifi.search.ip: ip: "x" is not an IPv4 or IPv6 address</c>,
    /// <c>403 access.role: The token's role (admin) does not allow this; …</c>), <c>STATUS: SENTENCE</c> when the problem
    /// has no code (<c>400: unknown query parameter "usr"; …</c>).
    /// </summary>
    /// <param name="status">The HTTP status answered (400, 403, 404).</param>
    /// <param name="code">The problem's <c>code</c> (<see cref="Alpi.Protocols.Json.RefusalCodes"/>), or null.</param>
    /// <param name="detail">The problem's <c>detail</c>, the English sentence.</param>
    /// <returns>The reason, e.g. <c>404: no account has the login nobody@example.org</c>.</returns>
    public static string RefusalReason(int status, string? code, string detail) =>
        string.IsNullOrEmpty(code)
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{status}: {detail}")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{status} {code}: {detail}");
}
