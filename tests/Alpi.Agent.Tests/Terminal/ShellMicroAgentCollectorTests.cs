using System.Text.Json;
using Alpi.Testing;

namespace Alpi.Agent.Tests.Terminal;

/// <summary>
/// <c>alpi-agent.sh</c> publishing for real: to a real collector (embedded MQTTnet broker, DuckDB, HTTP API) started
/// in-process on free loopback ports, through Debian's mosquitto_pub and mosquitto_sub, run by dash.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ShellMicroAgentCollectorTests
{
    private const string Tenant = "test";

    [Test]
    public async Task Run_AgainstACollector_HostOnlineWithItsInventoryAndPointsThenOfflineOnSigterm()
    {
        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Agent:Enabled"] = "false" });
        using var state = new TempDirectory("alpi-shell-agent");
        var host = "sh-" + Guid.NewGuid().ToString("N")[..8];
        using var agent = ShellAgent.Start("dash", Environment(host, collector.BrokerPort, state.Path));

        var online = await WaitForHostAsync(collector, host, "online");
        online.Should().NotBeNull("the birth message reaches the collector");
        online!.Value.GetProperty("inventory").GetProperty("agentVersion").GetString().Should().StartWith("alpi-agent.sh ");
        online.Value.GetProperty("inventory").GetProperty("os").GetString().Should().Be("Linux");
        (await WaitForPointsAsync(collector, $"measurement=cpu&field=usage_user&host={host}&tag.cpu=cpu-total", 2)).Should().BeGreaterThanOrEqualTo(2);
        (await WaitForPointsAsync(collector, $"measurement=mem&field=used_percent&host={host}", 2)).Should().BeGreaterThanOrEqualTo(2);
        (await WaitForPointsAsync(collector, $"measurement=system&field=uptime&host={host}", 1)).Should().BeGreaterThanOrEqualTo(1);

        await ShellAgent.SignalAsync(agent.Process, "TERM");

        using (var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await agent.Process.WaitForExitAsync(exit.Token);
        }

        agent.Process.ExitCode.Should().Be(0);
        (await WaitForHostAsync(collector, host, "offline")).Should().NotBeNull("a clean stop publishes offline");
    }

    [Test]
    public async Task Run_AgentKilledOutright_TheBrokerPublishesTheLastWill()
    {
        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Agent:Enabled"] = "false" });
        using var state = new TempDirectory("alpi-shell-agent");
        var host = "sh-" + Guid.NewGuid().ToString("N")[..8];
        using var agent = ShellAgent.Start("dash", Environment(host, collector.BrokerPort, state.Path));
        (await WaitForHostAsync(collector, host, "online")).Should().NotBeNull();

        // SIGKILL to the script alone: its watcher (mosquitto_sub) must not keep the session, and its will fires.
        await ShellAgent.SignalAsync(agent.Process, "KILL");

        (await WaitForHostAsync(collector, host, "offline")).Should().NotBeNull("the guard kills the watcher without DISCONNECT");
    }

    [Test]
    public async Task Run_BrokerAwayAtStart_SpooledBatchesArriveOnceItIsUp()
    {
        var port = FreePort.Tcp();
        using var state = new TempDirectory("alpi-shell-agent");
        var host = "sh-" + Guid.NewGuid().ToString("N")[..8];
        using var agent = ShellAgent.Start("dash", Environment(host, port, state.Path));
        var spool = Path.Join(state.Path, "state", "spool");
        var spooled = await Eventually.WaitAsync<object>(
            () => Task.FromResult<object?>(Directory.Exists(spool) && Directory.GetFiles(spool, "*.lp").Length >= 4 ? new object() : null),
            TimeSpan.FromSeconds(60));
        spooled.Should().NotBeNull("rounds are spooled while no broker listens");

        await using var collector = await CollectorHarness.StartAsync(new Dictionary<string, string?> { ["Agent:Enabled"] = "false" }, port);

        (await WaitForHostAsync(collector, host, "online")).Should().NotBeNull("the birth is published once the broker answers");
        var points = await WaitForPointsAsync(collector, $"measurement=system&field=uptime&host={host}", 4);
        points.Should().BeGreaterThanOrEqualTo(4, "the rounds spooled before the broker was up are published too");
    }

    private static Dictionary<string, string> Environment(string host, int brokerPort, string stateRoot) => new()
    {
        ["ALPI_TENANT"] = Tenant,
        ["ALPI_HOST"] = host,
        ["ALPI_BROKER_PORT"] = brokerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ALPI_INTERVAL"] = "1",
        ["ALPI_KEEPALIVE"] = "5",
        ["ALPI_STATE_DIR"] = Path.Join(stateRoot, "state"),
    };

    private static async Task<JsonElement?> WaitForHostAsync(CollectorHarness collector, string host, string status)
    {
        var found = await Eventually.WaitAsync<object>(async () =>
        {
            foreach (var h in (await collector.GetJsonAsync("/api/hosts")).EnumerateArray())
            {
                if (h.GetProperty("tenant").GetString() == Tenant && h.GetProperty("host").GetString() == host && h.GetProperty("status").GetString() == status)
                {
                    return h;
                }
            }

            return null;
        }, TimeSpan.FromSeconds(45));
        return (JsonElement?)found;
    }

    private static async Task<int> WaitForPointsAsync(CollectorHarness collector, string query, int atLeast)
    {
        var count = 0;
        await Eventually.WaitAsync<object>(async () =>
        {
            var series = (await collector.GetJsonAsync($"/api/query?{query}&step=1s")).GetProperty("series");
            count = series.GetArrayLength() == 0 ? 0 : series[0].GetProperty("points").GetArrayLength();
            return count >= atLeast ? new object() : null;
        }, TimeSpan.FromSeconds(45));
        return count;
    }
}
