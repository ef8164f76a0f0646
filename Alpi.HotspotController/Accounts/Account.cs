namespace Alpi.HotspotController.Accounts;

/// <summary>A citizen's account, created on the captive portal or by an administrator.</summary>
public sealed record Account
{
    /// <summary>Row identifier.</summary>
    public long Id { get; init; }

    /// <summary>
    /// Login (usually the e-mail address), in the canonical form of <see cref="AccountLogins.Canonical"/> (lower case,
    /// halfwidth, NFC), so that any spelling of it finds the account; an account older than schema version 7 whose
    /// canonical form another one had keeps its spelling of then (<see cref="Storage.AccountLoginMigration"/>).
    /// </summary>
    public required string Login { get; init; }

    /// <summary>E-mail address, or null for accounts made by an administrator without one.</summary>
    public string? Email { get; init; }

    /// <summary>The password hash (ASP.NET Core Identity v3 format: PBKDF2-HMAC-SHA512, salted); never the password.</summary>
    public required string PasswordHash { get; init; }

    /// <summary>True once the e-mail address was verified by its link.</summary>
    public bool EmailVerified { get; init; }

    /// <summary>True when an administrator blocked the account: every request for it or its devices is rejected.</summary>
    public bool Blocked { get; init; }

    /// <summary>When the terms of use and the personal-data notice were accepted, Unix milliseconds, or null.</summary>
    public long? TermsAcceptedUnixMs { get; init; }

    /// <summary>Creation time, Unix milliseconds.</summary>
    public long CreatedUnixMs { get; init; }

    /// <summary>Last login or device use, Unix milliseconds; drives the inactivity purge.</summary>
    public long LastActiveUnixMs { get; init; }
}
