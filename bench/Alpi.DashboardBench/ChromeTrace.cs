using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Alpi.DashboardBench;

/// <summary>
/// <c>BENCH_CHROME_TRACE=FILE</c>: Chromium's own trace (CDP <c>Tracing</c> domain, the categories of DevTools' performance
/// panel plus the compositor's and the raster workers') of the first timed same-tab reload, written to FILE (the Trace Event
/// Format, <c>{"traceEvents":[…]}</c>, which <c>chrome://tracing</c> and Perfetto open), then summed here per thread: how
/// long each was busy (wall time of its outermost events, ms, from 300 ms before the reload to 300 ms after the view is
/// rendered) and the events with the most self time. It shows the work outside the page's script that
/// <c>Performance.getMetrics</c> lumps as "other tasks": the old document torn down, software raster of the tiles,
/// canvas frames, the GPU process's software compositing.
/// </summary>
internal sealed class ChromeTrace
{
    private readonly ICDPSession _session;
    private readonly string _path;
    private readonly List<JsonElement> _events = [];
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChromeTrace(ICDPSession session, string path)
    {
        _session = session;
        _path = path;
    }

    /// <summary>Starts tracing the browser of <paramref name="page"/>; events are kept in memory until <see cref="StopAndPrintAsync"/>.</summary>
    public static async Task<ChromeTrace> StartAsync(IBrowserContext context, IPage page, string path)
    {
        var trace = new ChromeTrace(await context.NewCDPSessionAsync(page), path);
        trace._session.Event("Tracing.dataCollected").OnEvent += (_, e) =>
        {
            lock (trace._events)
            {
                trace._events.AddRange(e!.Value.GetProperty("value").EnumerateArray().Select(v => v.Clone()));
            }
        };
        trace._session.Event("Tracing.tracingComplete").OnEvent += (_, _) => trace._complete.TrySetResult();
        await trace._session.SendAsync("Tracing.start", new Dictionary<string, object>
        {
            ["transferMode"] = "ReportEvents",
            ["traceConfig"] = new Dictionary<string, object>
            {
                ["includedCategories"] = new List<string>
                {
                    "devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.frame", "blink", "cc", "viz",
                    "v8", "toplevel", "loading", "benchmark", "renderer.scheduler", "__metadata",
                },
            },
        });
        await Task.Delay(300);
        return trace;
    }

    /// <summary>Ends the trace 300 ms later, writes the file, prints each busy thread's time and its costliest events.</summary>
    public async Task StopAndPrintAsync()
    {
        await Task.Delay(300);
        await _session.SendAsync("Tracing.end");
        await _complete.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await _session.DetachAsync();
        List<JsonElement> events;
        lock (_events)
        {
            events = [.. _events];
        }

        await File.WriteAllTextAsync(_path, JsonSerializer.Serialize(new Dictionary<string, List<JsonElement>> { ["traceEvents"] = events }));
        Console.WriteLine($"  Chromium trace of the reload in {_path} ({events.Count:N0} events); busy threads (ms of wall time) and their events by self time:");
        foreach (var line in Summarize(events))
        {
            Console.WriteLine("    " + line);
        }
    }

    /// <summary>Per thread: the busy time (outermost complete events) and the eight events with most self time (ms).</summary>
    private static IEnumerable<string> Summarize(List<JsonElement> events)
    {
        var names = new Dictionary<(long, long), string>();
        var processes = new Dictionary<long, string>();
        var complete = new Dictionary<(long, long), List<(long Ts, long Dur, string Name)>>();
        foreach (var e in events)
        {
            var phase = e.TryGetProperty("ph", out var ph) ? ph.GetString() : null;
            var pid = e.GetProperty("pid").GetInt64();
            var tid = e.TryGetProperty("tid", out var t) ? t.GetInt64() : 0;
            var name = e.GetProperty("name").GetString()!;
            if (phase == "M" && name == "thread_name")
            {
                names[(pid, tid)] = e.GetProperty("args").GetProperty("name").GetString()!;
            }
            else if (phase == "M" && name == "process_name")
            {
                processes[pid] = e.GetProperty("args").GetProperty("name").GetString()!;
            }
            else if (phase == "X" && e.TryGetProperty("dur", out var dur))
            {
                if (!complete.TryGetValue((pid, tid), out var list))
                {
                    complete[(pid, tid)] = list = [];
                }

                list.Add((e.GetProperty("ts").GetInt64(), dur.GetInt64(), name));
            }
        }

        var threads = new List<(double Busy, string Line)>();
        foreach (var (thread, list) in complete)
        {
            list.Sort((a, b) => a.Ts != b.Ts ? a.Ts.CompareTo(b.Ts) : b.Dur.CompareTo(a.Dur));
            var busy = 0L;
            var self = new Dictionary<string, long>();
            var stack = new Stack<(long End, string Name)>();
            foreach (var (ts, dur, name) in list)
            {
                while (stack.Count > 0 && stack.Peek().End <= ts)
                {
                    stack.Pop();
                }

                if (stack.Count > 0)
                {
                    self[stack.Peek().Name] = self.GetValueOrDefault(stack.Peek().Name) - Math.Min(dur, stack.Peek().End - ts);
                }
                else
                {
                    busy += dur;
                }

                self[name] = self.GetValueOrDefault(name) + dur;
                stack.Push((ts + dur, name));
            }

            var top = string.Join(", ", self.OrderByDescending(kv => kv.Value).Take(8).Where(kv => kv.Value >= 1000)
                .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value / 1000.0:F0}")));
            threads.Add((busy / 1000.0, string.Create(CultureInfo.InvariantCulture,
                $"{processes.GetValueOrDefault(thread.Item1, "?")} / {names.GetValueOrDefault(thread, "?")}: {busy / 1000.0:F0} — {top}")));
        }

        return threads.Where(t => t.Busy >= 10).OrderByDescending(t => t.Busy).Select(t => t.Line);
    }
}
