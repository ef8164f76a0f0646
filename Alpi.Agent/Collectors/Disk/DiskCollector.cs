using Alpi.Agent.Collectors.HostFiles;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Collectors.Disk;

/// <summary>
/// Space and inode usage of each mounted disk file system, from <c>/proc/self/mounts</c> (proc(5)) and
/// <c>statvfs(3)</c>, as Telegraf's <c>disk</c> input plugin reports it: measurement <c>disk</c>, tags <c>path</c>
/// (mount point), <c>device</c> (without <c>/dev/</c>), <c>fstype</c>, <c>mode</c> (<c>rw</c>/<c>ro</c>); integer
/// fields in bytes <c>total</c>, <c>free</c> (available to unprivileged users, f_bavail), <c>used</c>
/// (total − f_bfree), the float <c>used_percent</c> = used / (used + free) × 100, and the integer counts
/// <c>inodes_total</c>, <c>inodes_free</c>, <c>inodes_used</c>.
/// </summary>
/// <remarks>
/// Pseudo file systems (<see cref="PseudoFileSystems"/>) are left out. A mount point mounted over keeps only its last
/// (visible) entry, and a device mounted at several places (bind mounts) is reported once, at its shortest mount point.
/// When <c>statvfs</c> fails for a mount point, the others are still added and an <see cref="IOException"/> naming the
/// failed ones is thrown at the end, so the agent logs and counts it.
/// </remarks>
internal sealed class DiskCollector : IMetricCollector
{
    private readonly IHostFileSystem _files;
    private readonly IFileSystemUsage _usage;

    /// <summary>Reads the mount table through <paramref name="files"/> and space figures through <paramref name="usage"/>.</summary>
    public DiskCollector(IHostFileSystem files, IFileSystemUsage usage)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(usage);
        _files = files;
        _usage = usage;
    }

    /// <inheritdoc />
    public string Name => "disk";

    /// <inheritdoc />
    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var path = _files.Exists(MountTable.SelfPath) ? MountTable.SelfPath : MountTable.LegacyPath;
        var mounts = MountTable.Parse(_files.ReadAllText(path), _files.GetFullPath(path));

        List<string>? failures = null;
        foreach (var mount in SelectDisks(mounts))
        {
            FileSystemUsage usage;
            try
            {
                usage = _usage.GetUsage(mount.MountPoint);
            }
            catch (IOException e)
            {
                (failures ??= []).Add(e.Message);
                continue;
            }

            sink.Add(ToPoint(mount, usage));
        }

        if (failures is not null)
        {
            throw new IOException(string.Join(" ", failures));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The disk file systems to report, in mount-table order, without pseudo file systems, hidden mounts and bind-mount duplicates.</summary>
    internal static List<MountEntry> SelectDisks(IReadOnlyList<MountEntry> mounts)
    {
        var lastAtMountPoint = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < mounts.Count; i++)
        {
            lastAtMountPoint[mounts[i].MountPoint] = i;
        }

        var keptByDevice = new Dictionary<string, int>(StringComparer.Ordinal);
        var kept = new List<MountEntry?>();
        for (var i = 0; i < mounts.Count; i++)
        {
            var mount = mounts[i];
            if (PseudoFileSystems.Types.Contains(mount.FileSystemType) || lastAtMountPoint[mount.MountPoint] != i)
            {
                continue;
            }

            if (keptByDevice.TryGetValue(mount.Device, out var index))
            {
                if (mount.MountPoint.Length < kept[index]!.MountPoint.Length)
                {
                    kept[index] = mount;
                }

                continue;
            }

            keptByDevice[mount.Device] = kept.Count;
            kept.Add(mount);
        }

        return kept.ConvertAll(m => m!);
    }

    private static LinePoint ToPoint(MountEntry mount, FileSystemUsage usage)
    {
        var used = usage.TotalBytes - usage.FreeBytes;
        var free = usage.AvailableBytes;
        var usedPercent = used + free == 0 ? 0 : (double)used / ((double)used + free) * 100;
        return new LinePoint(
            "disk",
            [
                new("path", mount.MountPoint),
                new("device", mount.Device.Replace("/dev/", string.Empty, StringComparison.Ordinal)),
                new("fstype", mount.FileSystemType),
                new("mode", mount.Mode),
            ],
            [
                new("total", FieldValue.Integer((long)usage.TotalBytes)),
                new("free", FieldValue.Integer((long)free)),
                new("used", FieldValue.Integer((long)used)),
                new("used_percent", FieldValue.Float(usedPercent)),
                new("inodes_total", FieldValue.Integer((long)usage.TotalInodes)),
                new("inodes_free", FieldValue.Integer((long)usage.FreeInodes)),
                new("inodes_used", FieldValue.Integer((long)(usage.TotalInodes - usage.FreeInodes))),
            ],
            null);
    }
}
