using System.Globalization;
using System.Net.Sockets;

namespace Alpi.HotspotController.Radius;

/// <summary>
/// The datagrams Linux dropped for one UDP socket because its receive buffer was full: the <c>drops</c> column of
/// <c>/proc/net/udp</c> and <c>/proc/net/udp6</c> (proc(5); the kernel's <c>sk_drops</c>), found by the socket's inode
/// (the target of <c>/proc/self/fd/N</c>, <c>socket:[inode]</c>). Read on demand, never per datagram. Thread-safe.
/// </summary>
internal sealed class UdpSocketDrops
{
    private static readonly string[] Tables = ["/proc/net/udp", "/proc/net/udp6"];
    private readonly string _inode;
    private long _last;

    private UdpSocketDrops(string inode) => _inode = inode;

    /// <summary>The counter of <paramref name="socket"/>, or null where there is none to read (not Linux, no /proc).</summary>
    public static UdpSocketDrops? TryOpen(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            // "socket:[2835231]"
            var target = new FileInfo($"/proc/self/fd/{socket.Handle.ToInt64().ToString(CultureInfo.InvariantCulture)}").LinkTarget;
            if (target is null || !target.StartsWith("socket:[", StringComparison.Ordinal) || !target.EndsWith(']'))
            {
                return null;
            }

            var drops = new UdpSocketDrops(target["socket:[".Length..^1]);
            return drops.TryRead(out _) ? drops : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The datagrams dropped since the socket was opened; once it is closed (no longer listed), the last count read.
    /// </summary>
    public long Read()
    {
        TryRead(out var drops);
        return drops;
    }

    private bool TryRead(out long drops)
    {
        foreach (var table in Tables)
        {
            try
            {
                foreach (var line in File.ReadLines(table).Skip(1))
                {
                    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ref pointer drops
                    var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (fields.Length >= 13 && fields[9] == _inode && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                    {
                        Interlocked.Exchange(ref _last, count);
                        drops = count;
                        return true;
                    }
                }
            }
            catch (IOException)
            {
                // No IPv6 table on a kernel without IPv6: try the next.
            }
        }

        drops = Interlocked.Read(ref _last);
        return false;
    }
}
