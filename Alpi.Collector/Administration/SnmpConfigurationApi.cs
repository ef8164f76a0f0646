using System.Globalization;
using Alpi.Agent;
using Alpi.Agent.Collectors.Snmp;
using Alpi.Collector.Traps;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Administration;

/// <summary>
/// <c>GET /api/admin/snmp</c> (administrators; <see cref="SnmpConfigurationDto"/>): the SNMP devices this collector's
/// local agent polls (<c>Agent:Snmp:Devices</c>) and the trap receiver's credentials (<c>Collector:Traps</c>), read only:
/// both live in configuration (<c>collector.json</c>, <c>ALPI_</c> variables, the command line), which the answer names
/// per item. Secrets — communities, v3 pass phrases — are never returned, only whether one is set. Devices polled by
/// other agents are configured in those agents' own <c>agent.json</c>; the dashboard lists them from their
/// <c>snmp_poll</c> series.
/// </summary>
public static class SnmpConfigurationApi
{
    /// <summary>The configuration section of the local agent's devices.</summary>
    public const string DevicesSection = AgentOptions.SectionName + ":" + SnmpPollingOptions.SectionName + ":Devices";

    /// <summary>Maps the endpoint (its access rule is in <c>Security/Authorization/RouteAccessRules.cs</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    public static IEndpointRouteBuilder MapAlpiSnmpConfigurationApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/admin/snmp", (HttpContext http, IConfiguration configuration) =>
        {
            var services = http.RequestServices;
            var agent = services.GetRequiredService<IOptions<AgentOptions>>().Value;
            // Registered only when the section lists devices (AddAlpiAgent); the options are those the poller uses.
            var polling = services.GetService<IOptions<SnmpPollingOptions>>()?.Value;
            var devices = (polling?.Devices ?? []).Select((d, i) => Device(d, i, configuration)).ToList();
            var traps = services.GetRequiredService<IOptions<CollectorOptions>>().Value.Traps;
            var trapSource = ConfigurationSources.Of(configuration, $"{CollectorOptions.SectionName}:Traps:Users:0:UserName")
                ?? ConfigurationSources.Of(configuration, $"{CollectorOptions.SectionName}:Traps:Communities:0");
            return Results.Json(new SnmpConfigurationDto(new LocalAgentDto(agent.Enabled, agent.Tenant, agent.Host), devices,
                new TrapCredentialsDto(traps.Enabled, traps.Port, traps.AcceptedCommunities.Count, traps.Users.Select(u => new TrapUserDto(u.UserName, u.EngineId,
                    u.AuthProtocol, u.PrivProtocol, !string.IsNullOrEmpty(u.AuthPassword), !string.IsNullOrEmpty(u.PrivPassword))).ToList(),
                    traps.Sources.Select(s => new TrapSourceDto(s.Cidr, s.Tenant, s.Device)).ToList(), traps.DefaultTenant, trapSource)),
                AdministrationJson.Default.SnmpConfigurationDto);
        });
        return endpoints;
    }

    private static SnmpDeviceDto Device(SnmpDeviceOptions d, int index, IConfiguration configuration)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{DevicesSection}:{index}");
        var source = ConfigurationSources.Of(configuration, key + ":Name") ?? ConfigurationSources.Of(configuration, key + ":Address");
        var v3 = d.Version.Trim() == "3";
        return new SnmpDeviceDto(d.Name, d.Address, d.Version, d.Profile, d.Interval.TotalSeconds, d.Timeout.TotalSeconds, d.Retries,
            !v3 && !string.IsNullOrEmpty(d.Community), v3 ? d.User : null, v3 ? d.AuthProtocol : null, v3 && !string.IsNullOrEmpty(d.AuthPassword),
            v3 ? d.PrivProtocol : null, v3 && !string.IsNullOrEmpty(d.PrivPassword), source, key);
    }
}
