using System.Runtime.Versioning;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Collectors.Windows;

/// <summary>
/// Space on each ready fixed drive on Windows from <see cref="DriveInfo"/>, under Telegraf's <c>disk</c> names:
/// measurement <c>disk</c>, tags <c>path</c> and <c>device</c> (<c>C:</c>), <c>fstype</c> (<c>NTFS</c>), <c>mode</c>;
/// integer fields in bytes <c>total</c>, <c>free</c> (available to the agent's account), <c>used</c> (total − free
/// space), float <c>used_percent</c> = used / (used + free) × 100. Windows has no inode counts.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsDiskCollector : IMetricCollector
{
    /// <inheritdoc />
    public string Name => "disk";

    /// <inheritdoc />
    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        foreach (var drive in DriveInfo.GetDrives())
        {
            if (drive.DriveType != DriveType.Fixed || !drive.IsReady)
            {
                continue;
            }

            var name = drive.Name.TrimEnd('\\');
            var total = drive.TotalSize;
            var free = drive.AvailableFreeSpace;
            var used = total - drive.TotalFreeSpace;
            sink.Add(new LinePoint(
                "disk",
                [new("path", name), new("device", name), new("fstype", drive.DriveFormat), new("mode", "rw")],
                [
                    new("total", FieldValue.Integer(total)),
                    new("free", FieldValue.Integer(free)),
                    new("used", FieldValue.Integer(used)),
                    new("used_percent", FieldValue.Float(used + free == 0 ? 0 : (double)used / ((double)used + free) * 100)),
                ],
                null));
        }

        return ValueTask.CompletedTask;
    }
}
