using Alpi.Agent.Collectors.HostFiles;

namespace Alpi.Agent.Collectors.Cpu;

/// <summary>Reads the <c>cpu</c> and <c>cpuN</c> lines of <c>/proc/stat</c> (proc(5), "/proc/stat").</summary>
internal static class ProcStatCpuReader
{
    /// <summary>The path of the file below the host root.</summary>
    public const string Path = "proc/stat";

    /// <summary>
    /// The CPU lines in file order: <c>cpu</c> (all CPUs) then <c>cpu0</c>, <c>cpu1</c>… Kernels before 2.6.24 have no guest
    /// column and before 2.6.33 no guest_nice column: missing columns read as 0; fewer than the 4 original columns is an error.
    /// </summary>
    /// <param name="text">The file's content.</param>
    /// <param name="fullPath">The file's path, for error messages.</param>
    /// <exception cref="InvalidDataException">A cpu line is malformed, or there is no cpu line.</exception>
    public static List<KeyValuePair<string, CpuTimes>> Read(string text, string fullPath)
    {
        var result = new List<KeyValuePair<string, CpuTimes>>();
        var lines = HostFileFormat.Lines(text);
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("cpu", StringComparison.Ordinal))
            {
                continue;
            }

            var tokens = HostFileFormat.Tokens(lines[i]);
            if (tokens.Length < 5)
            {
                HostFileFormat.ThrowMalformed(fullPath, i + 1, $"\"{tokens[0]}\" has {tokens.Length - 1} columns, at least 4 expected");
            }

            var v = new ulong[10];
            for (var c = 1; c < tokens.Length && c <= v.Length; c++)
            {
                v[c - 1] = HostFileFormat.ParseUInt64(tokens[c], fullPath, i + 1);
            }

            result.Add(new(tokens[0], new CpuTimes(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9])));
        }

        if (result.Count == 0)
        {
            HostFileFormat.ThrowMalformed(fullPath, "no cpu line");
        }

        return result;
    }
}
