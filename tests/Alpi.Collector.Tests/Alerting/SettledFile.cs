using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Alerting;

/// <summary>Writes a watched configuration file (rules, on-call) as an editor that finished a while ago would.</summary>
internal static class SettledFile
{
    /// <summary>Writes the file as done a second ago by the test clock (past the watchers' quiet period), then moves the clock by 1 ms.</summary>
    public static void Write(string path, string text, FakeTimeProvider time)
    {
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, time.GetUtcNow().UtcDateTime.AddSeconds(-1));
        time.Advance(TimeSpan.FromMilliseconds(1));
    }
}
