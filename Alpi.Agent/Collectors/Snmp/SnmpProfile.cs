using System.Text.Json.Serialization;
using Alpi.Protocols.Snmp;

namespace Alpi.Agent.Collectors.Snmp;

/// <summary>
/// A device profile, read from a JSON data file (never from MIB files at run time, as snmp_exporter's generator
/// separates the two): which scalars and table columns to fetch and how they become line-protocol points.
/// </summary>
internal sealed record SnmpProfile
{
    /// <summary>The profile's name, as <see cref="SnmpDeviceOptions.Profile"/> and <see cref="Includes"/> spell it.</summary>
    public required string Name { get; init; }

    /// <summary>sysObjectID prefixes (SNMPv2-MIB, RFC 3418) of the devices this profile is for; the longest match wins.</summary>
    public IReadOnlyList<Oid> SysObjectIdPrefixes { get; init => field = value ?? []; } = [];

    /// <summary>Other profiles whose scalars and tables this one adds.</summary>
    public IReadOnlyList<string> Includes { get; init => field = value ?? []; } = [];

    /// <summary>Single objects fetched with GET.</summary>
    public IReadOnlyList<SnmpScalarDefinition> Scalars { get; init => field = value ?? []; } = [];

    /// <summary>Conceptual tables fetched by walking their columns (RFC 2578 §7.1.12).</summary>
    public IReadOnlyList<SnmpTableDefinition> Tables { get; init => field = value ?? []; } = [];
}

/// <summary>One scalar object instance (an OID ending in <c>.0</c>, or a fixed row) and the field it becomes.</summary>
internal sealed record SnmpScalarDefinition
{
    /// <summary>The measurement the field goes to (<c>snmp_system</c>).</summary>
    public required string Measurement { get; init; }

    /// <summary>The object instance OID.</summary>
    public required Oid Oid { get; init; }

    /// <summary>The field name.</summary>
    public required string Field { get; init; }

    /// <summary>How the value is read.</summary>
    public required SnmpFieldKind Kind { get; init; }
}

/// <summary>A table: one point per row, tagged from some columns, with fields from others.</summary>
internal sealed record SnmpTableDefinition
{
    /// <summary>The measurement of the rows (<c>snmp_interface</c>).</summary>
    public required string Measurement { get; init; }

    /// <summary>The column whose instances name the rows (<c>ifIndex</c>, 1.3.6.1.2.1.2.2.1.1); a row is its index suffix.</summary>
    public required Oid Index { get; init; }

    /// <summary>A tag key for the row index itself (<c>cpu</c> for hrProcessorTable), or null for none.</summary>
    public string? IndexTag { get; init; }

    /// <summary>Columns that become tags; a missing or empty value adds no tag.</summary>
    public IReadOnlyList<SnmpTagDefinition> Tags { get; init => field = value ?? []; } = [];

    /// <summary>Columns that become fields.</summary>
    public required IReadOnlyList<SnmpColumnDefinition> Fields { get; init; }
}

/// <summary>A column whose text value becomes a tag.</summary>
internal sealed record SnmpTagDefinition
{
    /// <summary>The column OID (without the row index).</summary>
    public required Oid Oid { get; init; }

    /// <summary>The tag key.</summary>
    public required string Tag { get; init; }
}

/// <summary>A column whose value becomes a field.</summary>
internal sealed record SnmpColumnDefinition
{
    /// <summary>The column OID (without the row index).</summary>
    public required Oid Oid { get; init; }

    /// <summary>The field name; counters add <c>&lt;field&gt;_rate</c>.</summary>
    public required string Field { get; init; }

    /// <summary>How the value is read.</summary>
    public required SnmpFieldKind Kind { get; init; }

    /// <summary>A column read instead for rows where <see cref="Oid"/> has no value (ifInOctets for ifHCInOctets, RFC 2863 §3.1.6).</summary>
    public Oid? FallbackOid { get; init; }

    /// <summary>The kind of <see cref="FallbackOid"/>.</summary>
    public SnmpFieldKind? FallbackKind { get; init; }

    /// <summary>A column of the same row the value is multiplied by (hrStorageAllocationUnits, RFC 2790).</summary>
    public Oid? ScaleOid { get; init; }

    /// <summary>For octet counters: a field for the rate × 8 (<c>in_bits_per_second</c>).</summary>
    public string? BitsPerSecondField { get; init; }
}

/// <summary>How a value becomes a field.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SnmpFieldKind>))]
internal enum SnmpFieldKind
{
    /// <summary>Gauge32 or any unsigned number: an unsigned field.</summary>
    Gauge,

    /// <summary>Counter32 (wraps at 2^32): the raw unsigned value and a per-second rate.</summary>
    Counter32,

    /// <summary>Counter64 (a decrease is a reset): the raw unsigned value and a per-second rate.</summary>
    Counter64,

    /// <summary>INTEGER (enumerations too): a signed integer field.</summary>
    Integer,

    /// <summary>OCTET STRING: a string field.</summary>
    String,

    /// <summary>A number, or a string holding a decimal number (UCD-SNMP-MIB laLoad): a float field.</summary>
    Float,

    /// <summary>TimeTicks (hundredths of a second): an unsigned field in seconds.</summary>
    TimeTicks,
}
