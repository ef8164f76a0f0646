namespace Alpi.Collector.Security.Authorization;

/// <summary>
/// The roles of the collector's accounts (ARCHITECTURE.md, "the dashboard requires login with roles"). An account has
/// exactly one. What each may do is decided per route by <see cref="AccessPolicies"/> and <see cref="RouteAccessRules"/>.
/// </summary>
public static class AlpiRoles
{
    /// <summary>Everything: the read API, operations, accounts and the audit log.</summary>
    public const string Administrator = "administrator";

    /// <summary>The read API plus operations: acknowledgements, silences, maintenance windows; on-call contacts.</summary>
    public const string Technician = "technician";

    /// <summary>The read API and the dashboard only (for example a member body's staff).</summary>
    public const string Viewer = "viewer";

    /// <summary>The data-protection officer (RGPD art. 37–39): the read API, personal data, the audit log and the Wi-Fi connection log; no operations.</summary>
    public const string Dpo = "dpo";

    /// <summary>Every role, most powerful first.</summary>
    public static IReadOnlyList<string> All { get; } = [Administrator, Technician, Viewer, Dpo];

    /// <summary>True when <paramref name="role"/> is one of <see cref="All"/> (exact, lower case).</summary>
    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}

/// <summary>The scopes of bearer tokens (<c>Collector:Security:Tokens:&lt;name&gt;:Scope</c>) and the role each acts as.</summary>
public static class TokenScopes
{
    /// <summary>The read API, as a <see cref="AlpiRoles.Viewer"/>.</summary>
    public const string Read = "read";

    /// <summary>Everything, as an <see cref="AlpiRoles.Administrator"/>.</summary>
    public const string Admin = "admin";

    /// <summary>The role a token of <paramref name="scope"/> acts as, or null for an unknown scope.</summary>
    public static string? RoleOf(string? scope) => scope switch
    {
        Read => AlpiRoles.Viewer,
        Admin => AlpiRoles.Administrator,
        _ => null,
    };

    /// <summary>The scope whose tokens act as <paramref name="role"/> (<see cref="RoleOf"/> read backwards), or null for a role no scope has.</summary>
    public static string? ScopeOf(string? role) => role switch
    {
        AlpiRoles.Viewer => Read,
        AlpiRoles.Administrator => Admin,
        _ => null,
    };
}
