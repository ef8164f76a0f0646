using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Alpi.Testing;
using Microsoft.Playwright;

namespace Alpi.DashboardBench;

/// <summary>
/// Checks that a 24-hour chart at 10 s resolution is downsampled by the collector: opens the host page on the 24 h
/// range in Chromium, records the <c>/api/query</c> requests the page makes for the CPU chart and the points each answer
/// holds for <c>usage_user</c> (alone, or among the chart's other fields), against the 8,640 raw points per series that host has in the store.
/// </summary>
internal static class DownsamplingCheck
{
    public static async Task RunAsync(CollectorHarness collector, DateTimeOffset now)
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
        var page = await browser.NewPageAsync(new()
        {
            BaseURL = collector.BaseUrl,
            ViewportSize = new() { Width = 1280, Height = 900 },
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + collector.AdminToken },
        });
        var queries = new List<(string Url, int Points)>();
        page.Response += async (_, response) =>
        {
            if (response.Url.Contains("/api/query?", StringComparison.Ordinal) && response.Url.Contains("field=usage_user", StringComparison.Ordinal))
            {
                // One field's answer, or (the page asking the chart's fields together) usage_user's entry of a several-field one.
                using var json = JsonDocument.Parse(await response.TextAsync());
                var series = json.RootElement.TryGetProperty("fields", out var fields)
                    ? fields.EnumerateArray().First(f => f.GetProperty("field").GetString() == "usage_user").GetProperty("series")
                    : json.RootElement.GetProperty("series");
                queries.Add((response.Url, series.EnumerateArray().Sum(s => s.GetProperty("points").GetArrayLength())));
            }
        };
        await page.GotoAsync($"/#/host/{Fleet.Tenant(0)}/{Fleet.HostName(0)}/h24");
        await page.WaitForFunctionAsync("() => { const s = document.querySelector('section[data-chart=\"cpu\"]'); return s && Number(s.dataset.points) > 0; }", null, new() { Timeout = 60_000 });
        await Task.Delay(500);
        foreach (var (url, points) in queries.Take(1))
        {
            var query = System.Web.HttpUtility.ParseQueryString(new Uri(url).Query);
            Console.WriteLine($"24 h CPU chart: the page asks step={query["step"]} agg={query["agg"]} and receives {points} points for one series (8,640 raw points at 10 s in the store)");
        }

        var clock = Stopwatch.StartNew();
        var from = Uri.EscapeDataString(now.AddHours(-24).ToString("O", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(now.ToString("O", CultureInfo.InvariantCulture));
        var raw = await collector.GetJsonAsync($"/api/query?measurement=cpu&field=usage_user&host={Fleet.HostName(0)}&tag.cpu=cpu-total&from={from}&to={to}&step=10s&agg=avg");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Same series at step=10s: {raw.GetProperty("series")[0].GetProperty("points").GetArrayLength()} points ({clock.ElapsedMilliseconds} ms)"));
    }
}
