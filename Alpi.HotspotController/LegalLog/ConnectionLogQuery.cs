using System.Data.Common;
using System.Text;
using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Authentication;
using Alpi.HotspotController.Sessions;
using Alpi.HotspotController.Storage;
using Dapper;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.LegalLog;

/// <summary>
/// Reads the <c>sessions</c> table (the connection log, written by the accounting server) with its own SQL: open
/// sessions, one session, searches and the rows of an export. It never writes: a session ends when its NAS says so
/// (Accounting-Stop), and is removed only by <see cref="ConnectionLogPurge"/>. A session never stopped covers the time
/// from its start to its last accounting message plus <see cref="OpenSessionGrace"/>: a Stop lost when a terminal lost
/// power must not name its user for every later moment.
/// </summary>
public sealed class ConnectionLogQuery(HotspotDatabase database, IOptions<HotspotOptions> options)
{
    private readonly TimeSpan _grace = OpenSessionGrace((options ?? throw new ArgumentNullException(nameof(options))).Value);

    /// <summary>
    /// How long after its last accounting message a session never stopped still covers a moment:
    /// <see cref="LegalLogOptions.OpenSessionGraceIntervals"/> times the longest Acct-Interim-Interval sent (RFC 2869
    /// §5.16; each at least 60 s, the built-in default policy's when no <c>default</c> group is configured).
    /// </summary>
    /// <param name="options">The controller's options.</param>
    /// <returns>The grace, at least one minute.</returns>
    public static TimeSpan OpenSessionGrace(HotspotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var policies = options.Policies.ContainsKey(AccessPolicyOptions.DefaultGroup)
            ? options.Policies.Values
            : options.Policies.Values.Append(new AccessPolicyOptions());
        var longest = policies.Max(p => AccessPolicyBuilder.InterimSeconds(p.AcctInterimInterval));
        return TimeSpan.FromSeconds((double)longest * Math.Clamp(options.LegalLog.OpenSessionGraceIntervals, 1, 100));
    }

    /// <summary>The columns as <see cref="HotspotSession"/> properties.</summary>
    internal const string Columns = """
        nas AS Nas, acct_session_id AS AcctSessionId, user_name AS UserName, account_login AS AccountLogin, mac AS Mac,
        framed_ip AS FramedIp, called_station_id AS CalledStationId, nas_ip AS NasIp, started_unix_ms AS StartedUnixMs,
        updated_unix_ms AS UpdatedUnixMs, stopped_unix_ms AS StoppedUnixMs, input_octets AS InputOctets,
        output_octets AS OutputOctets, terminate_cause AS TerminateCause
        """;

    /// <summary>The session with this NAS and Acct-Session-Id, open or not, or null.</summary>
    public async Task<HotspotSession?> FindAsync(string nas, string acctSessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<HotspotSession>(
            $"SELECT {Columns} FROM sessions WHERE nas = @nas AND acct_session_id = @acctSessionId", new { nas, acctSessionId });
    }

    /// <summary>
    /// The open sessions of an account: those accounted to its login (or with it as User-Name) and those of its
    /// devices' MACs.
    /// </summary>
    /// <param name="login">The account's login (compared case-insensitively).</param>
    /// <param name="macs">The account's devices, canonical MACs.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<HotspotSession>> ListOpenForAccountAsync(string login, IReadOnlyCollection<string> macs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(macs);
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<HotspotSession>($"""
            SELECT {Columns} FROM sessions WHERE stopped_unix_ms IS NULL
              AND (account_login = @login COLLATE NOCASE OR user_name = @login COLLATE NOCASE OR {database.Dialect.InList("mac", "@macs")})
            ORDER BY started_unix_ms
            """, new { login, macs = macs.ToArray() })).AsList();
    }

    /// <summary>Sessions matching <paramref name="criteria"/>, oldest start first, at most <paramref name="limit"/>.</summary>
    /// <param name="criteria">The criteria.</param>
    /// <param name="limit">1 to 100,000.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<HotspotSession>> SearchAsync(ConnectionLogCriteria criteria, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 100_000);
        await using var connection = await database.OpenAsync(cancellationToken);
        var resolved = await WithAccountSpellingsAsync(connection, null, criteria);
        var (where, parameters) = BuildWhere(resolved, _grace);
        parameters.Add("limit", limit);
        return (await connection.QueryAsync<HotspotSession>(
            $"SELECT {Columns} FROM sessions{where} ORDER BY started_unix_ms, nas, acct_session_id LIMIT @limit", parameters)).AsList();
    }

    /// <summary>Counts the sessions matching <paramref name="criteria"/> on an open connection (inside its transaction, if any).</summary>
    internal static async Task<long> CountAsync(DbConnection connection, DbTransaction? transaction, ConnectionLogCriteria criteria, TimeSpan grace)
    {
        var (where, parameters) = BuildWhere(criteria, grace);
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM sessions{where}", parameters, transaction);
    }

    /// <summary>
    /// <paramref name="criteria"/> with <see cref="ConnectionLogCriteria.AccountSpellings"/> set when it names an account:
    /// every spelling of that login the log holds (as account login or User-Name) whose canonical form
    /// (<see cref="AccountLogins.Canonical"/>) is the account's, beside the typed one and its canonical form. The log keeps
    /// each session as it was logged: before schema 7 an account's login was kept as typed (<c>Émile@…</c>,
    /// <c>ｆｕｌｌ@…</c>), and a terminal sends the User-Name as the phone spelt it, so that a search under the login an
    /// account has now must find those rows too. Reads the distinct logins and User-Names of the whole log (one scan of
    /// <c>sessions</c>: searches by account are a data-protection officer's, rare).
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="transaction">Its transaction, if any (the export's snapshot).</param>
    /// <param name="criteria">The criteria as asked.</param>
    /// <returns>The criteria to build the query from (the same object when no account is named).</returns>
    /// <exception cref="DbException">The database cannot be read.</exception>
    internal static async Task<ConnectionLogCriteria> WithAccountSpellingsAsync(DbConnection connection, DbTransaction? transaction, ConnectionLogCriteria criteria)
    {
        if (criteria.Account is null)
        {
            return criteria;
        }

        var canonical = AccountLogins.Canonical(criteria.Account);
        var logged = await connection.QueryAsync<string>("""
            SELECT account_login FROM sessions WHERE account_login IS NOT NULL GROUP BY account_login
            UNION SELECT user_name FROM sessions WHERE user_name IS NOT NULL GROUP BY user_name
            """, transaction: transaction);
        var spellings = logged.Where(l => string.Equals(AccountLogins.Canonical(l), canonical, StringComparison.Ordinal))
            .Prepend(canonical).Prepend(criteria.Account).Distinct(StringComparer.Ordinal).ToArray();
        return criteria with { AccountSpellings = spellings };
    }

    /// <summary>Streams the sessions matching <paramref name="criteria"/>, oldest start first, on an open connection.</summary>
    internal static IAsyncEnumerable<HotspotSession> StreamAsync(DbConnection connection, DbTransaction? transaction, ConnectionLogCriteria criteria, TimeSpan grace)
    {
        var (where, parameters) = BuildWhere(criteria, grace);
        return connection.QueryUnbufferedAsync<HotspotSession>(
            $"SELECT {Columns} FROM sessions{where} ORDER BY started_unix_ms, nas, acct_session_id", parameters, transaction);
    }

    /// <summary>
    /// A WHERE clause with only the conditions given, so that the database can use the start-time index. A session
    /// never stopped ends, for the period, at its last accounting message plus <paramref name="grace"/>.
    /// </summary>
    private static (string Where, DynamicParameters Parameters) BuildWhere(ConnectionLogCriteria criteria, TimeSpan grace)
    {
        var conditions = new List<string>();
        var parameters = new DynamicParameters();
        if (criteria.OpenOnly)
        {
            conditions.Add("stopped_unix_ms IS NULL");
        }

        if (criteria.From is { } from)
        {
            conditions.Add("(stopped_unix_ms >= @from OR (stopped_unix_ms IS NULL AND updated_unix_ms >= @fromLessGrace))");
            parameters.Add("from", from.ToUnixTimeMilliseconds());
            parameters.Add("fromLessGrace", (from - grace).ToUnixTimeMilliseconds());
        }

        if (criteria.To is { } to)
        {
            conditions.Add("started_unix_ms <= @to");
            parameters.Add("to", to.ToUnixTimeMilliseconds());
        }

        if (criteria.Ip is not null)
        {
            conditions.Add("framed_ip = @ip");
            parameters.Add("ip", criteria.Ip);
        }

        if (criteria.Mac is not null)
        {
            conditions.Add("mac = @mac");
            parameters.Add("mac", criteria.Mac);
        }

        if (criteria.Account is not null)
        {
            // As typed (case aside, as the database folds it: ASCII only on SQLite) and in every spelling of the same
            // canonical login (WithAccountSpellingsAsync), so that a requisition naming JOSÉ@… finds josé@…, however the
            // phone spelt it and however the account was kept before schema 7; the rows stay as they were logged.
            var spellings = criteria.AccountSpellings ?? [criteria.Account, AccountLogins.Canonical(criteria.Account)];
            var names = new List<string>(spellings.Count);
            for (var i = 0; i < spellings.Count; i++)
            {
                parameters.Add($"account{i}", spellings[i]);
                names.Add($"@account{i}");
            }

            var list = string.Join(", ", names);
            conditions.Add($"(account_login = @account COLLATE NOCASE OR user_name = @account COLLATE NOCASE OR account_login IN ({list}) OR user_name IN ({list}))");
            parameters.Add("account", criteria.Account);
        }

        if (criteria.Nas is not null)
        {
            conditions.Add("nas = @nas");
            parameters.Add("nas", criteria.Nas);
        }

        var where = new StringBuilder();
        for (var i = 0; i < conditions.Count; i++)
        {
            where.Append(i == 0 ? " WHERE " : " AND ").Append(conditions[i]);
        }

        return (where.ToString(), parameters);
    }
}
