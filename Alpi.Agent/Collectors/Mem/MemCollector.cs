using Alpi.Agent.Collectors.HostFiles;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Collectors.Mem;

/// <summary>
/// Memory usage from <c>/proc/meminfo</c> (proc(5), "/proc/meminfo"), as Telegraf's <c>mem</c> input plugin reports it
/// (through gopsutil): measurement <c>mem</c>, integer fields in bytes <c>total</c>, <c>available</c>, <c>used</c>,
/// <c>free</c>, <c>buffered</c>, <c>cached</c>, <c>swap_total</c>, <c>swap_free</c>, and float percentages (0–100)
/// <c>available_percent</c>, <c>used_percent</c>.
/// </summary>
/// <remarks>
/// As gopsutil does: <c>cached</c> = Cached + SReclaimable; <c>used</c> = MemTotal − MemFree − Buffers − cached;
/// <c>available</c> = MemAvailable, or cached + MemFree on kernels before 3.14 that lack it. The field for Buffers is
/// named <c>buffered</c>, Telegraf's name, so that existing dashboards keep working.
/// </remarks>
internal sealed class MemCollector : IMetricCollector
{
    private readonly IHostFileSystem _files;

    /// <summary>Reads <c>proc/meminfo</c> through <paramref name="files"/>.</summary>
    public MemCollector(IHostFileSystem files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = files;
    }

    /// <inheritdoc />
    public string Name => "mem";

    /// <inheritdoc />
    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var info = MemInfo.Parse(_files.ReadAllText(MemInfo.Path), _files.GetFullPath(MemInfo.Path));
        var total = (long)info.Get("MemTotal");
        var free = (long)info.Get("MemFree");
        var buffers = (long)info.Get("Buffers");
        var cached = (long)info.Get("Cached") + (long)(info.GetOptional("SReclaimable") ?? 0);
        var available = (long?)info.GetOptional("MemAvailable") ?? cached + free;
        var used = total - free - buffers - cached;

        sink.Add(new LinePoint(
            "mem",
            [],
            [
                new("total", FieldValue.Integer(total)),
                new("available", FieldValue.Integer(available)),
                new("used", FieldValue.Integer(used)),
                new("free", FieldValue.Integer(free)),
                new("buffered", FieldValue.Integer(buffers)),
                new("cached", FieldValue.Integer(cached)),
                new("available_percent", FieldValue.Float(Percent(available, total))),
                new("used_percent", FieldValue.Float(Percent(used, total))),
                new("swap_total", FieldValue.Integer((long)(info.GetOptional("SwapTotal") ?? 0))),
                new("swap_free", FieldValue.Integer((long)(info.GetOptional("SwapFree") ?? 0))),
            ],
            null));
        return ValueTask.CompletedTask;
    }

    private static double Percent(long part, long total) => total == 0 ? 0 : 100.0 * part / total;
}
