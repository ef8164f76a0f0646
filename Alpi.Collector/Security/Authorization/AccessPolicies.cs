using Microsoft.AspNetCore.Authorization;

namespace Alpi.Collector.Security.Authorization;

/// <summary>
/// The authorization policies, each a set of roles (ASP.NET Core role-based authorization over the
/// <see cref="System.Security.Claims.ClaimTypes.Role"/> claim):
/// <list type="table">
/// <item><term><see cref="Read"/></term><description>viewer, technician, administrator, dpo</description></item>
/// <item><term><see cref="Operate"/></term><description>technician, administrator</description></item>
/// <item><term><see cref="PersonalData"/></term><description>technician, administrator, dpo (people's contacts: those who need them to act, and the DPO)</description></item>
/// <item><term><see cref="Audit"/></term><description>administrator, dpo</description></item>
/// <item><term><see cref="ConnectionLog"/></term><description>dpo</description></item>
/// <item><term><see cref="Administer"/></term><description>administrator</description></item>
/// </list>
/// The fallback policy (endpoints that declare nothing, and unknown paths) requires an authenticated user with a known role.
/// </summary>
public static class AccessPolicies
{
    /// <summary>Reading supervision data and the dashboard.</summary>
    public const string Read = "alpi.read";

    /// <summary>Acknowledging alerts, silences, maintenance windows.</summary>
    public const string Operate = "alpi.operate";

    /// <summary>Reading personal data (on-call people's contacts); every access is written to the audit log.</summary>
    public const string PersonalData = "alpi.personal-data";

    /// <summary>Reading the audit log.</summary>
    public const string Audit = "alpi.audit";

    /// <summary>
    /// Searching the Wi-Fi connection log (who used which terminal, with which device and address, when: CPCE R10-13
    /// data): the data-protection officer only; every search is written to the audit log.
    /// </summary>
    public const string ConnectionLog = "alpi.connection-log";

    /// <summary>Accounts and other administration.</summary>
    public const string Administer = "alpi.administer";

    /// <summary>The roles each policy admits.</summary>
    public static IReadOnlyDictionary<string, string[]> Roles { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [Read] = [AlpiRoles.Viewer, AlpiRoles.Technician, AlpiRoles.Administrator, AlpiRoles.Dpo],
        [Operate] = [AlpiRoles.Technician, AlpiRoles.Administrator],
        [PersonalData] = [AlpiRoles.Technician, AlpiRoles.Administrator, AlpiRoles.Dpo],
        [Audit] = [AlpiRoles.Administrator, AlpiRoles.Dpo],
        [ConnectionLog] = [AlpiRoles.Dpo],
        [Administer] = [AlpiRoles.Administrator],
    };

    /// <summary>Registers the policies, the default policy (<see cref="Read"/>'s roles) and the fallback policy (the same).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static void Configure(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (name, roles) in Roles)
        {
            options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }

        var anyRole = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(AlpiRoles.All).Build();
        options.DefaultPolicy = anyRole;
        options.FallbackPolicy = anyRole;
    }

    /// <summary>The policies <paramref name="role"/> satisfies, in <see cref="Roles"/> order (for <c>GET /api/security/me</c>).</summary>
    public static IReadOnlyList<string> GrantedTo(string role) => Roles.Where(p => p.Value.Contains(role, StringComparer.Ordinal)).Select(p => p.Key).ToList();
}
