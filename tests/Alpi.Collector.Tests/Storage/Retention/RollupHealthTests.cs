using System.Text.Json;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Storage.Retention;

/// <summary>The rollup job as <c>/healthz</c> shows it (<c>rollup</c>), on a collector with the embedded store.</summary>
public class RollupHealthTests
{
    [Test]
    public async Task Healthz_AfterTheRunAtStart_ShowsTheRunAndNoFailure()
    {
        var started = DateTimeOffset.UtcNow;
        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Collector:Traps:Enabled"] = "false" });

        // The job runs once at start (then every Interval): wait for it rather than for a fixed time.
        JsonElement rollup = default;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            rollup = (await collector.GetJsonAsync("/healthz")).GetProperty("rollup");
            if (rollup.GetProperty("runs").GetInt64() > 0)
            {
                break;
            }

            await Task.Delay(100);
        }

        rollup.GetProperty("runs").GetInt64().Should().Be(1);
        rollup.GetProperty("failures").GetInt64().Should().Be(0);
        rollup.GetProperty("lastRunAt").GetDateTimeOffset().Should().BeOnOrAfter(started).And.BeOnOrBefore(DateTimeOffset.UtcNow);
        rollup.GetProperty("lastFailure").ValueKind.Should().Be(JsonValueKind.Null);
        rollup.GetProperty("lastFailureAt").ValueKind.Should().Be(JsonValueKind.Null);
        rollup.GetProperty("rolledUpBefore").ValueKind.Should().Be(JsonValueKind.Null, "an empty store has nothing rolled up yet");
        rollup.GetProperty("aggregatesWritten").GetInt64().Should().Be(0);
    }
}
