using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Alpi.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.Collector.Tests.Storage;

/// <summary>
/// The collector as shipped (<c>dotnet Alpi.Collector.dll</c>, a separate process) started with an InfluxDB URL on a
/// free port where nothing listens: it must keep running (it used to abort with exit code 134), say once which URL and
/// which setting, show the store as <c>opening</c> in <c>/healthz</c>, keep what is published meanwhile
/// unacknowledged, and store it once influxd is started on that port.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class StoreLifecycleTests
{
    private const string Setting = "Collector:Storage:InfluxDb1:Url";

    [Test]
    public async Task InfluxDbUnreachableAtStart_CollectorRunsOn_ThenStoresWhatWasPublishedOnceInfluxDbStarts()
    {
        using var work = new TempDirectory("alpi-store-lifecycle");
        var influxPort = FreePort.Tcp();
        var brokerPort = FreePort.Tcp();
        var httpPort = FreePort.Tcp();
        var influxUrl = $"http://127.0.0.1:{Invariant(influxPort)}";
        var output = new ConcurrentQueue<string>();
        var collector = StartCollector(work.Path, output, new Dictionary<string, string>
        {
            ["Collector:Storage:Kind"] = "influxdb1",
            [Setting] = influxUrl,
            ["Collector:Storage:InfluxDb1:Database"] = "alpi_late",
            ["Collector:Storage:InfluxDb1:MaxAttempts"] = "2",
            ["Collector:Storage:InfluxDb1:RetryDelay"] = "00:00:00.2",
            ["Collector:Storage:Retention:Enabled"] = "false",
            ["Collector:Broker:Port"] = Invariant(brokerPort),
            ["Collector:Http:Url"] = $"http://127.0.0.1:{Invariant(httpPort)}",
            ["Collector:Traps:Enabled"] = "false",
            ["Agent:Enabled"] = "false",
            ["Hotspot:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Alpi.Collector.Storage.StoreLifecycle"] = "Information",
        });
        InfluxDbServer? influx = null;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Invariant(httpPort)}"), Timeout = TimeSpan.FromSeconds(5) };
            // Two failed attempts, while the process lives on.
            var healthText = await Eventually.WaitAsync(async () =>
            {
                Assert.That(collector.HasExited, Is.False, () => $"the collector exited with code {collector.ExitCode}:\n{string.Join('\n', output)}");
                var text = await TryGetHealthAsync(http);
                return text is not null && Parse(text).GetProperty("store").GetProperty("failedAttempts").GetInt32() >= 2 ? text : null;
            }, TimeSpan.FromSeconds(60));
            healthText.Should().NotBeNull("/healthz answers while InfluxDB is unreachable, with the store's failed attempts");
            var health = Parse(healthText!);
            var storeStatus = health.GetProperty("store");
            storeStatus.GetProperty("state").GetString().Should().Be("opening");
            storeStatus.GetProperty("location").GetString().Should().Be(influxUrl);
            storeStatus.GetProperty("setting").GetString().Should().Be(Setting);
            storeStatus.GetProperty("lastError").GetString().Should().NotBeNullOrEmpty();
            health.GetProperty("status").GetString().Should().Be("degraded");

            // Published while InfluxDB is away, QoS 1: received, not acknowledged, not lost.
            var client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", brokerPort).WithClientId("late-publisher").Build());
            var publish = client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("alpi/acme/late-host/metrics")
                .WithPayload(Encoding.UTF8.GetBytes("late,probe=p1 value=42 1700000000000000000"))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

            var errors = output.Count(l => l.Contains(Setting, StringComparison.Ordinal));
            errors.Should().Be(1, "one clear message names the URL and the setting, not one per retry:\n" + string.Join('\n', output));
            output.Should().Contain(l => l.Contains(influxUrl, StringComparison.Ordinal) && l.Contains(Setting, StringComparison.Ordinal));

            influx = await InfluxDbServer.StartAsync(influxPort);
            (await publish).IsSuccess.Should().BeTrue("the batch is acknowledged once InfluxDB has it");
            await client.DisconnectAsync();
            client.Dispose();

            using var influxHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var stored = await Eventually.WaitAsync(async () =>
            {
                var body = await influxHttp.GetStringAsync(new Uri(influxUrl + "/query?db=alpi_late&q=" + Uri.EscapeDataString("SELECT value FROM late")));
                return body.Contains("42", StringComparison.Ordinal) ? body : null;
            }, TimeSpan.FromSeconds(60));
            stored.Should().NotBeNull("the point published while InfluxDB was away is written once it is up");

            var open = await TryGetHealthAsync(http);
            Parse(open!).GetProperty("store").GetProperty("state").GetString().Should().Be("open");
            collector.HasExited.Should().BeFalse();
            output.Should().Contain(l => l.Contains("is open after", StringComparison.Ordinal), "the recovery is logged");
        }
        finally
        {
            await StopAsync(collector);
            influx?.Dispose();
        }

        collector.ExitCode.Should().Be(0, "SIGTERM stops it cleanly:\n" + string.Join('\n', output.TakeLast(40)));
    }

    [Test]
    public async Task StoppedBeforeInfluxDbIsReachable_ExitsCleanly()
    {
        using var work = new TempDirectory("alpi-store-lifecycle");
        var httpPort = FreePort.Tcp();
        var output = new ConcurrentQueue<string>();
        var collector = StartCollector(work.Path, output, new Dictionary<string, string>
        {
            ["Collector:Storage:Kind"] = "influxdb1",
            [Setting] = $"http://127.0.0.1:{Invariant(FreePort.Tcp())}",
            ["Collector:Storage:InfluxDb1:MaxAttempts"] = "2",
            ["Collector:Storage:InfluxDb1:RetryDelay"] = "00:00:00.2",
            ["Collector:Broker:Port"] = Invariant(FreePort.Tcp()),
            ["Collector:Http:Url"] = $"http://127.0.0.1:{Invariant(httpPort)}",
            ["Collector:Traps:Enabled"] = "false",
            ["Hotspot:Enabled"] = "false",
            ["Agent:DataDirectory"] = work.Path,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Invariant(httpPort)}"), Timeout = TimeSpan.FromSeconds(5) };
            var health = await Eventually.WaitAsync(async () =>
            {
                Assert.That(collector.HasExited, Is.False, () => $"the collector exited with code {collector.ExitCode}:\n{string.Join('\n', output)}");
                return await TryGetHealthAsync(http);
            }, TimeSpan.FromSeconds(60));
            health.Should().NotBeNull();
            Parse(health!).GetProperty("store").GetProperty("state").GetString().Should().Be("opening");
        }
        finally
        {
            await StopAsync(collector);
        }

        collector.ExitCode.Should().Be(0, "a collector whose store never opened still stops cleanly:\n" + string.Join('\n', output.TakeLast(40)));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task DuckDbStore_FilesCreatedPrivate_AndACleanStopSaysTheStoresWereCheckpointed()
    {

        using var work = new TempDirectory("alpi-store-lifecycle");
        var brokerPort = FreePort.Tcp();
        var httpPort = FreePort.Tcp();
        var output = new ConcurrentQueue<string>();
        var collector = StartCollector(work.Path, output, new Dictionary<string, string>
        {
            ["Collector:Broker:Port"] = Invariant(brokerPort),
            ["Collector:Http:Url"] = $"http://127.0.0.1:{Invariant(httpPort)}",
            ["Collector:Traps:Enabled"] = "false",
            ["Agent:Enabled"] = "false",
            ["Hotspot:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Alpi.Collector.Storage.StoreLifecycle"] = "Information",
        });
        var data = Path.Combine(work.Path, "data");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Invariant(httpPort)}"), Timeout = TimeSpan.FromSeconds(5) };
            (await Eventually.WaitAsync(async () =>
            {
                Assert.That(collector.HasExited, Is.False, () => $"the collector exited with code {collector.ExitCode}:\n{string.Join('\n', output)}");
                return await TryGetHealthAsync(http);
            }, TimeSpan.FromSeconds(60))).Should().NotBeNull();

            // A stored point: the ingest journal's segment, DuckDB's .wal and the stored sequence exist.
            using var client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", brokerPort).WithClientId("private-files").Build());
            (await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("alpi/acme/private-host/metrics")
                .WithPayload(Encoding.UTF8.GetBytes("probe value=42"))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())).IsSuccess.Should().BeTrue();
            await client.DisconnectAsync();
            (await Eventually.WaitAsync(async () =>
            {
                var text = await TryGetHealthAsync(http);
                return text is not null && Parse(text).GetProperty("pointsStored").GetInt64() >= 1 ? text : null;
            }, TimeSpan.FromSeconds(30))).Should().NotBeNull("the point is stored");

            File.Exists(Path.Combine(data, "timeseries.duckdb.wal")).Should().BeTrue("DuckDB's write-ahead log holds the point");
            ModesOf(data).Should().OnlyContain(m => m.Mode == PrivateFile || m.Mode == PrivateFolder,
                "every file the collector created is 0600 and every folder 0700 (they used to be 0644):\n" + string.Join('\n', ModesOf(data)));
        }
        finally
        {
            await StopAsync(collector);
        }

        collector.ExitCode.Should().Be(0, string.Join('\n', output.TakeLast(40)));
        output.Should().ContainSingle(l => l.Contains("Stores saved for the stop in ", StringComparison.Ordinal)
            && l.Contains(" ms: host last-seen times written, time-series store (duckdb) checkpointed", StringComparison.Ordinal),
            "a clean stop ends with the stores' line:\n" + string.Join('\n', output.TakeLast(20)));
        ModesOf(data).Should().OnlyContain(m => m.Mode == PrivateFile || m.Mode == PrivateFolder, string.Join('\n', ModesOf(data)));
        ModesOf(data).Select(m => Path.GetFileName(m.Path)).Should().Contain(["timeseries.duckdb", "state.db", "stored-sequence"]);
    }

    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The mode of <paramref name="folder"/> and of every file and folder under it.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static List<(string Path, UnixFileMode Mode)> ModesOf(string folder) =>
        [(folder, File.GetUnixFileMode(folder)),
            .. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(p => (p, File.GetUnixFileMode(p)))];

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The body of <c>GET /healthz</c> (also sent with 503 while degraded), or null while nothing answers.</summary>
    private static async Task<string?> TryGetHealthAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            var text = await response.Content.ReadAsStringAsync();
            return text.StartsWith('{') ? text : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static Process StartCollector(string workingDirectory, ConcurrentQueue<string> output, Dictionary<string, string> settings)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Alpi.Collector.dll"));
        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        return PeerProcess.Start(info, output.Enqueue);
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the collector did not stop within 60 s of SIGTERM");
        }

        process.WaitForExit();
    }
}
