using Alpi.HotspotController.Storage;
using Dapper;

namespace Alpi.HotspotController.Sessions;

/// <summary>
/// Wi-Fi sessions in <see cref="HotspotDatabase"/> (table <c>sessions</c>, keyed by NAS name and Acct-Session-Id): the
/// accounting state and the legal connection log. Writes are idempotent, so a retransmitted or reordered accounting
/// message changes nothing twice: a session is created by whichever of Start, Interim-Update or Stop comes first, octet
/// counters only grow, a stopped session stays stopped at its first stop time. Every method opens and closes its own
/// connection; a write is durable (SQLite synchronous = FULL, PostgreSQL synchronous_commit = on) when its task completes.
/// </summary>
public sealed class SessionStore(HotspotDatabase database)
{
    private const string Columns = """
        nas AS Nas, acct_session_id AS AcctSessionId, user_name AS UserName, account_login AS AccountLogin, mac AS Mac,
        framed_ip AS FramedIp, called_station_id AS CalledStationId, nas_ip AS NasIp, started_unix_ms AS StartedUnixMs,
        updated_unix_ms AS UpdatedUnixMs, stopped_unix_ms AS StoppedUnixMs, input_octets AS InputOctets,
        output_octets AS OutputOctets, terminate_cause AS TerminateCause, nas_identifier AS NasIdentifier
        """;

    /// <summary>
    /// Records one accounting message (RFC 2866 §4.1). A session not yet known is created, starting at
    /// <see cref="SessionUpdate.At"/> for a Start, or at <c>At − Acct-Session-Time</c> for an Interim-Update or Stop
    /// (the Start was lost). For a known session: a Start sets the start time; identity fields (user, account, MAC) are
    /// filled when still empty; the Framed-IP-Address and Called-Station-Id take the latest non-null value; octet counts
    /// keep the largest value seen; a Stop sets the stop time and cause only once, never before the session's start (a
    /// Stop dated earlier by its Acct-Delay-Time stops the session at its start: the caller compares and reports).
    /// </summary>
    /// <returns>The session as stored after the write.</returns>
    /// <exception cref="System.Data.Common.DbException">The database cannot be written; nothing was recorded.</exception>
    public async Task<HotspotSession> ApplyAsync(SessionUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var at = update.At.ToUnixTimeMilliseconds();
        var started = update.Event == SessionEvent.Start || update.SessionTime is null
            ? at
            : at - (long)update.SessionTime.Value.TotalMilliseconds;
        var dialect = database.Dialect;
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<HotspotSession>($"""
            INSERT INTO sessions (nas, acct_session_id, user_name, account_login, mac, framed_ip, called_station_id, nas_ip,
                                  started_unix_ms, updated_unix_ms, stopped_unix_ms, input_octets, output_octets, terminate_cause, nas_identifier)
            VALUES (@Nas, @AcctSessionId, @UserName, @AccountLogin, @Mac, @FramedIp, @CalledStationId, @NasIp,
                    @started, @at, @stopped, COALESCE(@InputOctets, 0), COALESCE(@OutputOctets, 0), @cause, @NasIdentifier)
            ON CONFLICT (nas, acct_session_id) DO UPDATE SET
                user_name = COALESCE(sessions.user_name, excluded.user_name),
                account_login = COALESCE(sessions.account_login, excluded.account_login),
                mac = COALESCE(sessions.mac, excluded.mac),
                framed_ip = COALESCE(excluded.framed_ip, sessions.framed_ip),
                called_station_id = COALESCE(excluded.called_station_id, sessions.called_station_id),
                nas_ip = COALESCE(excluded.nas_ip, sessions.nas_ip),
                nas_identifier = COALESCE(excluded.nas_identifier, sessions.nas_identifier),
                started_unix_ms = CASE WHEN @isStart THEN excluded.started_unix_ms ELSE sessions.started_unix_ms END,
                updated_unix_ms = {dialect.Greatest("sessions.updated_unix_ms", "excluded.updated_unix_ms")},
                stopped_unix_ms = COALESCE(sessions.stopped_unix_ms,
                    CASE WHEN excluded.stopped_unix_ms < sessions.started_unix_ms THEN sessions.started_unix_ms ELSE excluded.stopped_unix_ms END),
                input_octets = {dialect.Greatest("sessions.input_octets", "excluded.input_octets")},
                output_octets = {dialect.Greatest("sessions.output_octets", "excluded.output_octets")},
                terminate_cause = COALESCE(sessions.terminate_cause, excluded.terminate_cause)
            RETURNING {Columns}
            """, new
        {
            update.Nas,
            update.AcctSessionId,
            update.UserName,
            update.AccountLogin,
            update.Mac,
            update.FramedIp,
            update.CalledStationId,
            update.NasIp,
            update.NasIdentifier,
            update.InputOctets,
            update.OutputOctets,
            started,
            at,
            stopped = update.Event == SessionEvent.Stop ? at : (long?)null,
            cause = update.Event == SessionEvent.Stop ? update.TerminateCause : null,
            isStart = update.Event == SessionEvent.Start,
        });
    }

    /// <summary>
    /// Closes the open sessions of a NAS that started before <paramref name="at"/>, on its Accounting-On or
    /// Accounting-Off (RFC 2866 §5.1): stop time <paramref name="at"/>, the latest moment they can have lasted.
    /// Sessions started afterwards (after the reboot) stay open, so a repeated Accounting-On changes nothing.
    /// </summary>
    /// <param name="nas">The NAS client's name.</param>
    /// <param name="at">When the NAS came up or went down.</param>
    /// <param name="terminateCause">The cause recorded (e.g. <c>NAS-Reboot</c>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The number of sessions closed.</returns>
    /// <exception cref="System.Data.Common.DbException">The database cannot be written.</exception>
    public async Task<int> CloseOpenAsync(string nas, DateTimeOffset at, string terminateCause, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync($"""
            UPDATE sessions SET stopped_unix_ms = @at, updated_unix_ms = {database.Dialect.Greatest("updated_unix_ms", "@at")}, terminate_cause = COALESCE(terminate_cause, @terminateCause)
            WHERE nas = @nas AND stopped_unix_ms IS NULL AND started_unix_ms <= @at
            """, new { nas, at = at.ToUnixTimeMilliseconds(), terminateCause });
    }

    /// <summary>The session of <paramref name="nas"/> with this Acct-Session-Id, open or not, or null.</summary>
    public async Task<HotspotSession?> FindAsync(string nas, string acctSessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<HotspotSession>(
            $"SELECT {Columns} FROM sessions WHERE nas = @nas AND acct_session_id = @acctSessionId", new { nas, acctSessionId });
    }

    /// <summary>The open sessions (no stop yet), of one NAS or of all when <paramref name="nas"/> is null, most recently started first.</summary>
    public async Task<IReadOnlyList<HotspotSession>> ListOpenAsync(string? nas, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<HotspotSession>(
            $"SELECT {Columns} FROM sessions WHERE stopped_unix_ms IS NULL AND (@nas IS NULL OR nas = @nas) ORDER BY started_unix_ms DESC, nas, acct_session_id",
            new { nas })).AsList();
    }

    /// <summary>
    /// True when a session is open (no stop yet) for the device at <paramref name="framedIp"/> (Framed-IP-Address,
    /// RFC 2865 §5.8), on the terminal <paramref name="nasIdentifier"/> when given: the RFC 8908 API's "is this client
    /// through the portal". The terminal is matched by the NAS-Identifier it reported in accounting (what CoovaChilli
    /// puts as <c>nasid</c> in URLs), or by the NAS client's name for sessions accounted without one.
    /// </summary>
    /// <param name="framedIp">The device's address as text (<c>10.1.0.5</c>).</param>
    /// <param name="nasIdentifier">The terminal's NAS-Identifier, or null or empty for any terminal.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="System.Data.Common.DbException">The database cannot be read.</exception>
    public async Task<bool> HasOpenSessionAsync(string framedIp, string? nasIdentifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(framedIp);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM sessions WHERE framed_ip = @framedIp AND stopped_unix_ms IS NULL
                           AND (@nasIdentifier = '' OR COALESCE(nas_identifier, nas) = @nasIdentifier))
            """, new { framedIp, nasIdentifier = nasIdentifier ?? "" });
    }

    /// <summary>The number of open sessions per NAS name (NAS without open sessions are absent): the active-session gauge per terminal.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountOpenByNasAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Nas, long Count)>(
            "SELECT nas, COUNT(*) FROM sessions WHERE stopped_unix_ms IS NULL GROUP BY nas");
        return rows.ToDictionary(r => r.Nas, r => (int)r.Count, StringComparer.Ordinal);
    }
}
