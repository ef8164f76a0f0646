using System.Security.Cryptography;
using Alpi.Collector.Security.Authorization;
using Alpi.Collector.Security.Storage;
using Alpi.Protocols.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Alpi.Collector.Security.Accounts;

/// <summary>
/// The local accounts (<c>accounts</c> table of <see cref="SecurityDatabase"/>): creation, password and role changes,
/// removal, disabling, and login checks with lockout after <c>maxFailedLogins</c> failures in a row for
/// <c>lockoutDuration</c> (as ASP.NET Core Identity's lockout does). The last enabled administrator can be neither
/// removed, nor disabled, nor given another role.
/// Expected refusals are returned as <see cref="AccountResult"/> values; <see cref="SqliteException"/> means the file
/// cannot be used.
/// </summary>
public sealed class AccountStore(SecurityDatabase database, TimeProvider time, int maxFailedLogins, TimeSpan lockoutDuration)
{
    private const string Columns = """
        name AS Name, role AS Role, security_stamp AS SecurityStamp, created_unix_ms AS CreatedUnixMs,
        password_changed_unix_ms AS PasswordChangedUnixMs, failed_logins AS FailedLogins,
        locked_until_unix_ms AS LockedUntilUnixMs, last_login_unix_ms AS LastLoginUnixMs, disabled_unix_ms AS DisabledUnixMs
        """;

    /// <summary>The number of accounts.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM accounts");
    }

    /// <summary>Every account, by name.</summary>
    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Row>($"SELECT {Columns} FROM accounts ORDER BY name")).Select(r => r.ToAccount()).ToList();
    }

    /// <summary>One account (name compared ignoring ASCII case), or null.</summary>
    public async Task<Account?> FindAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await FindRowAsync(connection, null, name))?.ToAccount();
    }

    /// <summary>Creates an account.</summary>
    /// <returns>The account; or <see cref="AccountError.Invalid"/> (name, role or password, with the reason), <see cref="AccountError.Exists"/>.</returns>
    public async Task<AccountResult> AddAsync(string name, string role, string password, CancellationToken cancellationToken)
    {
        if ((Invalid(AccountNames.Refusal(name), "name") ?? Invalid(RoleProblem(role), "role") ?? Invalid(AccountPasswords.Refusal(password, name), "password")) is { } invalid)
        {
            return invalid;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var hash = AccountPasswords.Hash(password);
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync("""
            INSERT INTO accounts (name, role, password_hash, security_stamp, created_unix_ms, password_changed_unix_ms)
            VALUES (@name, @role, @hash, @stamp, @now, @now) ON CONFLICT (name) DO NOTHING
            """, new { name, role, hash, stamp = NewStamp(), now });
        return inserted == 0
            ? AccountResult.Fail(AccountError.Exists, Refusal.Of(RefusalCodes.AccountExists, $"account \"{name}\" already exists", ("name", name)))
            : AccountResult.Ok((await FindRowAsync(connection, null, name))!.ToAccount());
    }

    /// <summary>Sets a new password; clears the failure count and any lockout; ends the account's sessions (new security stamp).</summary>
    /// <returns>The account; or <see cref="AccountError.Invalid"/>, <see cref="AccountError.NotFound"/>.</returns>
    public async Task<AccountResult> SetPasswordAsync(string name, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Invalid(AccountPasswords.Refusal(password, name), "password") is { } invalid)
        {
            return invalid;
        }

        var hash = AccountPasswords.Hash(password);
        return await UpdateAsync(name, """
            UPDATE accounts SET password_hash = @hash, security_stamp = @stamp, password_changed_unix_ms = @now,
                failed_logins = 0, locked_until_unix_ms = NULL WHERE name = @name
            """, new { name, hash, stamp = NewStamp(), now = time.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken);
    }

    /// <summary>Gives the account another role; ends its sessions (new security stamp).</summary>
    /// <returns>The account; or <see cref="AccountError.Invalid"/>, <see cref="AccountError.NotFound"/>, <see cref="AccountError.LastAdministrator"/>.</returns>
    public async Task<AccountResult> SetRoleAsync(string name, string role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Invalid(RoleProblem(role), "role") is { } invalid)
        {
            return invalid;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        using var transaction = connection.BeginTransaction();
        var row = await FindRowAsync(connection, transaction, name);
        if (row is null)
        {
            return AccountResult.NotFound(name);
        }

        if (row.Role == role)
        {
            return AccountResult.Ok(row.ToAccount());
        }

        if (row.Role == AlpiRoles.Administrator && row.DisabledUnixMs is null && await OtherAdministratorsAsync(connection, transaction, row.Name) == 0)
        {
            return LastAdministrator(row.Name);
        }

        await connection.ExecuteAsync("UPDATE accounts SET role = @role, security_stamp = @stamp WHERE name = @name",
            new { name, role, stamp = NewStamp() }, transaction);
        var updated = (await FindRowAsync(connection, transaction, name))!.ToAccount();
        transaction.Commit();
        return AccountResult.Ok(updated);
    }

    /// <summary>Deletes an account; its sessions end at their next check.</summary>
    /// <returns>The removed account; or <see cref="AccountError.NotFound"/>, <see cref="AccountError.LastAdministrator"/>.</returns>
    public async Task<AccountResult> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await database.OpenAsync(cancellationToken);
        using var transaction = connection.BeginTransaction();
        var row = await FindRowAsync(connection, transaction, name);
        if (row is null)
        {
            return AccountResult.NotFound(name);
        }

        if (row.Role == AlpiRoles.Administrator && row.DisabledUnixMs is null && await OtherAdministratorsAsync(connection, transaction, row.Name) == 0)
        {
            return LastAdministrator(row.Name);
        }

        await connection.ExecuteAsync("DELETE FROM accounts WHERE name = @name", new { name }, transaction);
        transaction.Commit();
        return AccountResult.Ok(row.ToAccount());
    }

    /// <summary>
    /// Disables an account (every login refused, its sessions ended by a new security stamp) or enables it again; the
    /// account, its name in the history and its password are kept. Doing what is already done changes nothing.
    /// </summary>
    /// <returns>The account; or <see cref="AccountError.NotFound"/>, <see cref="AccountError.LastAdministrator"/> (disabling the last enabled administrator).</returns>
    public async Task<AccountResult> SetDisabledAsync(string name, bool disabled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await database.OpenAsync(cancellationToken);
        using var transaction = connection.BeginTransaction();
        var row = await FindRowAsync(connection, transaction, name);
        if (row is null)
        {
            return AccountResult.NotFound(name);
        }

        if (disabled == row.DisabledUnixMs is not null)
        {
            return AccountResult.Ok(row.ToAccount());
        }

        if (disabled && row.Role == AlpiRoles.Administrator && await OtherAdministratorsAsync(connection, transaction, row.Name) == 0)
        {
            return LastAdministrator(row.Name);
        }

        await connection.ExecuteAsync("UPDATE accounts SET disabled_unix_ms = @at, security_stamp = @stamp WHERE name = @name",
            new { name, at = disabled ? time.GetUtcNow().ToUnixTimeMilliseconds() : (long?)null, stamp = NewStamp() }, transaction);
        var updated = (await FindRowAsync(connection, transaction, name))!.ToAccount();
        transaction.Commit();
        return AccountResult.Ok(updated);
    }

    /// <summary>Ends a lockout and clears the failure count.</summary>
    /// <returns>The account; or <see cref="AccountError.NotFound"/>.</returns>
    public Task<AccountResult> UnlockAsync(string name, CancellationToken cancellationToken) =>
        UpdateAsync(name, "UPDATE accounts SET failed_logins = 0, locked_until_unix_ms = NULL WHERE name = @name", new { name }, cancellationToken);

    /// <summary>
    /// Checks a login. A disabled or locked account is refused without checking the password; a wrong password is counted, and the
    /// <c>maxFailedLogins</c>-th in a row locks the account for <c>lockoutDuration</c>; a success clears the count, records
    /// the time and, when the hash format is outdated, rehashes the password.
    /// </summary>
    public async Task<LoginResult> VerifyLoginAsync(string name, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = AccountNames.Problem(name) is null ? await FindRowAsync(connection, null, name, withHash: true) : null;
        if (row is null)
        {
            _ = AccountPasswords.Verify(AccountPasswords.DummyHash, password);
            return new LoginResult(LoginOutcome.UnknownAccount, null);
        }

        if (row.DisabledUnixMs is not null)
        {
            // As long as a password check, so that the answer's time does not tell a disabled account from a wrong password.
            _ = AccountPasswords.Verify(AccountPasswords.DummyHash, password);
            return new LoginResult(LoginOutcome.Disabled, row.ToAccount());
        }

        if (row.LockedUntilUnixMs is { } until && until > now.ToUnixTimeMilliseconds())
        {
            return new LoginResult(LoginOutcome.Locked, row.ToAccount());
        }

        var (matches, rehash) = AccountPasswords.Verify(row.PasswordHash!, password);
        if (!matches)
        {
            // One statement, so that concurrent failures all count.
            var failed = await connection.ExecuteScalarAsync<long>("""
                UPDATE accounts SET failed_logins = failed_logins + 1 WHERE name = @name RETURNING failed_logins
                """, new { name = row.Name });
            if (failed >= maxFailedLogins)
            {
                await connection.ExecuteAsync("UPDATE accounts SET failed_logins = 0, locked_until_unix_ms = @until WHERE name = @name",
                    new { name = row.Name, until = (now + lockoutDuration).ToUnixTimeMilliseconds() });
                return new LoginResult(LoginOutcome.LockedNow, (await FindRowAsync(connection, null, row.Name))!.ToAccount());
            }

            return new LoginResult(LoginOutcome.WrongPassword, (await FindRowAsync(connection, null, row.Name))!.ToAccount());
        }

        await connection.ExecuteAsync("""
            UPDATE accounts SET failed_logins = 0, locked_until_unix_ms = NULL, last_login_unix_ms = @now,
                password_hash = COALESCE(@hash, password_hash) WHERE name = @name
            """, new { name = row.Name, now = now.ToUnixTimeMilliseconds(), hash = rehash ? AccountPasswords.Hash(password) : null });
        return new LoginResult(LoginOutcome.Success, (await FindRowAsync(connection, null, row.Name))!.ToAccount());
    }

    private async Task<AccountResult> UpdateAsync(string name, string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await connection.ExecuteAsync(sql, parameters) == 0)
        {
            return AccountResult.NotFound(name);
        }

        return AccountResult.Ok((await FindRowAsync(connection, null, name))!.ToAccount());
    }

    private static async Task<Row?> FindRowAsync(SqliteConnection connection, SqliteTransaction? transaction, string name, bool withHash = false) =>
        await connection.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns}{(withHash ? ", password_hash AS PasswordHash" : "")} FROM accounts WHERE name = @name", new { name }, transaction);

    private static Task<long> OtherAdministratorsAsync(SqliteConnection connection, SqliteTransaction transaction, string name) =>
        connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM accounts WHERE role = @role AND name <> @name AND disabled_unix_ms IS NULL",
            new { role = AlpiRoles.Administrator, name }, transaction);

    private static Refusal? RoleProblem(string? role) =>
        AlpiRoles.IsKnown(role) ? null : Refusal.Of(RefusalCodes.AccountRoleUnknown, $"role \"{role}\" is not one of {string.Join(", ", AlpiRoles.All)}",
            ("role", role), ("roles", string.Join(", ", AlpiRoles.All)));

    private static AccountResult? Invalid(Refusal? problem, string parameter) =>
        problem is null ? null : AccountResult.Fail(AccountError.Invalid, problem) with { Parameter = parameter };

    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static AccountResult LastAdministrator(string name) =>
        AccountResult.Fail(AccountError.LastAdministrator, Refusal.Of(RefusalCodes.AccountLastAdministrator,
            $"\"{name}\" is the last enabled administrator: make another account administrator first", ("name", name)));

    private sealed class Row
    {
        public string Name { get; set; } = "";

        public string Role { get; set; } = "";

        public string SecurityStamp { get; set; } = "";

        public long CreatedUnixMs { get; set; }

        public long PasswordChangedUnixMs { get; set; }

        public long FailedLogins { get; set; }

        public long? LockedUntilUnixMs { get; set; }

        public long? LastLoginUnixMs { get; set; }

        public long? DisabledUnixMs { get; set; }

        public string? PasswordHash { get; set; }

        public Account ToAccount() => new(Name, Role, SecurityStamp, DateTimeOffset.FromUnixTimeMilliseconds(CreatedUnixMs),
            DateTimeOffset.FromUnixTimeMilliseconds(PasswordChangedUnixMs), (int)FailedLogins,
            LockedUntilUnixMs is { } l ? DateTimeOffset.FromUnixTimeMilliseconds(l) : null,
            LastLoginUnixMs is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t) : null,
            DisabledUnixMs is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null);
    }
}

/// <summary>Why an account change was refused.</summary>
public enum AccountError
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>A bad name, role or password (the message says which).</summary>
    Invalid,

    /// <summary>No such account.</summary>
    NotFound,

    /// <summary>An account of that name exists.</summary>
    Exists,

    /// <summary>The change would leave no administrator.</summary>
    LastAdministrator,
}

/// <summary>The outcome of an account change: the account, or the error with a message naming what is wrong.</summary>
/// <param name="Error"><see cref="AccountError.None"/> on success.</param>
/// <param name="Message">Why it was refused (the English sentence of <see cref="Refusal"/>), or null.</param>
/// <param name="Account">The account on success, or null.</param>
public sealed record AccountResult(AccountError Error, string? Message, Account? Account)
{
    /// <summary>For <see cref="AccountError.Invalid"/>: the value at fault, <c>name</c>, <c>role</c> or <c>password</c>; else null.</summary>
    public string? Parameter { get; init; }

    /// <summary>A success.</summary>
    public static AccountResult Ok(Account account) => new(AccountError.None, null, account);

    /// <summary>The refusal with its code and values (<see cref="RefusalCodes"/>, <c>account.…</c>), or null: what the API's problem carries.</summary>
    public Refusal? Refusal { get; init; }

    /// <summary>A refusal.</summary>
    public static AccountResult Fail(AccountError error, string message) => new(error, message, null);

    /// <summary>A refusal with its code and values; <see cref="Message"/> is its sentence.</summary>
    public static AccountResult Fail(AccountError error, Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return new(error, refusal.Sentence, null) { Refusal = refusal };
    }

    /// <summary>No account named <paramref name="name"/> (<see cref="RefusalCodes.AccountNotFound"/>).</summary>
    public static AccountResult NotFound(string name) =>
        Fail(AccountError.NotFound, Protocols.Json.Refusal.Of(RefusalCodes.AccountNotFound, $"no account \"{name}\"", ("name", name)));
}
