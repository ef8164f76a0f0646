using System.Data.Common;
using Alpi.HotspotController.Storage;
using Dapper;

namespace Alpi.HotspotController.Accounts;

/// <summary>Accounts in <see cref="HotspotDatabase"/>. Every method opens and closes its own connection.</summary>
public sealed class AccountStore(HotspotDatabase database)
{
    // The logins migration 7 left apart, read once (LeftApartAsync); null until then.
    private IReadOnlyList<(long Id, string Canonical)>? _leftApart;

    private const string Columns = """
        id AS Id, login AS Login, email AS Email, password_hash AS PasswordHash, email_verified AS EmailVerified,
        blocked AS Blocked, terms_accepted_unix_ms AS TermsAcceptedUnixMs, created_unix_ms AS CreatedUnixMs,
        last_active_unix_ms AS LastActiveUnixMs
        """;

    /// <summary>Creates an account.</summary>
    /// <param name="login">Login (e-mail address for portal registrations), as <see cref="AccountLogins.Error"/> takes it; stored in its <see cref="AccountLogins.Canonical"/> form (trimmed, halfwidth, lower case, NFC).</param>
    /// <param name="email">E-mail address, or null.</param>
    /// <param name="passwordHash">A hash from <see cref="AccountPasswords.Hash"/>.</param>
    /// <param name="termsAccepted">When the terms and the data notice were accepted, or null (administrator-made accounts).</param>
    /// <param name="now">Creation time.</param>
    /// <returns>
    /// The account, or null when the login is taken in any spelling (the canonical forms are compared, those of logins
    /// migration 7 left apart too: <see cref="ListSameLoginAsync"/> names them).
    /// </returns>
    /// <exception cref="ArgumentNullException">The login is null.</exception>
    /// <exception cref="ArgumentException">The login is one <see cref="AccountLogins.Error"/> refuses (empty, too long, a control or invisible character…); the message says why.</exception>
    public async Task<Account?> CreateAsync(string login, string? email, string passwordHash, DateTimeOffset? termsAccepted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        var canonical = AccountLogins.Canonical(login);

        // The login as typed first, for a message naming what was typed; then its canonical form, which can be longer
        // (U+0130 becomes two code points).
        if ((AccountLogins.Error(login) ?? AccountLogins.Error(canonical)) is { } error)
        {
            throw new ArgumentException(error, nameof(login));
        }

        await using var connection = await database.OpenAsync(cancellationToken);

        // Logins left apart by migration 7 are not canonical: the unique index does not see them (josé typed as JOSÉ,
        // José and jose + U+0301 left apart, none canonical), so they are looked for first.
        if ((await LeftApartIdsAsync(connection, canonical, cancellationToken)).Count > 0)
        {
            return null;
        }

        // A login taken (the same canonical form) inserts nothing and returns no row.
        var id = await connection.ExecuteScalarAsync<long?>("""
            INSERT INTO accounts (login, email, password_hash, terms_accepted_unix_ms, created_unix_ms, last_active_unix_ms)
            VALUES (@canonical, @email, @passwordHash, @terms, @now, @now) ON CONFLICT DO NOTHING RETURNING id
            """, new { canonical, email, passwordHash, terms = termsAccepted?.ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds() });
        return id is null ? null : await FindAsync(connection, "id = @id", new { id });
    }

    /// <summary>
    /// The account with this login in any spelling, or null: the one whose login is <paramref name="login"/> exactly
    /// (trimmed), else the one whose login is its <see cref="AccountLogins.Canonical"/> form. Every login written since
    /// migration 7 is canonical, and so are the older ones, except where two accounts had the same canonical form
    /// (<see cref="AccountLoginMigration"/> left both as they were): each of those is still found by its exact spelling,
    /// as before, and any other spelling finds the canonical one if there is one.
    /// </summary>
    /// <param name="login">The login as typed, pasted, or sent as the RADIUS User-Name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentNullException"><paramref name="login"/> is null.</exception>
    /// <exception cref="DbException">The database cannot be read.</exception>
    public async Task<Account?> FindByLoginAsync(string login, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var (canonical, typed) = Spellings(login);
        return await FindAsync(connection, ByLogin, new { canonical, typed });
    }

    /// <summary>
    /// Every account whose login is <paramref name="login"/> in any spelling (<see cref="AccountLogins.Canonical"/> forms
    /// equal), by login: the canonical one, and those <see cref="AccountLoginMigration"/> left apart because they shared
    /// a canonical form (<c>José@…</c>, <c>JOSÉ@…</c>), which <see cref="FindByLoginAsync"/> finds by their exact
    /// spelling only. Empty when the login is free. The logins left apart are not canonical, so no index finds them:
    /// they are read once per store, by one read of every login, then each call costs an indexed read.
    /// </summary>
    /// <param name="login">The login as typed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentNullException"><paramref name="login"/> is null.</exception>
    public async Task<IReadOnlyList<Account>> ListSameLoginAsync(string login, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = await SameLoginIdsAsync(connection, AccountLogins.Canonical(login), cancellationToken);
        return ids.Count == 0
            ? []
            : (await connection.QueryAsync<Account>(new CommandDefinition($"SELECT {Columns} FROM accounts WHERE id IN ({string.Join(", ", ids)}) ORDER BY login",
                cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>
    /// The ids of the accounts whose login's canonical form is <paramref name="canonical"/>: the one stored in that form
    /// (by the unique index), and those migration 7 left apart (<see cref="LeftApartAsync"/>) that still exist.
    /// </summary>
    private async Task<List<long>> SameLoginIdsAsync(DbConnection connection, string canonical, CancellationToken cancellationToken)
    {
        var ids = (await connection.QueryAsync<long>(new CommandDefinition("SELECT id FROM accounts WHERE login = @canonical", new { canonical },
            cancellationToken: cancellationToken))).AsList();
        ids.AddRange(await LeftApartIdsAsync(connection, canonical, cancellationToken));
        return ids;
    }

    /// <summary>
    /// The ids of the accounts migration 7 left apart (<see cref="LeftApartAsync"/>) whose canonical form is
    /// <paramref name="canonical"/> and that still exist; no read of the database when none has that form.
    /// </summary>
    private async Task<IReadOnlyList<long>> LeftApartIdsAsync(DbConnection connection, string canonical, CancellationToken cancellationToken)
    {
        var leftApart = (await LeftApartAsync(connection, cancellationToken)).Where(e => string.Equals(e.Canonical, canonical, StringComparison.Ordinal))
            .Select(e => e.Id).ToList();
        return leftApart.Count == 0
            ? []
            : (await connection.QueryAsync<long>(new CommandDefinition($"SELECT id FROM accounts WHERE id IN ({string.Join(", ", leftApart)})",
                cancellationToken: cancellationToken))).AsList(); // deleted since they were read: not counted
    }

    /// <summary>
    /// Forgets the logins left apart read so far, so that the next creation reads them again: for a database whose
    /// accounts were written behind the store (a test inserting such logins directly; the product writes none).
    /// </summary>
    internal void ReadLeftApartLoginsAgain() => _leftApart = null;

    /// <summary>
    /// The accounts whose login is not in its canonical form, with that form: only those migration 7 left apart (every
    /// login written since is canonical), so they are read once, by one read of every login, and kept for the store's
    /// life; a registration then costs one indexed read, not a read of every account.
    /// </summary>
    private async Task<IReadOnlyList<(long Id, string Canonical)>> LeftApartAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (_leftApart is { } known)
        {
            return known;
        }

        var found = new List<(long Id, string Canonical)>();
        var rows = await connection.QueryAsync<(long Id, string Login)>(new CommandDefinition("SELECT id, login FROM accounts", cancellationToken: cancellationToken));
        foreach (var (id, stored) in rows)
        {
            var canonical = AccountLogins.Canonical(stored);
            if (!string.Equals(stored, canonical, StringComparison.Ordinal))
            {
                found.Add((id, canonical));
            }
        }

        return _leftApart = found;
    }

    /// <summary>The account with this identifier, or null.</summary>
    public async Task<Account?> FindByIdAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, "id = @id", new { id });
    }

    /// <summary>All accounts, by login.</summary>
    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Account>($"SELECT {Columns} FROM accounts ORDER BY login")).AsList();
    }

    /// <summary>Blocks or unblocks the account that <see cref="FindByLoginAsync"/> finds for <paramref name="login"/>.</summary>
    /// <returns>False when no account has this login.</returns>
    public async Task<bool> SetBlockedAsync(string login, bool blocked, CancellationToken cancellationToken)
    {
        var (canonical, typed) = Spellings(login);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync($"UPDATE accounts SET blocked = @blocked WHERE id = (SELECT id FROM accounts WHERE {ByLogin})", new { canonical, typed, blocked }) == 1;
    }

    /// <summary>Replaces the password hash of the account that <see cref="FindByLoginAsync"/> finds for <paramref name="login"/>.</summary>
    /// <returns>False when no account has this login.</returns>
    public async Task<bool> SetPasswordHashAsync(string login, string passwordHash, CancellationToken cancellationToken)
    {
        var (canonical, typed) = Spellings(login);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync($"UPDATE accounts SET password_hash = @passwordHash WHERE id = (SELECT id FROM accounts WHERE {ByLogin})", new { canonical, typed, passwordHash }) == 1;
    }

    /// <summary>Marks the e-mail address verified.</summary>
    public async Task<bool> SetEmailVerifiedAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("UPDATE accounts SET email_verified = TRUE WHERE id = @id", new { id }) == 1;
    }

    /// <summary>Records activity (login, device use) at <paramref name="now"/>.</summary>
    public async Task TouchAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync($"UPDATE accounts SET last_active_unix_ms = {database.Dialect.Greatest("last_active_unix_ms", "@now")} WHERE id = @id", new { id, now = now.ToUnixTimeMilliseconds() });
    }

    /// <summary>
    /// Deletes an account and, by cascade, its devices and logon tokens (RGPD art. 17). The connection log keeps its
    /// sessions: the legal retention obligation (CPCE L34-1) prevails over erasure for that year.
    /// </summary>
    /// <returns>False when there was no such account.</returns>
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The tokens' login compares ignoring case and the account's byte for byte (migration 7): the tokens' way, said.
        await connection.ExecuteAsync("DELETE FROM logon_tokens WHERE login = (SELECT login FROM accounts WHERE id = @id) COLLATE NOCASE", new { id }, transaction);
        var deleted = await connection.ExecuteAsync("DELETE FROM accounts WHERE id = @id", new { id }, transaction) == 1;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    /// <summary>Deletes the accounts inactive since before <paramref name="before"/>, with their devices.</summary>
    /// <returns>The number of accounts deleted.</returns>
    public async Task<int> DeleteInactiveAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var cutoff = new { cutoff = before.ToUnixTimeMilliseconds() };
        await connection.ExecuteAsync("DELETE FROM logon_tokens WHERE login COLLATE NOCASE IN (SELECT login FROM accounts WHERE last_active_unix_ms < @cutoff)", cutoff, transaction);
        var deleted = await connection.ExecuteAsync("DELETE FROM accounts WHERE last_active_unix_ms < @cutoff", cutoff, transaction);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    /// <summary>
    /// The condition that picks <see cref="FindByLoginAsync"/>'s account, parameters <c>@canonical</c> and <c>@typed</c>:
    /// the exact spelling's account first, else the canonical spelling's (compared byte for byte: migration 7 made the
    /// column binary on both databases). One row at most.
    /// </summary>
    private const string ByLogin = "login IN (@typed, @canonical) ORDER BY CASE WHEN login = @typed THEN 0 ELSE 1 END LIMIT 1";

    private static (string Canonical, string Typed) Spellings(string login)
    {
        ArgumentNullException.ThrowIfNull(login);
        return (AccountLogins.Canonical(login), login.Trim());
    }

    private static async Task<Account?> FindAsync(DbConnection connection, string where, object parameters) =>
        await connection.QuerySingleOrDefaultAsync<Account>($"SELECT {Columns} FROM accounts WHERE {where}", parameters);
}
