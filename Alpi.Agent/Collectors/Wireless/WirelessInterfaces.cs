using Alpi.Agent.Collectors.HostFiles;

namespace Alpi.Agent.Collectors.Wireless;

/// <summary>Finds the host's wireless interfaces in sysfs, to decide whether the collector has anything to do.</summary>
internal static class WirelessInterfaces
{
    /// <summary>
    /// The interfaces of <c>/sys/class/net</c> that have a <c>phy80211</c> link (cfg80211 devices, sysfs-class-net) or a
    /// <c>wireless</c> directory (wireless extensions); empty when <c>/sys/class/net</c> cannot be read (a container
    /// without /sys).
    /// </summary>
    public static List<string> Detect(IHostFileSystem files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var found = new List<string>();
        try
        {
            foreach (var name in files.EnumerateDirectories("sys/class/net"))
            {
                // Two stat(2) per interface rather than listing its folder (some 40 entries, a stat per link in it).
                if (files.DirectoryExists($"sys/class/net/{name}/phy80211") || files.DirectoryExists($"sys/class/net/{name}/wireless"))
                {
                    found.Add(name);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No sysfs here: the collector then relies on /proc/net/wireless alone to decide.
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }
}
