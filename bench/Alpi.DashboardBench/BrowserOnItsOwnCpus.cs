using System.Globalization;

namespace Alpi.DashboardBench;

/// <summary>
/// <c>BENCH_BROWSER_CPUS=1</c> (a <c>taskset -c</c> list): Chromium and all its processes run on those CPUs only, through
/// a wrapper script calling <c>taskset -c LIST /usr/bin/chromium</c>. With the bench itself started under <c>taskset -c 0</c>
/// (the collector runs in the bench's process), the browser and the collector no longer take CPU time from each other,
/// as when a technician's browser runs on another machine than the collector; each side then has one core of this
/// 2-core VM. Unset: <c>/usr/bin/chromium</c>, sharing every CPU with the collector (the bench's first protocol).
/// </summary>
internal static class BrowserOnItsOwnCpus
{
    /// <summary>The browser executable to launch: <c>/usr/bin/chromium</c>, or the wrapper pinning it.</summary>
    /// <exception cref="ArgumentException"><c>BENCH_BROWSER_CPUS</c> is not a CPU list (digits, commas, dashes).</exception>
    public static string ExecutablePath()
    {
        var cpus = Environment.GetEnvironmentVariable("BENCH_BROWSER_CPUS");
        if (string.IsNullOrWhiteSpace(cpus))
        {
            return "/usr/bin/chromium";
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("BENCH_BROWSER_CPUS needs Linux's taskset");
        }

        if (!cpus.All(c => char.IsAsciiDigit(c) || c is ',' or '-'))
        {
            throw new ArgumentException($"BENCH_BROWSER_CPUS={cpus}: expected a CPU list for taskset -c, such as 1 or 2-3");
        }

        var wrapper = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"alpi-bench-chromium-{Environment.ProcessId}.sh"));
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec taskset -c {cpus} /usr/bin/chromium \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Console.WriteLine($"Browser pinned to CPU {cpus}; this process (the collector) to {Affinity()}");
        return wrapper;
    }

    private static string Affinity()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim() ?? "unknown";
    }
}
