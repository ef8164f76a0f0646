using Alpi.Agent.Collectors.HostFiles;

namespace Alpi.Agent.Collectors.System;

/// <summary>
/// The content of <c>/proc/loadavg</c> (proc(5), "/proc/loadavg"): <c>0.52 0.58 0.59 2/467 12345</c>.
/// </summary>
/// <param name="Load1">Load average over 1 minute (runnable and uninterruptible tasks).</param>
/// <param name="Load5">Load average over 5 minutes.</param>
/// <param name="Load15">Load average over 15 minutes.</param>
/// <param name="Runnable">Kernel scheduling entities (processes and threads) currently runnable.</param>
/// <param name="Entities">Kernel scheduling entities (processes and threads) that currently exist.</param>
internal readonly record struct LoadAverage(double Load1, double Load5, double Load15, long Runnable, long Entities)
{
    /// <summary>The path of the file below the host root.</summary>
    public const string Path = "proc/loadavg";

    /// <summary>Reads and parses the file.</summary>
    /// <exception cref="IOException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">The file is not five fields with <c>runnable/total</c> fourth.</exception>
    public static LoadAverage Read(IHostFileSystem files)
    {
        var fullPath = files.GetFullPath(Path);
        var t = HostFileFormat.Tokens(files.ReadAllText(Path).Trim());
        if (t.Length < 4)
        {
            HostFileFormat.ThrowMalformed(fullPath, 1, $"{t.Length} fields, at least 4 expected");
        }

        var slash = t[3].IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            HostFileFormat.ThrowMalformed(fullPath, 1, $"\"{t[3]}\" is not runnable/total");
        }

        return new LoadAverage(
            HostFileFormat.ParseDouble(t[0], fullPath, 1),
            HostFileFormat.ParseDouble(t[1], fullPath, 1),
            HostFileFormat.ParseDouble(t[2], fullPath, 1),
            (long)HostFileFormat.ParseUInt64(t[3][..slash], fullPath, 1),
            (long)HostFileFormat.ParseUInt64(t[3][(slash + 1)..], fullPath, 1));
    }
}
