using Alpi.Collector.Security.Audit;

namespace Alpi.Collector.Security.Accounts;

/// <summary>
/// Account changes as the CLI and the administration API make them: each change goes through <see cref="AccountStore"/>,
/// is written to the audit log (category <c>administration</c>, with who asked and from where, refusals included) and
/// ends the account's open sessions at once in this process (<see cref="AccountSessionValidator.Forget"/>; in another
/// process, within <see cref="AccountSessionValidator.CheckInterval"/>). Setting the password of, or removing, the
/// first-start administrator deletes its initial-password file.
/// </summary>
public sealed class AccountAdministration(AccountStore accounts, AuditLog audit, AccountSessionValidator sessions, InitialPassword initialPassword)
{
    /// <summary>Creates an account (see <see cref="AccountStore.AddAsync"/>).</summary>
    public async Task<AccountResult> AddAsync(string name, string role, string password, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var result = await accounts.AddAsync(name, role, password, cancellationToken);
        await RecordAsync(actor, AuditActions.AccountAdd, name, result, $"role {role}", cancellationToken);
        return result;
    }

    /// <summary>Sets a password (see <see cref="AccountStore.SetPasswordAsync"/>).</summary>
    public async Task<AccountResult> SetPasswordAsync(string name, string password, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var result = await accounts.SetPasswordAsync(name, password, cancellationToken);
        await RecordAsync(actor, AuditActions.AccountPassword, name, result, null, cancellationToken);
        if (result.Account is { } account)
        {
            initialPassword.DeleteIfFor(account.Name);
        }

        return result;
    }

    /// <summary>Changes a role (see <see cref="AccountStore.SetRoleAsync"/>).</summary>
    public async Task<AccountResult> SetRoleAsync(string name, string role, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var before = await accounts.FindAsync(name, cancellationToken);
        var result = await accounts.SetRoleAsync(name, role, cancellationToken);
        await RecordAsync(actor, AuditActions.AccountRole, name, result, $"{before?.Role ?? "?"} -> {role}", cancellationToken);
        return result;
    }

    /// <summary>Ends a lockout (see <see cref="AccountStore.UnlockAsync"/>).</summary>
    public async Task<AccountResult> UnlockAsync(string name, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var result = await accounts.UnlockAsync(name, cancellationToken);
        await RecordAsync(actor, AuditActions.AccountUnlock, name, result, null, cancellationToken);
        return result;
    }

    /// <summary>Disables or enables an account (see <see cref="AccountStore.SetDisabledAsync"/>).</summary>
    public async Task<AccountResult> SetDisabledAsync(string name, bool disabled, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var result = await accounts.SetDisabledAsync(name, disabled, cancellationToken);
        await RecordAsync(actor, disabled ? AuditActions.AccountDisable : AuditActions.AccountEnable, name, result, null, cancellationToken);
        return result;
    }

    /// <summary>Removes an account (see <see cref="AccountStore.RemoveAsync"/>).</summary>
    public async Task<AccountResult> RemoveAsync(string name, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var result = await accounts.RemoveAsync(name, cancellationToken);
        await RecordAsync(actor, AuditActions.AccountRemove, name, result, null, cancellationToken);
        if (result.Account is { } account)
        {
            initialPassword.DeleteIfFor(account.Name);
        }

        return result;
    }

    private async Task RecordAsync(AuditActor actor, string action, string target, AccountResult result, string? details, CancellationToken cancellationToken)
    {
        if (result.Account is { } account)
        {
            sessions.Forget(account.Name);
        }

        var outcome = result.Error switch
        {
            AccountError.None => "ok",
            AccountError.Invalid => "invalid",
            AccountError.NotFound => "not_found",
            AccountError.Exists => "exists",
            _ => "last_administrator",
        };
        await audit.WriteAsync(new AuditEntry(actor.Name, actor.Address, AuditCategories.Administration, action,
            result.Account?.Name ?? target, outcome, result.Message ?? details), cancellationToken);
    }
}

/// <summary>Who asks for a change, as the audit log records it.</summary>
/// <param name="Name">An account name, <c>token:&lt;name&gt;</c> or <c>cli:&lt;system user&gt;</c>.</param>
/// <param name="Address">The client's IP address, or null (CLI).</param>
public sealed record AuditActor(string Name, string? Address);
