using System.Text.Json;
using Alpi.Protocols.Snmp;

namespace Alpi.Agent.Collectors.Snmp;

/// <summary>
/// The device profiles: the JSON files embedded in this assembly (<c>Collectors/Snmp/Profiles/*.json</c>) plus those of
/// an optional directory, with their includes resolved. A device's profile is the one with the longest
/// sysObjectID prefix (SNMPv2-MIB sysObjectID, RFC 3418) its sysObjectID starts with; <c>generic</c> when none does.
/// </summary>
/// <remarks>
/// Embedded: <c>generic</c> (SNMPv2-MIB system, RFC 3418; IF-MIB ifTable and ifXTable, RFC 2863), <c>host-resources</c>
/// (HOST-RESOURCES-MIB hrStorageTable and hrProcessorTable, RFC 2790), <c>ucd</c> (net-snmp's UCD-SNMP-MIB laTable and
/// memory), <c>ups</c> (UPS-MIB battery, input and output groups, RFC 1628), <c>net-snmp</c> (the three first,
/// for sysObjectID 1.3.6.1.4.1.8072.3.2.x), and the Wi-Fi client counts per SSID (<c>snmp_wifi</c>): <c>mikrotik</c>
/// (MIKROTIK-MIB mtxrWlApTable, sysObjectID 1.3.6.1.4.1.14988.1), <c>unifi</c> (UBNT-UniFi-MIB unifiVapTable,
/// 1.3.6.1.4.1.41112) and <c>cisco-wlc</c> (AIRESPACE-WIRELESS-MIB bsnDot11EssTable, named in the options only).
/// A directory file with an embedded profile's name replaces it.
/// </remarks>
internal sealed class SnmpProfileCatalog
{
    /// <summary>The fallback profile's name.</summary>
    public const string GenericName = "generic";

    private const string ResourcePrefix = "Alpi.Agent.SnmpProfiles.";

    private readonly Dictionary<string, SnmpProfile> _resolved;

    private SnmpProfileCatalog(Dictionary<string, SnmpProfile> resolved) => _resolved = resolved;

    /// <summary>The profile names, sorted.</summary>
    public IEnumerable<string> Names => _resolved.Keys.Order(StringComparer.Ordinal);

    /// <summary>Loads the embedded profiles and those of <paramref name="directory"/> (when set).</summary>
    /// <exception cref="SnmpProfileException">A file is malformed, an include is unknown or circular, or there is no generic profile.</exception>
    public static SnmpProfileCatalog Load(string? directory = null)
    {
        var raw = new Dictionary<string, SnmpProfile>(StringComparer.Ordinal);
        var assembly = typeof(SnmpProfileCatalog).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            Add(raw, Parse(stream, resource));
        }

        if (!string.IsNullOrEmpty(directory))
        {
            if (!Directory.Exists(directory))
            {
                throw new SnmpProfileException($"the profiles directory \"{directory}\" does not exist");
            }

            foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
            {
                using var stream = File.OpenRead(file);
                Add(raw, Parse(stream, file));
            }
        }

        if (!raw.ContainsKey(GenericName))
        {
            throw new SnmpProfileException($"no \"{GenericName}\" profile");
        }

        var resolved = new Dictionary<string, SnmpProfile>(StringComparer.Ordinal);
        foreach (var name in raw.Keys)
        {
            resolved[name] = Resolve(raw, name, []);
        }

        return new SnmpProfileCatalog(resolved);
    }

    /// <summary>Parses one profile file.</summary>
    /// <exception cref="SnmpProfileException">The JSON is malformed or misses a required member.</exception>
    public static SnmpProfile Parse(Stream json, string source)
    {
        SnmpProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize(json, SnmpProfileJsonContext.Default.SnmpProfile);
        }
        catch (JsonException e)
        {
            throw new SnmpProfileException($"{source}: {e.Message}", e);
        }

        if (profile is null || string.IsNullOrWhiteSpace(profile.Name))
        {
            throw new SnmpProfileException($"{source}: the profile has no name");
        }

        foreach (var table in profile.Tables)
        {
            if (table.Fields.Any(f => f.FallbackOid is not null && f.FallbackKind is null))
            {
                throw new SnmpProfileException($"{source}: a field of table {table.Measurement} has a fallbackOid without a fallbackKind");
            }
        }

        return profile;
    }

    /// <summary>Whether a profile of that name exists.</summary>
    public bool Contains(string name) => _resolved.ContainsKey(name);

    /// <summary>The profile of that name, includes resolved.</summary>
    /// <exception cref="KeyNotFoundException">No such profile.</exception>
    public SnmpProfile Get(string name) => _resolved[name];

    /// <summary>The profile with the longest sysObjectID prefix <paramref name="sysObjectId"/> starts with, else generic.</summary>
    public SnmpProfile Select(Oid sysObjectId)
    {
        SnmpProfile? best = null;
        var bestLength = -1;
        foreach (var profile in _resolved.Values)
        {
            foreach (var prefix in profile.SysObjectIdPrefixes)
            {
                if (prefix.Length > bestLength && sysObjectId.StartsWith(prefix))
                {
                    best = profile;
                    bestLength = prefix.Length;
                }
            }
        }

        return best ?? _resolved[GenericName];
    }

    private static void Add(Dictionary<string, SnmpProfile> raw, SnmpProfile profile) => raw[profile.Name] = profile;

    private static SnmpProfile Resolve(Dictionary<string, SnmpProfile> raw, string name, List<string> path)
    {
        if (path.Contains(name, StringComparer.Ordinal))
        {
            throw new SnmpProfileException($"profile includes are circular: {string.Join(" -> ", path)} -> {name}");
        }

        if (!raw.TryGetValue(name, out var profile))
        {
            throw new SnmpProfileException($"profile \"{path[^1]}\" includes unknown profile \"{name}\"");
        }

        path.Add(name);
        var scalars = new List<SnmpScalarDefinition>();
        var tables = new List<SnmpTableDefinition>();
        foreach (var include in profile.Includes)
        {
            var included = Resolve(raw, include, path);
            scalars.AddRange(included.Scalars.Where(s => !scalars.Contains(s)));
            tables.AddRange(included.Tables.Where(t => !tables.Contains(t)));
        }

        path.RemoveAt(path.Count - 1);
        scalars.AddRange(profile.Scalars);
        tables.AddRange(profile.Tables);
        return profile with { Includes = [], Scalars = scalars, Tables = tables };
    }
}
