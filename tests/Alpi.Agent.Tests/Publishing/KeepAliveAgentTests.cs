using System.Globalization;
using Alpi.Testing;

namespace Alpi.Agent.Tests.Publishing;

/// <summary>
/// The agent's MQTT keep-alive against a real Mosquitto 2.0 that logs its connections: the CONNECT carries the 15 s
/// keep-alive although MQTTnet's own keep-alive loop is off, and a broker that imposes a shorter one (Server Keep Alive,
/// MQTT 5 §3.2.2.3.14, Mosquitto's <c>max_keepalive</c>) is obeyed while the agent has nothing to publish.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class KeepAliveAgentTests
{
    private const string Tenant = "keepalive";

    [Test]
    public async Task Connect_AnnouncesTheFifteenSecondKeepAlive()
    {
        using var broker = await StartLoggingBrokerAsync(maxKeepAliveSeconds: null);
        var host = $"ka-{Guid.NewGuid():N}"[..12];
        using var agent = AgentProcess.Start(broker.Broker.Port, Tenant, host, broker.Folder.Path, []);

        var line = await WaitForLogLineAsync(broker.LogFile, $"as alpi-agent-{Tenant}-{host} ");

        line.Should().Contain("k15", "the CONNECT packet carries the agent's keep-alive of 15 s (mosquitto logs it as k15)");
    }

    [Test]
    public async Task BrokerImposesTenSeconds_IdleAgentPingsAndStaysConnected()
    {
        using var broker = await StartLoggingBrokerAsync(maxKeepAliveSeconds: 10);
        var host = $"ka-{Guid.NewGuid():N}"[..12];
        // One round at start, one a second later, then nothing for a minute: only pings can keep the connection.
        using var agent = AgentProcess.Start(broker.Broker.Port, Tenant, host, broker.Folder.Path, ["--Agent:Interval=00:01:00"]);
        var client = $"alpi-agent-{Tenant}-{host}";
        await WaitForLogLineAsync(broker.LogFile, $"as {client} ");

        // Mosquitto drops a client silent for 1.5 keep-alives (15 s here; 10 s is the least it accepts). MQTTnet's own loop
        // would ping only after the 15 s the agent asked for; the agent pings after 5 s of silence.
        await Task.Delay(TimeSpan.FromSeconds(21));

        var log = await File.ReadAllLinesAsync(broker.LogFile);
        log.Where(l => l.Contains(client, StringComparison.Ordinal) && l.Contains("exceeded timeout", StringComparison.Ordinal))
            .Should().BeEmpty("the agent pings within the broker's 10 s keep-alive");
        log.Count(l => l.Contains($"as {client} ", StringComparison.Ordinal)).Should().Be(1, "one connection, never dropped and re-opened");
        log.Count(l => l.Contains($"PINGREQ from {client}", StringComparison.Ordinal)).Should().BeGreaterThanOrEqualTo(3,
            "one ping per 5 s of silence; the log:\n" + string.Join('\n', log.TakeLast(20)));
    }

    [Test]
    public async Task BrokerHangs_IdleAgentNoticesByItsUnansweredPing()
    {
        using var broker = await StartLoggingBrokerAsync(maxKeepAliveSeconds: null);
        var host = $"ka-{Guid.NewGuid():N}"[..12];
        using var agent = AgentProcess.Start(broker.Broker.Port, Tenant, host, broker.Folder.Path, ["--Agent:Interval=00:02:00"]);
        // Idle: the first rounds are acknowledged and the agent pings (after 7.5 s of silence), so no publish is in
        // flight when the broker hangs and only the keep-alive can notice it.
        await WaitForLogLineAsync(broker.LogFile, $"PINGREQ from alpi-agent-{Tenant}-{host}");

        // SIGSTOP: the broker's socket stays open and the kernel still takes the PINGREQ, but nothing answers it,
        // as with a hung broker or a connection cut somewhere along the way.
        Signal("STOP", broker.Broker.ProcessId);
        try
        {
            // Ping after 7.5 s of silence, declared dead 7.5 s later.
            var noticed = await Eventually.WaitAsync(
                () => Task.FromResult(agent.Output.FirstOrDefault(l => l.Contains("did not answer a ping", StringComparison.Ordinal))),
                TimeSpan.FromSeconds(30));
            noticed.Should().NotBeNull("the agent gives up on a broker that leaves its PINGREQ unanswered; its output:\n" + string.Join('\n', agent.Output));
        }
        finally
        {
            Signal("CONT", broker.Broker.ProcessId);
        }

        // The next round is two minutes after the start: the agent must not wait for it to connect again.
        var client = $"alpi-agent-{Tenant}-{host}";
        var reconnected = await Eventually.WaitAsync(
            async () => (await File.ReadAllLinesAsync(broker.LogFile)).Count(l => l.Contains($"as {client} ", StringComparison.Ordinal)) >= 2 ? "yes" : null,
            TimeSpan.FromSeconds(20));
        reconnected.Should().NotBeNull("the agent connects again as soon as the connection is lost, not at its next round; its output:\n"
                                       + string.Join('\n', agent.Output));
    }

    [Test]
    public async Task Sigterm_AgentLogsItsStopAndPublishesOffline()
    {
        using var broker = await StartLoggingBrokerAsync(maxKeepAliveSeconds: null);
        var host = $"ka-{Guid.NewGuid():N}"[..12];
        using var agent = AgentProcess.Start(broker.Broker.Port, Tenant, host, broker.Folder.Path, []);
        var client = $"alpi-agent-{Tenant}-{host}";
        await WaitForLogLineAsync(broker.LogFile, $"as {client} ");
        // Mosquitto logs the CONNECT before its CONNACK reaches the agent: wait until the agent itself says it is connected.
        var connected = await Eventually.WaitAsync(
            () => Task.FromResult(agent.Output.FirstOrDefault(l => l.Contains("Connected to broker", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30));
        connected.Should().NotBeNull("the agent logs its connection; its output:\n" + string.Join('\n', agent.Output));

        agent.Terminate(TimeSpan.FromSeconds(15)).Should().BeTrue("the agent stops within 15 s of SIGTERM");

        var stopped = agent.Output.FirstOrDefault(l => l.Contains("Stopped: ", StringComparison.Ordinal));
        stopped.Should().NotBeNull("the agent says at its stop what it flushed and what it kept; its output:\n" + string.Join('\n', agent.Output));
        stopped.Should().Contain("offline status published");
        await WaitForLogLineAsync(broker.LogFile, $"Received DISCONNECT from {client}");
    }

    private static void Signal(string signal, int processId)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", processId.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static async Task<LoggingBroker> StartLoggingBrokerAsync(int? maxKeepAliveSeconds)
    {
        var folder = new TempDirectory("alpi-mosquitto-keepalive");
        var port = FreePort.Tcp();
        var config = Path.Combine(folder.Path, "mosquitto.conf");
        var logFile = Path.Combine(folder.Path, "mosquitto.log");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            listener {port} 127.0.0.1
            allow_anonymous true
            set_tcp_nodelay true
            log_dest file {logFile}
            log_type all
            {(maxKeepAliveSeconds is { } max ? $"max_keepalive {max}" : "")}
            """));
        var broker = await MosquittoBroker.StartAsync(folder, config, port);
        return new LoggingBroker(broker, new TempDirectory("alpi-agent-keepalive"), logFile);
    }

    /// <summary>A broker logging every packet to <see cref="LogFile"/>, and a data folder for the agent.</summary>
    private sealed record LoggingBroker(MosquittoBroker Broker, TempDirectory Folder, string LogFile) : IDisposable
    {
        public void Dispose()
        {
            Broker.Dispose();
            Folder.Dispose();
        }
    }

    private static async Task<string> WaitForLogLineAsync(string logFile, string fragment)
    {
        var line = await Eventually.WaitAsync(
            async () => File.Exists(logFile) ? (await File.ReadAllLinesAsync(logFile)).FirstOrDefault(l => l.Contains(fragment, StringComparison.Ordinal)) : null,
            TimeSpan.FromSeconds(30));
        line.Should().NotBeNull($"mosquitto logs \"{fragment}\" once the agent has connected");
        return line!;
    }
}
