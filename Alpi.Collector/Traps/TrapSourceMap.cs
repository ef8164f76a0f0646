using System.Net;

namespace Alpi.Collector.Traps;

/// <summary>
/// Maps a trap's source address to the tenant and device it belongs to: the first <see cref="TrapSourceOptions"/>
/// whose CIDR range contains the address, else <see cref="TrapReceiverOptions.DefaultTenant"/>; the device is the
/// entry's <see cref="TrapSourceOptions.Device"/>, else the source IP address as text.
/// </summary>
public sealed class TrapSourceMap
{
    private readonly (IPNetwork Network, string Tenant, string? Device)[] _entries;
    private readonly string _defaultTenant;

    /// <summary>Builds the map from validated options (entries whose CIDR does not parse are skipped).</summary>
    /// <param name="options">The receiver options.</param>
    public TrapSourceMap(TrapReceiverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _defaultTenant = options.DefaultTenant;
        _entries = options.Sources
            .Select(s => (Ok: IPNetwork.TryParse(s.Cidr, out var network), network, s.Tenant, s.Device))
            .Where(e => e.Ok)
            .Select(e => (e.network, e.Tenant, e.Device))
            .ToArray();
    }

    /// <summary>The tenant and device of traps from <paramref name="source"/> (an IPv4-mapped IPv6 address counts as IPv4).</summary>
    /// <param name="source">The datagram's source address.</param>
    /// <returns>Tenant and device name.</returns>
    public (string Tenant, string Device) Resolve(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.IsIPv4MappedToIPv6)
        {
            source = source.MapToIPv4();
        }

        foreach (var (network, tenant, device) in _entries)
        {
            if (network.Contains(source))
            {
                return (tenant, device ?? source.ToString());
            }
        }

        return (_defaultTenant, source.ToString());
    }
}
