using Alpi.Agent.Collectors.HostFiles;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Collectors.Mem;

/// <summary>
/// Swap usage from the SwapTotal and SwapFree lines of <c>/proc/meminfo</c> (proc(5), "/proc/meminfo"), as Telegraf's
/// <c>swap</c> input plugin reports it: measurement <c>swap</c>, integer fields in bytes <c>total</c>, <c>used</c>
/// (total − free), <c>free</c>, and the float percentage <c>used_percent</c> (0–100, 0 without swap). Telegraf's
/// <c>in</c>/<c>out</c> page counters (from /proc/vmstat) are not reported.
/// </summary>
internal sealed class SwapCollector : IMetricCollector
{
    private readonly IHostFileSystem _files;

    /// <summary>Reads <c>proc/meminfo</c> through <paramref name="files"/>.</summary>
    public SwapCollector(IHostFileSystem files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = files;
    }

    /// <inheritdoc />
    public string Name => "swap";

    /// <inheritdoc />
    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var info = MemInfo.Parse(_files.ReadAllText(MemInfo.Path), _files.GetFullPath(MemInfo.Path));
        var total = (long)info.Get("SwapTotal");
        var free = (long)info.Get("SwapFree");
        var used = total - free;
        sink.Add(new LinePoint(
            "swap",
            [],
            [
                new("total", FieldValue.Integer(total)),
                new("used", FieldValue.Integer(used)),
                new("free", FieldValue.Integer(free)),
                new("used_percent", FieldValue.Float(total == 0 ? 0 : (double)used / total * 100.0)),
            ],
            null));
        return ValueTask.CompletedTask;
    }
}
