using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using Alpi.Protocols.Mqtt;

namespace Alpi.Agent.Inventory;

/// <summary>Builds the agent's birth message: host name, OS, kernel, agent version and IP addresses of this machine.</summary>
internal static class InventoryProbe
{
    /// <summary>The inventory of this machine, with <c>status</c> <c>online</c>.</summary>
    /// <param name="startedAt">When the agent started (UTC).</param>
    /// <param name="site">The agent's <see cref="AgentOptions.Site"/>; null or empty for none (then not sent).</param>
    public static HostStatusMessage Probe(DateTimeOffset startedAt, string? site) => new()
    {
        Status = HostStatusMessage.Online,
        Hostname = Environment.MachineName,
        Os = OperatingSystem.IsWindows() ? "Windows" : OperatingSystem.IsLinux() ? "Linux" : RuntimeInformation.OSDescription,
        OsVersion = ReadOsVersion(),
        Kernel = OperatingSystem.IsLinux() ? ReadFirstLine("/proc/sys/kernel/osrelease") : Environment.OSVersion.Version.ToString(),
        AgentVersion = typeof(InventoryProbe).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0],
        IpAddresses = ReadAddresses(),
        StartedAt = startedAt,
        Site = string.IsNullOrEmpty(site) ? null : site,
    };

    private static string ReadOsVersion()
    {
        // os-release(5): PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
        const string path = "/etc/os-release";
        if (OperatingSystem.IsLinux() && File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                {
                    return line["PRETTY_NAME=".Length..].Trim('"');
                }
            }
        }

        return RuntimeInformation.OSDescription;
    }

    private static string? ReadFirstLine(string path) => File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() : null;

    private static List<string> ReadAddresses()
    {
        var addresses = new List<string>();
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                {
                    continue;
                }

                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    var address = unicast.Address;
                    if (address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 && !address.IsIPv6LinkLocal)
                    {
                        addresses.Add(address.ToString());
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Inventory is best effort: a machine without readable interfaces still reports its other facts.
        }

        return addresses;
    }
}
