using Alpi.Agent.Collectors.HostFiles;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Collectors.System;

/// <summary>
/// Process counts, under the names of Telegraf's <c>processes</c> input plugin: measurement <c>processes</c>, integer
/// fields <c>total</c> (processes: the numeric directories of <c>/proc</c>, proc(5) "/proc/pid"), <c>running</c>
/// (the runnable count before the slash in the fourth field of <c>/proc/loadavg</c>) and <c>total_threads</c>
/// (the count after that slash: every kernel scheduling entity, processes and threads).
/// </summary>
/// <remarks>
/// Telegraf counts <c>running</c> from the state letter of each <c>/proc/pid/stat</c>; the load-average figure counts
/// runnable threads instead of processes, so it can be a little higher on hosts with multi-threaded busy processes,
/// and it costs one read instead of one per process. Telegraf's per-state fields (sleeping, zombies…) are not reported.
/// </remarks>
internal sealed class ProcessesCollector : IMetricCollector
{
    private readonly IHostFileSystem _files;

    /// <summary>Reads <c>proc</c> through <paramref name="files"/>.</summary>
    public ProcessesCollector(IHostFileSystem files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = files;
    }

    /// <inheritdoc />
    public string Name => "processes";

    /// <inheritdoc />
    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var load = LoadAverage.Read(_files);
        var processes = _files.EnumerateDirectories("proc").Count(name => name.Length > 0 && name.All(char.IsAsciiDigit));
        sink.Add(new LinePoint(
            "processes",
            [],
            [
                new("total", FieldValue.Integer(processes)),
                new("running", FieldValue.Integer(load.Runnable)),
                new("total_threads", FieldValue.Integer(load.Entities)),
            ],
            null));
        return ValueTask.CompletedTask;
    }
}
