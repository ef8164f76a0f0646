using Alpi.Collector.Security.Storage;
using Dapper;

namespace Alpi.Collector.Security.Audit;

/// <summary>
/// The collector's audit log (<c>audit_log</c> table of <see cref="SecurityDatabase"/>): who, when, from which
/// address, what, on what, with which outcome — for logins, account changes, every state-changing API request and every
/// access to personal data. It is the proof asked by RGPD art. 5.2 (accountability) and 32 (security of processing).
/// Rows are only added, and deleted once older than the retention (<see cref="PurgeAsync"/>).
/// </summary>
public sealed class AuditLog(SecurityDatabase database, TimeProvider time)
{
    /// <summary>The most entries one query returns.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>Appends an entry stamped with the current time.</summary>
    /// <param name="entry">What to record; its <see cref="AuditEntry.Id"/> and <see cref="AuditEntry.At"/> are ignored.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The entry's identifier.</returns>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The file cannot be written.</exception>
    public async Task<long> WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO audit_log (at_unix_ms, actor, address, category, action, target, outcome, details)
            VALUES (@at, @actor, @address, @category, @action, @target, @outcome, @details) RETURNING id
            """, new
        {
            at = time.GetUtcNow().ToUnixTimeMilliseconds(),
            actor = entry.Actor,
            address = entry.Address,
            category = entry.Category,
            action = entry.Action,
            target = entry.Target,
            outcome = entry.Outcome,
            details = entry.Details,
        });
    }

    /// <summary>Entries newest first, filtered by each criterion that is not null.</summary>
    /// <param name="query">The criteria; <see cref="AuditQuery.Limit"/> 1 to <see cref="MaxLimit"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentOutOfRangeException">The limit is out of range.</exception>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxLimit);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>("""
            SELECT id AS Id, at_unix_ms AS AtUnixMs, actor AS Actor, address AS Address, category AS Category, action AS Action,
                   target AS Target, outcome AS Outcome, details AS Details
            FROM audit_log
            WHERE (@actor IS NULL OR actor = @actor) AND (@category IS NULL OR category = @category)
              AND (@action IS NULL OR action = @action)
              AND (@from IS NULL OR at_unix_ms >= @from) AND (@to IS NULL OR at_unix_ms < @to)
            ORDER BY id DESC LIMIT @limit
            """, new
        {
            actor = query.Actor,
            category = query.Category,
            action = query.Action,
            from = query.From?.ToUnixTimeMilliseconds(),
            to = query.To?.ToUnixTimeMilliseconds(),
            limit = query.Limit,
        });
        return rows.Select(r => new AuditEntry(r.Actor, r.Address, r.Category, r.Action, r.Target, r.Outcome, r.Details)
        {
            Id = r.Id,
            At = DateTimeOffset.FromUnixTimeMilliseconds(r.AtUnixMs),
        }).ToList();
    }

    /// <summary>Deletes the entries older than <paramref name="retentionDays"/> days.</summary>
    /// <returns>The number deleted.</returns>
    public async Task<int> PurgeAsync(int retentionDays, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retentionDays, 1);
        var cutoff = (time.GetUtcNow() - TimeSpan.FromDays(retentionDays)).ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("DELETE FROM audit_log WHERE at_unix_ms < @cutoff", new { cutoff });
    }

    private sealed class Row
    {
        public long Id { get; set; }

        public long AtUnixMs { get; set; }

        public string Actor { get; set; } = "";

        public string? Address { get; set; }

        public string Category { get; set; } = "";

        public string Action { get; set; } = "";

        public string? Target { get; set; }

        public string Outcome { get; set; } = "";

        public string? Details { get; set; }
    }
}

/// <summary>One audit entry.</summary>
/// <param name="Actor">Who: an account name, <c>token:&lt;name&gt;</c>, <c>cli:&lt;system user&gt;</c>, <c>system</c>, or <c>(unknown account)</c> for a login under a name that does not exist (the typed text is not kept: it is sometimes a password).</param>
/// <param name="Address">The client's IP address as the server saw it, or null (CLI, system).</param>
/// <param name="Category">One of <see cref="AuditCategories"/>.</param>
/// <param name="Action">What: one of <see cref="AuditActions"/>, or <c>METHOD /route/template</c> for an API request.</param>
/// <param name="Target">On what: the account, or the request's path and query; or null.</param>
/// <param name="Outcome">How it ended: an HTTP status code (<c>200</c>), <c>ok</c>, or the reason of a refusal; for a read of personal data <c>served</c>, <c>refused</c> (its status, code and sentence in <paramref name="Details"/>) or <c>failed</c> (<see cref="AuditMiddleware"/>).</param>
/// <param name="Details">More, as text, or null; never a password or token.</param>
public sealed record AuditEntry(string Actor, string? Address, string Category, string Action, string? Target, string Outcome, string? Details)
{
    /// <summary>The entry's identifier, increasing (0 before it is written).</summary>
    public long Id { get; init; }

    /// <summary>When it was written (default before it is written).</summary>
    public DateTimeOffset At { get; init; }
}

/// <summary>Criteria of <see cref="AuditLog.ListAsync"/>; null matches everything.</summary>
/// <param name="Limit">At most this many entries, newest first (1 to <see cref="AuditLog.MaxLimit"/>).</param>
/// <param name="Actor">Exactly this actor.</param>
/// <param name="Category">Exactly this category.</param>
/// <param name="Action">Exactly this action.</param>
/// <param name="From">At or after.</param>
/// <param name="To">Before.</param>
public sealed record AuditQuery(int Limit = 100, string? Actor = null, string? Category = null, string? Action = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>The categories of the audit log.</summary>
public static class AuditCategories
{
    /// <summary>Logins, logouts, lockouts, refused logins.</summary>
    public const string Authentication = "authentication";

    /// <summary>Account changes and every state-changing API request (acknowledgements, silences, maintenance windows…).</summary>
    public const string Administration = "administration";

    /// <summary>Reads of personal data (on-call people, the audit log itself, Wi-Fi sessions), served or refused.</summary>
    public const string PersonalData = "personal-data";
}

/// <summary>The named actions of the audit log (API requests are recorded under their method and route instead).</summary>
public static class AuditActions
{
    /// <summary>A successful login.</summary>
    public const string Login = "login";

    /// <summary>A refused login (outcome: <c>unknown_account</c>, <c>wrong_password</c>, <c>locked</c>, <c>throttled</c>).</summary>
    public const string LoginRefused = "login.refused";

    /// <summary>An account locked by this failure.</summary>
    public const string Lockout = "lockout";

    /// <summary>A logout.</summary>
    public const string Logout = "logout";

    /// <summary>An account created (details: its role).</summary>
    public const string AccountAdd = "account.add";

    /// <summary>A password set by an administrator or the account's owner.</summary>
    public const string AccountPassword = "account.password";

    /// <summary>A role changed (details: old → new).</summary>
    public const string AccountRole = "account.role";

    /// <summary>A lockout ended by an administrator.</summary>
    public const string AccountUnlock = "account.unlock";

    /// <summary>An account disabled by an administrator (its logins refused, its sessions ended).</summary>
    public const string AccountDisable = "account.disable";

    /// <summary>A disabled account enabled again.</summary>
    public const string AccountEnable = "account.enable";

    /// <summary>An account removed.</summary>
    public const string AccountRemove = "account.remove";

    /// <summary>The first-start administrator created.</summary>
    public const string Bootstrap = "account.bootstrap";

    /// <summary>Entries older than the retention deleted (details: how many).</summary>
    public const string Purge = "audit.purge";
}
