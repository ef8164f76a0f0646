using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Collectors.Windows;

/// <summary>
/// Physical memory on Windows from <c>GlobalMemoryStatusEx</c>, with the fields Telegraf's <c>mem</c> plugin reports
/// there: measurement <c>mem</c>, integer fields in bytes <c>total</c>, <c>available</c>, <c>used</c> (total − available),
/// <c>free</c> (= available, as gopsutil does on Windows), float percentages <c>available_percent</c>, <c>used_percent</c>.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsMemCollector : IMetricCollector
{
    /// <inheritdoc />
    public string Name => "mem";

    /// <inheritdoc />
    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var status = new WindowsNativeMethods.MemoryStatusEx { Length = (uint)Marshal.SizeOf<WindowsNativeMethods.MemoryStatusEx>() };
        if (!WindowsNativeMethods.GlobalMemoryStatusEx(ref status))
        {
            throw new IOException("GlobalMemoryStatusEx failed.", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        var total = (long)status.TotalPhys;
        var available = (long)status.AvailPhys;
        var used = total - available;
        sink.Add(new LinePoint(
            "mem",
            [],
            [
                new("total", FieldValue.Integer(total)),
                new("available", FieldValue.Integer(available)),
                new("used", FieldValue.Integer(used)),
                new("free", FieldValue.Integer(available)),
                new("available_percent", FieldValue.Float(total == 0 ? 0 : 100.0 * available / total)),
                new("used_percent", FieldValue.Float(total == 0 ? 0 : 100.0 * used / total)),
            ],
            null));
        return ValueTask.CompletedTask;
    }
}
