using System.Net;
using Alpi.Collector.Traps;

namespace Alpi.Collector.Tests.Traps;

public class TrapSourceMapTests
{
    private static readonly TrapSourceMap Map = new(new TrapReceiverOptions
    {
        Sources =
        [
            new TrapSourceOptions { Cidr = "192.0.2.7/32", Tenant = "mairie-a", Device = "core-switch" },
            new TrapSourceOptions { Cidr = "192.0.2.0/24", Tenant = "mairie-a" },
            new TrapSourceOptions { Cidr = "10.0.0.0/8", Tenant = "sdis" },
            new TrapSourceOptions { Cidr = "2001:db8::/32", Tenant = "v6-site" },
        ],
    });

    // A /32 with a device name, listed first, wins over the /24 that also contains it.
    [TestCase("192.0.2.7", "mairie-a", "core-switch")]
    // Inside the /24 only: tenant from the range, device is the address.
    [TestCase("192.0.2.8", "mairie-a", "192.0.2.8")]
    [TestCase("10.200.3.4", "sdis", "10.200.3.4")]
    // An IPv4-mapped IPv6 source (dual-mode socket) matches the IPv4 range and is named as IPv4.
    [TestCase("::ffff:10.1.2.3", "sdis", "10.1.2.3")]
    [TestCase("2001:db8::1", "v6-site", "2001:db8::1")]
    // No range: the default tenant.
    [TestCase("198.51.100.1", "default", "198.51.100.1")]
    public void Resolve_FirstMatchingRangeWins(string source, string tenant, string device)
    {
        Map.Resolve(IPAddress.Parse(source)).Should().Be((tenant, device));
    }
}
