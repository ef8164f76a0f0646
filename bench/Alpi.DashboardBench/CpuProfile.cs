using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Alpi.DashboardBench;

/// <summary>
/// The renderer's JavaScript CPU profile of one load (Chrome DevTools Protocol, Profiler domain: V8's sampling profiler,
/// one sample every 100 µs), summed by function: where the main thread's script time goes (<c>BENCH_PROFILE=1</c>).
/// Function names are those of the served bundle (minified unless the build's esbuild call drops <c>--minify</c>).
/// </summary>
internal static class CpuProfile
{
    /// <summary>Starts sampling in the page's renderer; stop with <see cref="StopAndPrintAsync"/>.</summary>
    public static async Task StartAsync(ICDPSession cdp)
    {
        await cdp.SendAsync("Profiler.enable");
        await cdp.SendAsync("Profiler.setSamplingInterval", new Dictionary<string, object> { ["interval"] = 100 });
        await cdp.SendAsync("Profiler.start");
    }

    /// <summary>
    /// Stops sampling and prints the <paramref name="top"/> functions by self time (ms), and for every 50 ms of the load
    /// (ms since the profile started) the function with the most self time in it, idle and garbage collection named as V8 names them.
    /// </summary>
    public static async Task StopAndPrintAsync(ICDPSession cdp, int top = 15)
    {
        var result = await cdp.SendAsync("Profiler.stop");
        var profile = result!.Value.GetProperty("profile");
        var names = new Dictionary<int, string>();
        foreach (var node in profile.GetProperty("nodes").EnumerateArray())
        {
            var frame = node.GetProperty("callFrame");
            var function = frame.GetProperty("functionName").GetString();
            var url = frame.GetProperty("url").GetString() ?? "";
            var file = url.Length == 0 ? "" : url[(url.LastIndexOf('/') + 1)..];
            names[node.GetProperty("id").GetInt32()] = string.Create(CultureInfo.InvariantCulture,
                $"{(string.IsNullOrEmpty(function) ? "(anonymous)" : function)}{(file.Length == 0 ? "" : $" {file}:{frame.GetProperty("lineNumber").GetInt32() + 1}:{frame.GetProperty("columnNumber").GetInt32() + 1}")}");
        }

        var samples = profile.GetProperty("samples").EnumerateArray().Select(s => s.GetInt32()).ToArray();
        var deltas = profile.GetProperty("timeDeltas").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var self = new Dictionary<string, double>();
        var buckets = new SortedDictionary<long, Dictionary<string, double>>();
        long at = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            at += deltas[i];
            var ms = i + 1 < deltas.Length ? deltas[i + 1] / 1000.0 : 0;
            var name = names[samples[i]];
            self[name] = self.GetValueOrDefault(name) + ms;
            var bucket = at / 50_000 * 50;
            if (!buckets.TryGetValue(bucket, out var b))
            {
                buckets[bucket] = b = [];
            }

            b[name] = b.GetValueOrDefault(name) + ms;
        }

        Console.WriteLine("  script profile, self time (ms):");
        foreach (var (name, ms) in self.OrderByDescending(p => p.Value).Take(top))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {ms,7:F1}  {name}"));
        }

        Console.WriteLine("  script profile, by 50 ms (ms since profiling started: busiest function, its ms, idle ms):");
        foreach (var (bucket, b) in buckets)
        {
            var busiest = b.Where(p => p.Key != "(idle)").OrderByDescending(p => p.Value).FirstOrDefault();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {bucket,5}  {busiest.Value,5:F1}  {busiest.Key}  (idle {b.GetValueOrDefault("(idle)"):F1})"));
        }
    }
}
