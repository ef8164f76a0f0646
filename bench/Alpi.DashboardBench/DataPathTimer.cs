using System.Diagnostics;
using System.Globalization;
using Alpi.Testing;

namespace Alpi.DashboardBench;

/// <summary>
/// The data path without the browser: the API requests the views make, each sent <c>loads</c> times one after the other
/// (after one warm-up) from the bench's own HTTP client, time from sending to the last byte of the answer, median and
/// worst in ms. Tells the collector's share of a view's time from the page's (parsing, rendering, waiting for a core).
/// </summary>
internal static class DataPathTimer
{
    public static async Task RunAsync(CollectorHarness collector, DateTimeOffset now, int loads)
    {
        string At(TimeSpan ago) => Uri.EscapeDataString((now - ago).ToString("O", CultureInfo.InvariantCulture));
        var host = $"tenant={Fleet.Tenant(0)}&host={Fleet.HostName(0)}";
        (string Name, string Path)[] requests =
        [
            ("SNMP device states (overview, hosts, host)", "/api/latest?measurement=snmp_poll&field=up&window=15m"),
            ("host's current values (host page)", $"/api/latest?{host}&window=15m"),
            ("Wi-Fi terminals' current values", "/api/latest?measurement=hotspot_terminal&window=10m"),
            ("one series, 1 h at 6 s (host page chart)", $"/api/query?measurement=cpu&field=usage_user&{host}&tag.cpu=cpu-total&from={At(TimeSpan.FromHours(1))}&step=6s&agg=avg"),
            ("one series, 24 h at 145 s (host page chart)", $"/api/query?measurement=cpu&field=usage_user&{host}&tag.cpu=cpu-total&from={At(TimeSpan.FromHours(24))}&step=145s&agg=avg"),
            ("the CPU chart's 3 fields in one request, 1 h at 6 s", $"/api/query?measurement=cpu&field=usage_user&field=usage_system&field=usage_iowait&{host}&tag.cpu=cpu-total&from={At(TimeSpan.FromHours(1))}&step=6s&agg=avg"),
            ("the CPU chart's 3 fields in one request, 24 h at 145 s", $"/api/query?measurement=cpu&field=usage_user&field=usage_system&field=usage_iowait&{host}&tag.cpu=cpu-total&from={At(TimeSpan.FromHours(24))}&step=145s&agg=avg"),
            ("a host's 6 disks, 1 h (host page chart)", $"/api/query?measurement=disk&field=used_percent&{host}&from={At(TimeSpan.FromHours(1))}&step=6s&agg=avg"),
            ("a host's series list", $"/api/series?{host}"),
            ("open problems", "/api/alerts?state=open&limit=10000"),
        ];
        Console.WriteLine();
        Console.WriteLine("| API request | median (ms) | worst (ms) |");
        Console.WriteLine("|---|--:|--:|");
        foreach (var (name, path) in requests)
        {
            var times = new List<double>();
            for (var n = 0; n <= loads; n++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await collector.Http.GetAsync(new Uri(collector.BaseUrl + path));
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
                if (n > 0)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {times[times.Count / 2]:F0} | {times[^1]:F0} |"));
        }

        // A host page's requests sent at once, as the page sends them (its API calls and its five charts' queries): the
        // time to the CPU chart's answer (what the page's first render waits for) and to the last answer.
        foreach (var (range, step) in new[] { ("1 h", (TimeSpan.FromHours(1), "6s")), ("24 h", (TimeSpan.FromHours(24), "145s")) })
        {
            string Chart(string what) => $"/api/query?{what}&{host}&from={At(step.Item1)}&step={step.Item2}";
            string[] page =
            [
                Chart("measurement=cpu&field=usage_user&field=usage_system&field=usage_iowait&tag.cpu=cpu-total&agg=avg"),
                Chart("measurement=mem&field=used_percent&agg=avg"), Chart("measurement=disk&field=used_percent&agg=avg"),
                Chart("measurement=net&field=bytes_recv&field=bytes_sent&agg=rate"), Chart("measurement=system&field=load1&field=load5&field=load15&agg=avg"),
                $"/api/latest?{host}&window=15m", "/api/latest?measurement=snmp_poll&field=up&window=15m", "/api/alerts/rules",
                $"/api/series?{host}", $"/api/alerts?{host}&limit=50",
            ];
            var first = new List<double>();
            var all = new List<double>();
            for (var n = 0; n <= loads; n++)
            {
                var clock = Stopwatch.StartNew();
                var answers = page.Select(async path =>
                {
                    using var response = await collector.Http.GetAsync(new Uri(collector.BaseUrl + path));
                    response.EnsureSuccessStatusCode();
                    await response.Content.ReadAsByteArrayAsync();
                    return clock.Elapsed.TotalMilliseconds;
                }).ToList();
                var cpu = await answers[0];
                await Task.WhenAll(answers);
                if (n > 0)
                {
                    first.Add(cpu);
                    all.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            first.Sort();
            all.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| a host page's {page.Length} requests at once, {range}: the CPU chart's answer / the last answer | {first[first.Count / 2]:F0} / {all[all.Count / 2]:F0} | {first[^1]:F0} / {all[^1]:F0} |"));
        }
    }
}
