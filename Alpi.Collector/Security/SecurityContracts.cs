using System.Text.Json;
using System.Text.Json.Serialization;
using Alpi.Collector.Security.Accounts;
using Alpi.Collector.Security.Audit;

namespace Alpi.Collector.Security;

/// <summary>An account as the administration API shows it (never its password hash).</summary>
/// <param name="Name">The login.</param>
/// <param name="Role">Its role.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="PasswordChangedAt">When its password was last set.</param>
/// <param name="LastLoginAt">Its last successful login, or null.</param>
/// <param name="FailedLogins">Failed logins in a row.</param>
/// <param name="LockedUntil">Until when it is locked, or null.</param>
/// <param name="Disabled">True when an administrator disabled it (no login, no session).</param>
/// <param name="DisabledAt">Since when it is disabled, or null.</param>
public sealed record AccountDto(string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset PasswordChangedAt, DateTimeOffset? LastLoginAt, int FailedLogins,
    DateTimeOffset? LockedUntil, bool Disabled, DateTimeOffset? DisabledAt)
{
    /// <summary>The DTO of an account.</summary>
    public static AccountDto From(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new(account.Name, account.Role, account.CreatedAt, account.PasswordChangedAt, account.LastLoginAt, account.FailedLogins, account.LockedUntil,
            account.Disabled, account.DisabledAt);
    }
}

/// <summary>The body of <c>POST /api/security/users</c>.</summary>
/// <param name="Name">The login.</param>
/// <param name="Role">One of <c>administrator</c>, <c>technician</c>, <c>viewer</c>, <c>dpo</c>.</param>
/// <param name="Password">12 to 128 characters.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AccountCreateDto(string? Name, string? Role, string? Password);

/// <summary>The body of <c>PATCH /api/security/users/{name}</c>: each member given is applied.</summary>
/// <param name="Role">A new role.</param>
/// <param name="Password">A new password (ends the account's sessions).</param>
/// <param name="Unlock">True to end a lockout.</param>
/// <param name="Disabled">True to disable the account (logins refused, sessions ended), false to enable it again.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AccountUpdateDto(string? Role, string? Password, bool? Unlock, bool? Disabled = null);

/// <summary>The signed-in caller (<c>GET /api/security/me</c>).</summary>
/// <param name="Name">The account name, or <c>token:&lt;name&gt;</c>.</param>
/// <param name="Role">Its role.</param>
/// <param name="Authentication"><c>cookie</c> or <c>token</c>.</param>
/// <param name="Policies">What it may do: the names of the policies it satisfies (<c>alpi.read</c>, <c>alpi.operate</c>, …).</param>
public sealed record MeDto(string Name, string Role, string Authentication, IReadOnlyList<string> Policies);

/// <summary>An audit entry as <c>GET /api/security/audit</c> shows it.</summary>
/// <param name="Id">Increasing identifier.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who.</param>
/// <param name="Address">From which IP address, or null.</param>
/// <param name="Category"><c>authentication</c>, <c>administration</c> or <c>personal-data</c>.</param>
/// <param name="Action">What.</param>
/// <param name="Target">On what, or null.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Details">More, or null.</param>
public sealed record AuditEntryDto(long Id, DateTimeOffset At, string Actor, string? Address, string Category, string Action, string? Target, string Outcome, string? Details)
{
    /// <summary>The DTO of an entry.</summary>
    public static AuditEntryDto From(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.Id, entry.At, entry.Actor, entry.Address, entry.Category, entry.Action, entry.Target, entry.Outcome, entry.Details);
    }
}

/// <summary>Source-generated JSON (camelCase) of the security API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AccountDto))]
[JsonSerializable(typeof(IReadOnlyList<AccountDto>))]
[JsonSerializable(typeof(AccountCreateDto))]
[JsonSerializable(typeof(AccountUpdateDto))]
[JsonSerializable(typeof(MeDto))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntryDto>))]
internal sealed partial class SecurityJsonContext : JsonSerializerContext;
