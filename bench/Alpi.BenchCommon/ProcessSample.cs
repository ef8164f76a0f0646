using System.Globalization;

namespace Alpi.BenchCommon;

/// <summary>
/// One reading of a process's resident memory and CPU time from Linux's <c>/proc</c> (proc(5)): <c>VmRSS</c> of
/// <c>/proc/PID/status</c> in bytes, and <c>utime + stime</c> (fields 14 and 15 of <c>/proc/PID/stat</c>) in seconds,
/// children not included.
/// </summary>
/// <param name="RssBytes">Resident set size, bytes.</param>
/// <param name="CpuSeconds">User plus system CPU time since the process started, seconds.</param>
public readonly record struct ProcessSample(long RssBytes, double CpuSeconds)
{
    /// <summary>Clock ticks per second of <c>/proc/PID/stat</c> (<c>sysconf(_SC_CLK_TCK)</c>, 100 on Linux).</summary>
    public const double ClockTicksPerSecond = 100;

    /// <summary>Reads the process's current figures; null when it is gone.</summary>
    public static ProcessSample? Read(int pid)
    {
        try
        {
            var rss = 0L;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                    break;
                }
            }

            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcessSample(rss, ticks / ClockTicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
