using System.Diagnostics;
using System.Globalization;
using Alpi.Testing;
using MQTTnet;
using MQTTnet.Protocol;

/// <summary>
/// One run of our path: a fresh collector (in this process: embedded MQTTnet broker, DuckDB store, no local agent), P
/// MQTTnet publishers each sending its batches one after the other with QoS 1; the clock stops when <c>/healthz</c>
/// reports every point stored (committed to DuckDB, then acknowledged).
/// </summary>
internal static class AlpiIngestRun
{
    /// <summary>
    /// Waits until this process's JIT has compiled no method for 0.5 s (at most 30 s): a collector just started keeps
    /// re-compiling its start-up code at higher tiers in the background for seconds, which a collector running for
    /// days has long done; the runs measure the running daemon, as influxd's (ahead-of-time compiled Go) do.
    /// </summary>
    /// <returns>How long it took.</returns>
    private static async Task<TimeSpan> JitSettledAsync()
    {
        var clock = Stopwatch.StartNew();
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(500);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now == compiled)
            {
                break;
            }

            compiled = now;
        }

        return clock.Elapsed;
    }

    public static async Task<double> RunAsync(byte[][][] payloads, long total, bool viaMosquitto)
    {
        using var mosquitto = viaMosquitto ? await MosquittoBroker.StartAsync() : null;
        var settings = new Dictionary<string, string?> { ["Agent:Enabled"] = "false", ["Hotspot:Enabled"] = "false", ["Logging:LogLevel:Microsoft"] = "Warning" };
        if (Environment.GetEnvironmentVariable("INGEST_JOURNAL") is { } journalSetting)
        {
            settings["Collector:Ingest:Journal"] = journalSetting; // "false": acknowledge after the commit, as before the journal
        }
        if (Environment.GetEnvironmentVariable("INGEST_TRACE") == "1")
        {
            settings["Logging:LogLevel:Alpi.Collector.Ingest"] = "Trace";
            settings["Logging:Console:TimestampFormat"] = "HH:mm:ss.fff ";
        }

        if (mosquitto is not null)
        {
            settings["Collector:Broker:Embedded"] = "false";
        }

        await using var collector = await CollectorHarness.StartAsync(settings, mosquitto?.Port);
        var clients = new List<IMqttClient>();
        try
        {
            for (var p = 0; p < payloads.Length; p++)
            {
                var client = new MqttClientFactory().CreateMqttClient();
                await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", collector.BrokerPort).WithClientId($"bench-{p}").Build());
                clients.Add(client);
            }

            var settled = await JitSettledAsync();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(async (client, p) =>
            {
                var topic = $"alpi/{Payloads.Tenant}/{Payloads.Host(p)}/metrics";
                foreach (var payload in payloads[p])
                {
                    await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic)
                        .WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
                }
            }));
            var published = clock.Elapsed;
            long stored;
            do
            {
                await Task.Delay(20);
                stored = (await collector.GetJsonAsync("/healthz")).GetProperty("pointsStored").GetInt64();
            }
            while (stored < total && clock.Elapsed < TimeSpan.FromMinutes(5));
            clock.Stop();
            var health = await collector.GetJsonAsync("/healthz");
            var writes = health.GetProperty("storeWrites").GetInt64();
            var journal = health.TryGetProperty("journal", out var j) && j.GetProperty("enabled").GetBoolean()
                ? string.Create(CultureInfo.InvariantCulture, $"; journal: {j.GetProperty("appended").GetInt64()} messages in {j.GetProperty("fsyncs").GetInt64()} fsyncs")
                : "; no journal";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  alpi: {stored:N0} of {total:N0} points in {clock.Elapsed.TotalSeconds:F2} s = {stored / clock.Elapsed.TotalSeconds:N0} points/s; " +
                $"{writes} store transactions ({stored / Math.Max(1, writes):N0} points each); publishing took {published.TotalSeconds:F2} s{journal}; " +
                $"JIT idle {settled.TotalSeconds:F1} s after the connections"));
            if (stored < total)
            {
                throw new InvalidOperationException($"only {stored} of {total} points stored after 5 minutes");
            }

            return stored / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}
