using System.Net;
using System.Text;
using Alpi.HotspotController.Nas;

namespace Alpi.HotspotController.Radius;

/// <summary>
/// A NAS client as the RADIUS servers use it: the stored <see cref="NasClient"/> with its network parsed, its shared
/// secret as octets (RFC 2865 §3) and its MAC-authentication password. Immutable; a refresh makes new entries.
/// </summary>
public sealed class NasClientEntry
{
    /// <summary>Prepares <paramref name="client"/>.</summary>
    /// <param name="client">The client.</param>
    /// <param name="macPassword">Its MAC-authentication password, empty for the MAC-or-empty rule.</param>
    /// <param name="fromConfiguration">True when declared in <c>Hotspot:Radius:Clients</c>.</param>
    /// <exception cref="FormatException">The client's address is neither an IP address nor a CIDR network.</exception>
    public NasClientEntry(NasClient client, string macPassword, bool fromConfiguration)
    {
        ArgumentNullException.ThrowIfNull(client);
        Client = client;
        Network = client.Network;
        Secret = Encoding.UTF8.GetBytes(client.Secret);
        MacPassword = macPassword ?? "";
        FromConfiguration = fromConfiguration;
    }

    /// <summary>The client as stored or configured.</summary>
    public NasClient Client { get; }

    /// <summary>The client's name (sessions and statistics are keyed by it).</summary>
    public string Name => Client.Name;

    /// <summary>The source network the client's requests come from.</summary>
    public IPNetwork Network { get; }

    /// <summary>The shared secret, UTF-8 octets.</summary>
    public byte[] Secret { get; }

    /// <summary>The MAC-authentication password; empty for the MAC-or-empty rule (see <see cref="Authentication.MacAuthentication"/>).</summary>
    public string MacPassword { get; }

    /// <summary>True when declared in <c>Hotspot:Radius:Clients</c> rather than stored by <c>nas add</c>.</summary>
    public bool FromConfiguration { get; }
}
