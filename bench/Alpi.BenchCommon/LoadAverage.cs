using System.Globalization;

namespace Alpi.BenchCommon;

/// <summary>
/// The machine's load averages (1, 5 and 15 minutes) from <c>/proc/loadavg</c>, as <c>uptime</c> prints them: every
/// figure of a shared machine is stated with the load it was taken under.
/// </summary>
public static class LoadAverage
{
    /// <summary><c>load average: 1.23, 2.34, 3.45</c>, or <c>load average: unknown</c> off Linux.</summary>
    public static string Text()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load average: {parts[0]}, {parts[1]}, {parts[2]}";
        }
        catch (IOException)
        {
            return "load average: unknown";
        }
    }

    /// <summary>The one-minute load average, or NaN off Linux.</summary>
    public static double OneMinute()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
