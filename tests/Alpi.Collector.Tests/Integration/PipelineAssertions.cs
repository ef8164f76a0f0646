using System.Text.Json;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Integration;

/// <summary>What every pipeline test checks: this machine online in /api/hosts, and cpu points in /api/query.</summary>
internal static class PipelineAssertions
{
    public static readonly string ThisHost = Environment.MachineName.ToLowerInvariant();

    public static async Task<JsonElement?> WaitForHostAsync(CollectorHarness collector, string tenant, string host, string status, TimeSpan timeout)
    {
        var found = await Eventually.WaitAsync<object>(async () =>
        {
            var hosts = await collector.GetJsonAsync("/api/hosts");
            foreach (var h in hosts.EnumerateArray())
            {
                if (h.GetProperty("tenant").GetString() == tenant && h.GetProperty("host").GetString() == host
                    && h.GetProperty("status").GetString() == status)
                {
                    return h;
                }
            }

            return null;
        }, timeout);
        return (JsonElement?)found;
    }

    public static async Task<int> WaitForCpuPointsAsync(CollectorHarness collector, string host, int atLeast, TimeSpan timeout)
    {
        var count = 0;
        await Eventually.WaitAsync<object>(async () =>
        {
            var result = await collector.GetJsonAsync($"/api/query?measurement=cpu&field=usage_user&host={host}&tag.cpu=cpu-total&step=1s");
            var series = result.GetProperty("series");
            count = series.GetArrayLength() == 0 ? 0 : series[0].GetProperty("points").GetArrayLength();
            return count >= atLeast ? new object() : null;
        }, timeout);
        return count;
    }
}
