namespace Alpi.Collector.Security.Accounts;

/// <summary>A local account of the collector (a row of <c>accounts</c> in <c>security.db</c>), never with its password hash.</summary>
/// <param name="Name">The login, unique ignoring ASCII letter case (1–64 characters: letters, digits, <c>.</c>, <c>-</c>, <c>_</c>, <c>@</c>).</param>
/// <param name="Role">One of <see cref="Authorization.AlpiRoles.All"/>.</param>
/// <param name="SecurityStamp">Changes with the password or the role; a session cookie carrying another stamp is refused.</param>
/// <param name="CreatedAt">When the account was created.</param>
/// <param name="PasswordChangedAt">When its password was last set.</param>
/// <param name="FailedLogins">Failed logins since the last success or lockout.</param>
/// <param name="LockedUntil">Until when every login is refused, or null.</param>
/// <param name="LastLoginAt">The last successful login, or null.</param>
/// <param name="DisabledAt">When an administrator disabled it (every login refused, sessions ended), or null while enabled.</param>
public sealed record Account(
    string Name,
    string Role,
    string SecurityStamp,
    DateTimeOffset CreatedAt,
    DateTimeOffset PasswordChangedAt,
    int FailedLogins,
    DateTimeOffset? LockedUntil,
    DateTimeOffset? LastLoginAt,
    DateTimeOffset? DisabledAt = null)
{
    /// <summary>True while the account is disabled.</summary>
    public bool Disabled => DisabledAt is not null;
}

/// <summary>The outcome of <see cref="AccountStore.VerifyLoginAsync"/>.</summary>
public enum LoginOutcome
{
    /// <summary>The password matches; the failure count was reset.</summary>
    Success,

    /// <summary>No such account (a password hash was still computed, so the answer takes as long).</summary>
    UnknownAccount,

    /// <summary>Wrong password; counted towards the lockout.</summary>
    WrongPassword,

    /// <summary>Wrong password, and this failure locked the account.</summary>
    LockedNow,

    /// <summary>The account is locked; the password was not checked.</summary>
    Locked,

    /// <summary>The account is disabled by an administrator; the password was not checked (a hash was still computed).</summary>
    Disabled,
}

/// <summary>The outcome of <see cref="AccountStore.VerifyLoginAsync"/>, with the account when it exists.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Account">The account (after the update), or null when unknown.</param>
public sealed record LoginResult(LoginOutcome Outcome, Account? Account);
