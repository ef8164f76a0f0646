using Microsoft.AspNetCore.Routing;

namespace Alpi.Collector.Administration;

/// <summary>
/// The administration API behind the dashboard's <c>#/admin</c> view, beside the account API
/// (<c>/api/security/users</c>) and the alert rules (<c>/api/alerts/rules</c>): <c>GET /api/admin/snmp</c>
/// (<see cref="SnmpConfigurationApi"/>) and <c>/api/admin/nas</c> (<see cref="NasClientsApi"/>). Administrators only
/// (<c>Security/Authorization/RouteAccessRules.cs</c>); no answer holds a secret.
/// </summary>
public static class AdministrationApi
{
    /// <summary>Maps the endpoints.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    public static IEndpointRouteBuilder MapAlpiAdministrationApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapAlpiSnmpConfigurationApi();
        endpoints.MapAlpiNasClientsApi();
        return endpoints;
    }
}
