using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alpi.Agent.Collectors.Snmp;

/// <summary>
/// System.Text.Json source-generated metadata for the device profile files (<see cref="SnmpProfile"/>): camelCase or
/// any case, comments and trailing commas allowed, OIDs as dotted text (<see cref="OidJsonConverter"/>). Generated at
/// build time so that the profiles load without reflection in a trimmed or Native AOT agent. (Oid's span property
/// <c>Arcs</c> gets no generated metadata, hence SYSLIB1225 in the project's NoWarn: none is needed, the converter
/// reads and writes Oid.)
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    Converters = [typeof(OidJsonConverter)])]
[JsonSerializable(typeof(SnmpProfile))]
internal sealed partial class SnmpProfileJsonContext : JsonSerializerContext;
