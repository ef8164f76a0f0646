using System.Collections.Frozen;

namespace Alpi.Protocols.Radius;

/// <summary>
/// The attributes the controller knows by name: the standard attributes of RFC 2865 §5, RFC 2866 §5, RFC 2869 §5,
/// RFC 3579 §3 and RFC 5176 §3.5, and the vendor attributes of WISPr (vendor 14122) and ChilliSpot/CoovaChilli
/// (vendor 14559). Names, numbers and types follow FreeRADIUS 3.2 (<c>dictionary.rfc2865</c>, <c>dictionary.rfc2866</c>,
/// <c>dictionary.rfc2869</c>, <c>dictionary.rfc3576</c>, <c>dictionary.wispr</c>, <c>dictionary.chillispot</c>), the
/// reference implementation.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A RADIUS dictionary, as FreeRADIUS names its attribute definitions; not a collection type.")]
public static class RadiusDictionary
{
    /// <summary>The WISPr vendor id (Wi-Fi Alliance, WISPr 1.0 appendix D).</summary>
    public const uint WisprVendorId = 14122;

    /// <summary>The ChilliSpot/CoovaChilli vendor id.</summary>
    public const uint ChilliSpotVendorId = 14559;

    private static readonly RadiusAttributeDefinition[] Definitions =
    [
        // RFC 2865
        new("User-Name", 0, 1, RadiusValueType.Text),
        new("User-Password", 0, 2, RadiusValueType.Text),
        new("CHAP-Password", 0, 3, RadiusValueType.Octets),
        new("NAS-IP-Address", 0, 4, RadiusValueType.IPv4Address),
        new("NAS-Port", 0, 5, RadiusValueType.Integer),
        new("Service-Type", 0, 6, RadiusValueType.Integer),
        new("Framed-Protocol", 0, 7, RadiusValueType.Integer),
        new("Framed-IP-Address", 0, 8, RadiusValueType.IPv4Address),
        new("Framed-IP-Netmask", 0, 9, RadiusValueType.IPv4Address),
        new("Framed-Routing", 0, 10, RadiusValueType.Integer),
        new("Filter-Id", 0, 11, RadiusValueType.Text),
        new("Framed-MTU", 0, 12, RadiusValueType.Integer),
        new("Framed-Compression", 0, 13, RadiusValueType.Integer),
        new("Login-IP-Host", 0, 14, RadiusValueType.IPv4Address),
        new("Login-Service", 0, 15, RadiusValueType.Integer),
        new("Login-TCP-Port", 0, 16, RadiusValueType.Integer),
        new("Reply-Message", 0, 18, RadiusValueType.Text),
        new("Callback-Number", 0, 19, RadiusValueType.Text),
        new("Callback-Id", 0, 20, RadiusValueType.Text),
        new("Framed-Route", 0, 22, RadiusValueType.Text),
        new("Framed-IPX-Network", 0, 23, RadiusValueType.IPv4Address),
        new("State", 0, 24, RadiusValueType.Octets),
        new("Class", 0, 25, RadiusValueType.Octets),
        new("Vendor-Specific", 0, 26, RadiusValueType.VendorSpecific),
        new("Session-Timeout", 0, 27, RadiusValueType.Integer),
        new("Idle-Timeout", 0, 28, RadiusValueType.Integer),
        new("Termination-Action", 0, 29, RadiusValueType.Integer),
        new("Called-Station-Id", 0, 30, RadiusValueType.Text),
        new("Calling-Station-Id", 0, 31, RadiusValueType.Text),
        new("NAS-Identifier", 0, 32, RadiusValueType.Text),
        new("Proxy-State", 0, 33, RadiusValueType.Octets),
        new("Login-LAT-Service", 0, 34, RadiusValueType.Text),
        new("Login-LAT-Node", 0, 35, RadiusValueType.Text),
        new("Login-LAT-Group", 0, 36, RadiusValueType.Octets),
        new("Framed-AppleTalk-Link", 0, 37, RadiusValueType.Integer),
        new("Framed-AppleTalk-Network", 0, 38, RadiusValueType.Integer),
        new("Framed-AppleTalk-Zone", 0, 39, RadiusValueType.Text),
        new("CHAP-Challenge", 0, 60, RadiusValueType.Octets),
        new("NAS-Port-Type", 0, 61, RadiusValueType.Integer),
        new("Port-Limit", 0, 62, RadiusValueType.Integer),
        new("Login-LAT-Port", 0, 63, RadiusValueType.Text),
        // RFC 2866
        new("Acct-Status-Type", 0, 40, RadiusValueType.Integer),
        new("Acct-Delay-Time", 0, 41, RadiusValueType.Integer),
        new("Acct-Input-Octets", 0, 42, RadiusValueType.Integer),
        new("Acct-Output-Octets", 0, 43, RadiusValueType.Integer),
        new("Acct-Session-Id", 0, 44, RadiusValueType.Text),
        new("Acct-Authentic", 0, 45, RadiusValueType.Integer),
        new("Acct-Session-Time", 0, 46, RadiusValueType.Integer),
        new("Acct-Input-Packets", 0, 47, RadiusValueType.Integer),
        new("Acct-Output-Packets", 0, 48, RadiusValueType.Integer),
        new("Acct-Terminate-Cause", 0, 49, RadiusValueType.Integer),
        new("Acct-Multi-Session-Id", 0, 50, RadiusValueType.Text),
        new("Acct-Link-Count", 0, 51, RadiusValueType.Integer),
        // RFC 2869 (EAP-Message and Message-Authenticator are RFC 3579 §3)
        new("Acct-Input-Gigawords", 0, 52, RadiusValueType.Integer),
        new("Acct-Output-Gigawords", 0, 53, RadiusValueType.Integer),
        new("Event-Timestamp", 0, 55, RadiusValueType.Date),
        new("ARAP-Password", 0, 70, RadiusValueType.Octets),
        new("ARAP-Features", 0, 71, RadiusValueType.Octets),
        new("ARAP-Zone-Access", 0, 72, RadiusValueType.Integer),
        new("ARAP-Security", 0, 73, RadiusValueType.Integer),
        new("ARAP-Security-Data", 0, 74, RadiusValueType.Text),
        new("Password-Retry", 0, 75, RadiusValueType.Integer),
        new("Prompt", 0, 76, RadiusValueType.Integer),
        new("Connect-Info", 0, 77, RadiusValueType.Text),
        new("Configuration-Token", 0, 78, RadiusValueType.Text),
        new("EAP-Message", 0, 79, RadiusValueType.Octets),
        new("Message-Authenticator", 0, 80, RadiusValueType.Octets),
        new("ARAP-Challenge-Response", 0, 84, RadiusValueType.Octets),
        new("Acct-Interim-Interval", 0, 85, RadiusValueType.Integer),
        new("NAS-Port-Id", 0, 87, RadiusValueType.Text),
        new("Framed-Pool", 0, 88, RadiusValueType.Text),
        // RFC 5176
        new("Error-Cause", 0, 101, RadiusValueType.Integer),
        // wispr (vendor 14122), FreeRADIUS dictionary.wispr
        new("WISPr-Location-ID", 14122, 1, RadiusValueType.Text),
        new("WISPr-Location-Name", 14122, 2, RadiusValueType.Text),
        new("WISPr-Logoff-URL", 14122, 3, RadiusValueType.Text),
        new("WISPr-Redirection-URL", 14122, 4, RadiusValueType.Text),
        new("WISPr-Bandwidth-Min-Up", 14122, 5, RadiusValueType.Integer),
        new("WISPr-Bandwidth-Min-Down", 14122, 6, RadiusValueType.Integer),
        new("WISPr-Bandwidth-Max-Up", 14122, 7, RadiusValueType.Integer),
        new("WISPr-Bandwidth-Max-Down", 14122, 8, RadiusValueType.Integer),
        new("WISPr-Session-Terminate-Time", 14122, 9, RadiusValueType.Text),
        new("WISPr-Session-Terminate-End-Of-Day", 14122, 10, RadiusValueType.Text),
        new("WISPr-Billing-Class-Of-Service", 14122, 11, RadiusValueType.Text),
        // chillispot (vendor 14559), FreeRADIUS dictionary.chillispot
        new("ChilliSpot-Max-Input-Octets", 14559, 1, RadiusValueType.Integer),
        new("ChilliSpot-Max-Output-Octets", 14559, 2, RadiusValueType.Integer),
        new("ChilliSpot-Max-Total-Octets", 14559, 3, RadiusValueType.Integer),
        new("ChilliSpot-Bandwidth-Max-Up", 14559, 4, RadiusValueType.Integer),
        new("ChilliSpot-Bandwidth-Max-Down", 14559, 5, RadiusValueType.Integer),
        new("ChilliSpot-Config", 14559, 6, RadiusValueType.Text),
        new("ChilliSpot-Lang", 14559, 7, RadiusValueType.Text),
        new("ChilliSpot-Version", 14559, 8, RadiusValueType.Text),
        new("ChilliSpot-OriginalURL", 14559, 9, RadiusValueType.Text),
        new("ChilliSpot-UAM-Allowed", 14559, 100, RadiusValueType.Text),
        new("ChilliSpot-MAC-Allowed", 14559, 101, RadiusValueType.Text),
        new("ChilliSpot-Interval", 14559, 102, RadiusValueType.Integer),
    ];

    private static readonly FrozenDictionary<(uint VendorId, byte Type), RadiusAttributeDefinition> ByNumber =
        Definitions.ToFrozenDictionary(d => (d.VendorId, d.Type));

    private static readonly FrozenDictionary<string, RadiusAttributeDefinition> ByName =
        Definitions.ToFrozenDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every known attribute, standard ones first, in number order within each group.</summary>
    public static IReadOnlyList<RadiusAttributeDefinition> All => Definitions;

    /// <summary>Looks up a standard attribute (RFC 2865 §5).</summary>
    /// <param name="type">The attribute type.</param>
    /// <param name="definition">The definition, or null.</param>
    /// <returns>Whether the attribute is known.</returns>
    public static bool TryGet(byte type, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RadiusAttributeDefinition? definition) =>
        ByNumber.TryGetValue((0, type), out definition);

    /// <summary>Looks up a vendor attribute (RFC 2865 §5.26).</summary>
    /// <param name="vendorId">The vendor's Private Enterprise Code.</param>
    /// <param name="vendorType">The vendor type.</param>
    /// <param name="definition">The definition, or null.</param>
    /// <returns>Whether the attribute is known.</returns>
    public static bool TryGet(uint vendorId, byte vendorType, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RadiusAttributeDefinition? definition) =>
        ByNumber.TryGetValue((vendorId, vendorType), out definition);

    /// <summary>Looks up an attribute by name, ignoring case (for example <c>Session-Timeout</c>).</summary>
    /// <param name="name">The FreeRADIUS name.</param>
    /// <param name="definition">The definition, or null.</param>
    /// <returns>Whether the attribute is known.</returns>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RadiusAttributeDefinition? definition)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ByName.TryGetValue(name, out definition);
    }

    /// <summary>The definition of an attribute as decoded, or null when it is not in the dictionary.</summary>
    public static RadiusAttributeDefinition? Describe(RadiusAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return attribute.IsVendorSpecific
            ? (TryGet(attribute.VendorId, attribute.VendorType, out var vendor) ? vendor : null)
            : (TryGet(attribute.Type, out var standard) ? standard : null);
    }
}
