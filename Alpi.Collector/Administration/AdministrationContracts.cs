using System.Text.Json;
using System.Text.Json.Serialization;
using Alpi.HotspotController.Admin;

namespace Alpi.Collector.Administration;

/// <summary>The answer of <c>GET /api/admin/snmp</c>: what is configured for SNMP in this collector's process, secrets left out.</summary>
/// <param name="LocalAgent">The collector's local agent, which polls <paramref name="Devices"/>.</param>
/// <param name="Devices">The devices of <c>Agent:Snmp:Devices</c>, in configuration order.</param>
/// <param name="Traps">The trap receiver's settings and credentials.</param>
public sealed record SnmpConfigurationDto(LocalAgentDto LocalAgent, IReadOnlyList<SnmpDeviceDto> Devices, TrapCredentialsDto Traps);

/// <summary>The collector's local agent.</summary>
/// <param name="Enabled">False with <c>Agent:Enabled=false</c>: nothing is polled then.</param>
/// <param name="Tenant">Its tenant (the devices' tenant).</param>
/// <param name="Host">Its host name (the devices' polling agent, their <c>host</c> tag).</param>
public sealed record LocalAgentDto(bool Enabled, string Tenant, string Host);

/// <summary>One configured SNMP device, without its secrets.</summary>
/// <param name="Name">Its name (<c>device</c> tag).</param>
/// <param name="Address"><c>host[:port]</c>.</param>
/// <param name="Version"><c>1</c>, <c>2c</c> or <c>3</c>.</param>
/// <param name="Profile">The forced profile, or null (chosen by sysObjectID).</param>
/// <param name="IntervalSeconds">Time between polls, seconds.</param>
/// <param name="TimeoutSeconds">Wait per attempt, seconds.</param>
/// <param name="Retries">Attempts after the first.</param>
/// <param name="CommunitySet">v1/v2c: a community is set (never returned).</param>
/// <param name="User">v3: the USM user name, else null.</param>
/// <param name="AuthProtocol">v3: the authentication protocol, or null.</param>
/// <param name="AuthPasswordSet">v3: an authentication pass phrase is set (never returned).</param>
/// <param name="PrivProtocol">v3: the privacy protocol, or null.</param>
/// <param name="PrivPasswordSet">v3: a privacy pass phrase is set (never returned).</param>
/// <param name="Source">Where it is configured: a file's full path, <c>environment variables (ALPI_)</c>, <c>command line</c>… (see <see cref="ConfigurationSources"/>).</param>
/// <param name="Key">Its configuration key, <c>Agent:Snmp:Devices:0</c>.</param>
public sealed record SnmpDeviceDto(string Name, string Address, string Version, string? Profile, double IntervalSeconds, double TimeoutSeconds, int Retries,
    bool CommunitySet, string? User, string? AuthProtocol, bool AuthPasswordSet, string? PrivProtocol, bool PrivPasswordSet, string? Source, string Key);

/// <summary>The trap receiver (<c>Collector:Traps</c>).</summary>
/// <param name="Enabled">Whether it listens.</param>
/// <param name="Port">Its UDP port.</param>
/// <param name="Communities">How many v1/v2c communities are accepted (0: any); the communities themselves are never returned.</param>
/// <param name="Users">The SNMPv3 USM users accepted.</param>
/// <param name="Sources">Source ranges mapped to a tenant and a device name.</param>
/// <param name="DefaultTenant">The tenant of unmapped sources.</param>
/// <param name="Source">Where its credentials are configured, or null when they are the defaults.</param>
public sealed record TrapCredentialsDto(bool Enabled, int Port, int Communities, IReadOnlyList<TrapUserDto> Users, IReadOnlyList<TrapSourceDto> Sources,
    string DefaultTenant, string? Source);

/// <summary>One SNMPv3 user of the trap receiver, without its pass phrases.</summary>
/// <param name="UserName">The USM user name.</param>
/// <param name="EngineId">The sender's engine id (hex), or null for any engine.</param>
/// <param name="AuthProtocol">The authentication protocol.</param>
/// <param name="PrivProtocol">The privacy protocol.</param>
/// <param name="AuthPasswordSet">An authentication pass phrase is set.</param>
/// <param name="PrivPasswordSet">A privacy pass phrase is set.</param>
public sealed record TrapUserDto(string UserName, string? EngineId, string AuthProtocol, string PrivProtocol, bool AuthPasswordSet, bool PrivPasswordSet);

/// <summary>A trap source range.</summary>
/// <param name="Cidr">The range.</param>
/// <param name="Tenant">Its tenant.</param>
/// <param name="Device">Its device name, or null for the source address.</param>
public sealed record TrapSourceDto(string Cidr, string Tenant, string? Device);

/// <summary>A NAS client (Cigale terminal) of the bundled hotspot controller, never with its RADIUS secret.</summary>
/// <param name="Name">Its unique name (its <c>host</c> in the dashboard).</param>
/// <param name="Address">Source address or CIDR network.</param>
/// <param name="Tenant">The member body operating it.</param>
/// <param name="Group">Its terminal group (access policy).</param>
/// <param name="RequireMessageAuthenticator">Access-Requests without Message-Authenticator are dropped (CVE-2024-3596).</param>
/// <param name="CoaPort">Its Dynamic Authorization (CoA/Disconnect) UDP port, RFC 5176 §2.3.</param>
/// <param name="Latitude">WGS 84 degrees, or null.</param>
/// <param name="Longitude">WGS 84 degrees, or null.</param>
/// <param name="Source"><c>database</c> (managed here, by the hotspot's CLI or its API) or <c>configuration</c> (<c>Hotspot:Radius:Clients</c>, read only).</param>
/// <param name="Warning">
/// Only in the answer to a POST or PATCH whose secret is shorter than RFC 2865 §3 recommends (16 octets): the client is saved
/// all the same, and this says so (<c>{"code":"short_secret","octets":3,"recommendedOctets":16,"message":"…"}</c>); absent otherwise.
/// </param>
public sealed record NasClientDto(string Name, string Address, string Tenant, string Group, bool RequireMessageAuthenticator, int CoaPort, double? Latitude,
    double? Longitude, string Source, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ShortSecretWarning? Warning = null);

/// <summary>
/// The body of <c>POST /api/admin/nas</c> (a new client: <c>name</c>, <c>address</c> and <c>secret</c> required) and of
/// <c>PATCH /api/admin/nas/{name}</c> (members given replace, absent or null ones keep their value, except <c>latitude</c> and
/// <c>longitude</c>, which an explicit null clears, <see cref="NasLocationMembers"/>; <c>name</c>, when given, must be the path's: no renaming).
/// </summary>
/// <param name="Name">The new client's name (POST only), 1 to 64 characters.</param>
/// <param name="Address">IP address or CIDR network.</param>
/// <param name="Secret">The RADIUS shared secret (RFC 2865 §3); write only.</param>
/// <param name="Tenant">Member body (default <c>default</c>).</param>
/// <param name="Group">Terminal group (default <c>default</c>).</param>
/// <param name="RequireMessageAuthenticator">Default true.</param>
/// <param name="CoaPort">1 to 65535, default 3799.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NasClientRequest(string? Name, string? Address, string? Secret, string? Tenant, string? Group, bool? RequireMessageAuthenticator,
    int? CoaPort) : NasLocationMembers;

/// <summary>Source-generated JSON of the administration API (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SnmpConfigurationDto))]
[JsonSerializable(typeof(IReadOnlyList<NasClientDto>))]
[JsonSerializable(typeof(NasClientDto))]
[JsonSerializable(typeof(NasClientRequest))]
internal sealed partial class AdministrationJson : JsonSerializerContext;
