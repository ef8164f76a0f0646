using Alpi.Agent.Collectors.HostFiles;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Collectors.Cpu;

/// <summary>
/// CPU usage from <c>/proc/stat</c> (proc(5), "/proc/stat"), as Telegraf's <c>cpu</c> input plugin reports it with its
/// defaults (<c>percpu = true</c>, <c>totalcpu = true</c>, <c>collect_cpu_time = false</c>): measurement <c>cpu</c>,
/// tag <c>cpu</c> = <c>cpu0</c>, <c>cpu1</c>… then <c>cpu-total</c>, float fields <c>usage_user</c>, <c>usage_system</c>,
/// <c>usage_idle</c>, <c>usage_nice</c>, <c>usage_iowait</c>, <c>usage_irq</c>, <c>usage_softirq</c>, <c>usage_steal</c>,
/// <c>usage_guest</c>, <c>usage_guest_nice</c>, each a percentage (0–100) of the time elapsed between two calls.
/// </summary>
/// <remarks>
/// As Telegraf does, guest time is subtracted from user and guest_nice from nice (the kernel counts them in both), and
/// the total excludes guest. The first call only stores the sample; a CPU whose total did not advance (or went back,
/// after a CPU was hot-plugged) is skipped for that interval.
/// </remarks>
internal sealed class CpuCollector : IMetricCollector
{
    private readonly IHostFileSystem _files;
    private Dictionary<string, CpuTimes>? _previous;

    /// <summary>Reads <c>proc/stat</c> through <paramref name="files"/>.</summary>
    public CpuCollector(IHostFileSystem files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = files;
    }

    /// <inheritdoc />
    public string Name => "cpu";

    /// <inheritdoc />
    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var current = ProcStatCpuReader.Read(_files.ReadAllText(ProcStatCpuReader.Path), _files.GetFullPath(ProcStatCpuReader.Path));
        var previous = _previous;
        _previous = new Dictionary<string, CpuTimes>(current.Count, StringComparer.Ordinal);
        foreach (var (name, times) in current)
        {
            _previous[name] = times;
        }

        if (previous is null)
        {
            return ValueTask.CompletedTask;
        }

        // Telegraf adds the per-CPU points first, then cpu-total.
        LinePoint? total = null;
        foreach (var (name, times) in current)
        {
            if (!previous.TryGetValue(name, out var before))
            {
                continue;
            }

            var isTotal = string.Equals(name, "cpu", StringComparison.Ordinal);
            var point = ToPoint(isTotal ? "cpu-total" : name, before, times);
            if (point is null)
            {
                continue;
            }

            if (isTotal)
            {
                total = point;
            }
            else
            {
                sink.Add(point);
            }
        }

        if (total is not null)
        {
            sink.Add(total);
        }

        return ValueTask.CompletedTask;
    }

    private static LinePoint? ToPoint(string tag, CpuTimes before, CpuTimes now)
    {
        if (now.Total <= before.Total)
        {
            return null;
        }

        double totalDelta = now.Total - before.Total;
        double Percent(ulong a, ulong b) => 100.0 * unchecked((long)(a - b)) / totalDelta;
        double PercentLess(ulong a, ulong b, ulong guestA, ulong guestB) =>
            100.0 * (unchecked((long)(a - b)) - unchecked((long)(guestA - guestB))) / totalDelta;

        return new LinePoint(
            "cpu",
            [new("cpu", tag)],
            [
                new("usage_user", FieldValue.Float(PercentLess(now.User, before.User, now.Guest, before.Guest))),
                new("usage_system", FieldValue.Float(Percent(now.System, before.System))),
                new("usage_idle", FieldValue.Float(Percent(now.Idle, before.Idle))),
                new("usage_nice", FieldValue.Float(PercentLess(now.Nice, before.Nice, now.GuestNice, before.GuestNice))),
                new("usage_iowait", FieldValue.Float(Percent(now.IoWait, before.IoWait))),
                new("usage_irq", FieldValue.Float(Percent(now.Irq, before.Irq))),
                new("usage_softirq", FieldValue.Float(Percent(now.SoftIrq, before.SoftIrq))),
                new("usage_steal", FieldValue.Float(Percent(now.Steal, before.Steal))),
                new("usage_guest", FieldValue.Float(Percent(now.Guest, before.Guest))),
                new("usage_guest_nice", FieldValue.Float(Percent(now.GuestNice, before.GuestNice))),
            ],
            null);
    }
}
