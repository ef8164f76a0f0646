namespace Alpi.HotspotController.Radius;

/// <summary>
/// A NAS client declared in configuration (<c>Hotspot:Radius:Clients:N</c>), like a FreeRADIUS <c>client</c> section;
/// the same fields as <see cref="Nas.NasClient"/>, which <c>nas add</c> stores in the database.
/// </summary>
public sealed class RadiusClientOptions
{
    /// <summary>Unique name (the terminal's name). Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>Source address or network: <c>192.0.2.10</c>, <c>192.0.2.0/24</c>, <c>2001:db8::/64</c>. Required.</summary>
    public string Address { get; set; } = "";

    /// <summary>The shared secret (RFC 2865 §3; UTF-8 octets on the wire). Required.</summary>
    public string Secret { get; set; } = "";

    /// <summary>Tenant (member body) operating the terminal. Default <c>default</c>.</summary>
    public string Tenant { get; set; } = "default";

    /// <summary>Terminal group whose access policy applies (<c>Hotspot:Policies:&lt;group&gt;</c>). Default <c>default</c>.</summary>
    public string GroupName { get; set; } = "default";

    /// <summary>True (default) to drop Access-Requests without a valid Message-Authenticator (CVE-2024-3596); false only for legacy NAS.</summary>
    public bool RequireMessageAuthenticator { get; set; } = true;

    /// <summary>UDP port of the NAS's Dynamic Authorization server (RFC 5176 §2.3). Default 3799.</summary>
    public int CoaPort { get; set; } = 3799;

    /// <summary>This terminal's MAC-authentication password (CoovaChilli <c>macpasswd</c>), or null for <see cref="RadiusServerOptions.MacPassword"/>.</summary>
    public string? MacPassword { get; set; }

    /// <summary>The client as the database stores it.</summary>
    public Nas.NasClient ToNasClient() => new()
    {
        Name = Name,
        Address = Address,
        Secret = Secret,
        Tenant = Tenant,
        GroupName = GroupName,
        RequireMessageAuthenticator = RequireMessageAuthenticator,
        CoaPort = CoaPort,
    };
}
