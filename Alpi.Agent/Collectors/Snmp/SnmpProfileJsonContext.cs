using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alpi.Agent.Collectors.Snmp;

/// <summary>
/// Source-generated JSON reading of profile files (no reflection, so the agent can be trimmed and compiled ahead of
/// time): property names case-insensitive, <c>//</c> and <c>/* */</c> comments and trailing commas allowed, OIDs in
/// dotted text (<see cref="OidJsonConverter"/>).
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true,
    Converters = [typeof(OidJsonConverter)])]
[JsonSerializable(typeof(SnmpProfile))]
internal sealed partial class SnmpProfileJsonContext : JsonSerializerContext;
