using Alpi.Agent.Collectors.Cpu;
using Alpi.Agent.Collectors.HostFiles;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Collectors.System;

/// <summary>
/// Host load and uptime, as Telegraf's <c>system</c> input plugin reports them: measurement <c>system</c>, float fields
/// <c>load1</c>, <c>load5</c>, <c>load15</c> (from <c>/proc/loadavg</c>, proc(5)), integer fields <c>n_cpus</c>
/// (the <c>cpuN</c> lines of <c>/proc/stat</c>: online logical CPUs), <c>n_users</c> (USER_PROCESS records of
/// <c>/var/run/utmp</c>, utmp(5); 0 when the file is absent, as in containers) and <c>uptime</c> (whole seconds since
/// boot, from the first field of <c>/proc/uptime</c>, proc(5)).
/// </summary>
/// <remarks>Telegraf's deprecated string field <c>uptime_format</c> is not reported.</remarks>
internal sealed class SystemCollector : IMetricCollector
{
    /// <summary>The path of the uptime file below the host root.</summary>
    public const string UptimePath = "proc/uptime";

    private readonly IHostFileSystem _files;

    /// <summary>Reads <c>proc</c> and <c>var/run/utmp</c> through <paramref name="files"/>.</summary>
    public SystemCollector(IHostFileSystem files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = files;
    }

    /// <inheritdoc />
    public string Name => "system";

    /// <inheritdoc />
    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var load = LoadAverage.Read(_files);

        var cpus = ProcStatCpuReader.Read(_files.ReadAllText(ProcStatCpuReader.Path), _files.GetFullPath(ProcStatCpuReader.Path));
        var cpuCount = cpus.Count(c => !string.Equals(c.Key, "cpu", StringComparison.Ordinal));

        var users = _files.Exists(Utmp.Path) ? Utmp.CountUserProcesses(_files.ReadAllBytes(Utmp.Path)) : 0;

        var uptimeFields = HostFileFormat.Tokens(_files.ReadAllText(UptimePath));
        if (uptimeFields.Length == 0)
        {
            HostFileFormat.ThrowMalformed(_files.GetFullPath(UptimePath), 1, "empty");
        }

        var uptime = (long)Math.Floor(HostFileFormat.ParseDouble(uptimeFields[0].Trim(), _files.GetFullPath(UptimePath), 1));

        sink.Add(new LinePoint(
            "system",
            [],
            [
                new("load1", FieldValue.Float(load.Load1)),
                new("load5", FieldValue.Float(load.Load5)),
                new("load15", FieldValue.Float(load.Load15)),
                new("n_cpus", FieldValue.Integer(cpuCount)),
                new("n_users", FieldValue.Integer(users)),
                new("uptime", FieldValue.Integer(uptime)),
            ],
            null));
        return ValueTask.CompletedTask;
    }
}
