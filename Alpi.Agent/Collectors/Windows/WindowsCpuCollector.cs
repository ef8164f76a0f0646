using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Collectors.Windows;

/// <summary>
/// Total CPU usage on Windows from <c>GetSystemTimes</c> deltas, under Telegraf's <c>cpu</c> names: measurement
/// <c>cpu</c>, tag <c>cpu=cpu-total</c>, float percentages (0–100) <c>usage_user</c>, <c>usage_system</c> (kernel
/// minus idle), <c>usage_idle</c>, and the Linux-only states reported as 0 so that dashboards find every field.
/// The first call only stores the sample. Per-CPU figures are not reported.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsCpuCollector : IMetricCollector
{
    private (long Idle, long Kernel, long User)? _previous;

    /// <inheritdoc />
    public string Name => "cpu";

    /// <inheritdoc />
    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (!WindowsNativeMethods.GetSystemTimes(out var idle, out var kernel, out var user))
        {
            throw new IOException("GetSystemTimes failed.", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        var previous = _previous;
        _previous = (idle, kernel, user);
        if (previous is not { } before)
        {
            return ValueTask.CompletedTask;
        }

        double idleDelta = idle - before.Idle;
        double userDelta = user - before.User;
        double systemDelta = (kernel - before.Kernel) - idleDelta;
        var total = idleDelta + userDelta + systemDelta;
        if (total <= 0)
        {
            return ValueTask.CompletedTask;
        }

        sink.Add(new LinePoint(
            "cpu",
            [new("cpu", "cpu-total")],
            [
                new("usage_user", FieldValue.Float(100.0 * userDelta / total)),
                new("usage_system", FieldValue.Float(100.0 * systemDelta / total)),
                new("usage_idle", FieldValue.Float(100.0 * idleDelta / total)),
                new("usage_nice", FieldValue.Float(0)),
                new("usage_iowait", FieldValue.Float(0)),
                new("usage_irq", FieldValue.Float(0)),
                new("usage_softirq", FieldValue.Float(0)),
                new("usage_steal", FieldValue.Float(0)),
                new("usage_guest", FieldValue.Float(0)),
                new("usage_guest_nice", FieldValue.Float(0)),
            ],
            null));
        return ValueTask.CompletedTask;
    }
}
