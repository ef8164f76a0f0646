using System.Data.Common;
using Alpi.HotspotController.Accounts;
using Dapper;
using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Storage;

/// <summary>
/// The code part of schema version <see cref="Version"/>: rewrites each existing account's login in its
/// <see cref="AccountLogins.Canonical"/> form (and its logon tokens' login with it), since the stores now look logins up
/// by that form. Logins whose canonical forms are the same (<c>josé</c> typed composed and decomposed, <c>JOSÉ</c> beside
/// <c>josé</c> on SQLite) are two accounts of perhaps two people: they are not merged, nor renamed, but left as they
/// are and logged as a warning naming them, for an administrator to decide; each stays reachable by its exact spelling
/// (<see cref="AccountStore.FindByLoginAsync"/>). The connection log (<c>sessions</c>) keeps the logins it recorded.
/// </summary>
internal static partial class AccountLoginMigration
{
    /// <summary>The schema version after whose SQL this runs, in the same transaction.</summary>
    public const int Version = 7;

    /// <summary>Canonicalises the logins that can be, and logs the collisions.</summary>
    /// <returns>How many logins were rewritten.</returns>
    /// <exception cref="DbException">The database refused a read or a write: the migration rolls back.</exception>
    public static async Task<int> ApplyAsync(DbConnection connection, DbTransaction transaction, ILogger logger, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<LoginRow>(new CommandDefinition(
            "SELECT id AS Id, login AS Login FROM accounts ORDER BY id", transaction: transaction, cancellationToken: cancellationToken));
        var rewritten = 0;
        foreach (var group in rows.GroupBy(row => AccountLogins.Canonical(row.Login), StringComparer.Ordinal))
        {
            var spellings = group.ToList();
            if (spellings.Count > 1)
            {
                Log.Collision(logger, group.Key, string.Join(", ", spellings.Select(row => $"\"{row.Login}\" (id {row.Id})")));
                continue;
            }

            var only = spellings[0];
            if (string.Equals(only.Login, group.Key, StringComparison.Ordinal) || AccountLogins.Error(group.Key) is not null)
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE logon_tokens SET login = @canonical WHERE login = @login;
                UPDATE accounts SET login = @canonical WHERE id = @id;
                """, new { canonical = group.Key, login = only.Login, id = only.Id }, transaction, cancellationToken: cancellationToken));
            rewritten++;
        }

        if (rewritten > 0)
        {
            Log.Canonicalised(logger, rewritten);
        }

        return rewritten;
    }

    private sealed record LoginRow(long Id, string Login);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Accounts {Accounts} are one login in canonical form ({Canonical}: width, case and Unicode normalisation aside, RFC 8265 §3.3): left as they were, not merged; each is found by its exact spelling only. Delete or rename all but one (users delete LOGIN)")]
        public static partial void Collision(ILogger logger, string canonical, string accounts);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Count} account login(s) rewritten in canonical form (lower case, halfwidth, NFC)")]
        public static partial void Canonicalised(ILogger logger, int count);
    }
}
