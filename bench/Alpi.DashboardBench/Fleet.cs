using System.Globalization;
using System.Text;
using System.Text.Json;
using Alpi.Collector.Storage;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.DashboardBench;

/// <summary>One dashboard view to time: its address and the script expression true once its main content is rendered.</summary>
internal sealed record View(string Name, string Address, string Rendered);

/// <summary>
/// The bench's data: 500 hosts in 25 tenants, 100 numeric series each (Telegraf's cpu, mem, disk, diskio, net, system,
/// processes, swap, kernel and a few more) = 50,000 series, plus 50 Wi-Fi terminals with coordinates and one SNMP
/// switch; a history written straight into the store, then every host's birth message and current values over MQTT
/// (so the inventory, the alert engine and the live feed see them as from agents). One host in ten runs hot
/// (<c>bench_temp value</c> above the rule's thresholds): 50 open problems.
/// </summary>
internal static class Fleet
{
    public const int Hosts = 500;
    public const int Terminals = 50;
    private static readonly long StepNs = 10L * 1_000_000_000;

    public const string Rules = """
        rules:
          - name: temp-high
            kind: threshold
            measurement: bench_temp
            field: value
            function: last
            window: 1h
            above: { warning: 40, critical: 50 }
        """;

    public const string OnCall = """
        timeZone: Europe/Paris
        people:
          alice: { email: alice@mairie.test, sms: "+33600000001" }
          bob: { email: bob@mairie.test }
        schedules:
          - name: astreinte
            rotation: [alice, bob]
            handover: monday 09:00
            start: 2026-01-05
        """;

    public static string HostName(int i) => string.Create(CultureInfo.InvariantCulture, $"srv-{i:000}");

    public static string Tenant(int i) => string.Create(CultureInfo.InvariantCulture, $"mairie-{i % 25:00}");

    public static IReadOnlyList<View> Views { get; } =
    [
        new("Overview", "/#/", "document.querySelector('section.tile')"),
        new("Problems", "/#/problems", "document.querySelector('tr[data-alert-id]')"),
        new("Hosts", "/#/hosts", "document.querySelector('tr[data-tenant]')"),
        new("Host (1 h)", $"/#/host/{Tenant(0)}/{HostName(0)}", HostChart),
        new("Host (24 h)", $"/#/host/{Tenant(0)}/{HostName(0)}/h24", HostChart),
        new("Device", $"/#/device/{Tenant(0)}/{HostName(0)}/switch-0", "(() => { const s = document.querySelector('section.interface section[data-chart]'); return s && Number(s.dataset.points) > 0; })()"),
        new("Wi-Fi", "/#/wifi", "document.querySelector('tr[data-terminal]')"),
        new("On call", "/#/oncall", "document.querySelector('tr[data-schedule]')"),
    ];

    private const string HostChart = "(() => { const s = document.querySelector('section[data-chart=\"cpu\"]'); return s && Number(s.dataset.points) > 0 && s.querySelector('canvas'); })()";

    /// <summary>The 20 points (100 fields) of host <paramref name="i"/> at <paramref name="ts"/>; <paramref name="k"/> numbers the step (counters grow with it).</summary>
    public static IEnumerable<LinePoint> HostPoints(int i, long ts, long k)
    {
        var tenant = Tenant(i);
        var host = HostName(i);
        double Wave(int salt, double low, double high) => low + ((high - low) * (0.5 + (0.5 * Math.Sin((k + (i * 7) + (salt * 13)) / 9.0))));
        LinePoint Point(string measurement, (string, string)? tag, params (string Name, double Value)[] fields)
        {
            var tags = new List<KeyValuePair<string, string>> { new("host", host), new("tenant", tenant) };
            if (tag is { } t)
            {
                tags.Add(new(t.Item1, t.Item2));
            }

            return new LinePoint(measurement, tags, fields.Select(f => new KeyValuePair<string, FieldValue>(f.Name, FieldValue.Float(f.Value))).ToList(), ts);
        }

        var hot = i % 10 == 0;
        yield return Point("cpu", ("cpu", "cpu-total"), ("usage_user", Wave(1, 5, 60)), ("usage_system", Wave(2, 1, 20)), ("usage_idle", Wave(3, 20, 90)), ("usage_iowait", Wave(4, 0, 5)),
            ("usage_nice", 0), ("usage_irq", Wave(5, 0, 1)), ("usage_softirq", Wave(6, 0, 2)), ("usage_steal", Wave(7, 0, 3)), ("usage_guest", 0), ("usage_guest_nice", 0));
        yield return Point("mem", null, ("used_percent", Wave(8, 30, 80)), ("available_percent", Wave(9, 20, 70)), ("total", 8e9), ("available", Wave(10, 1e9, 5e9)), ("used", Wave(11, 2e9, 6e9)),
            ("free", Wave(12, 1e8, 1e9)), ("cached", Wave(13, 1e9, 2e9)), ("buffered", 1e8), ("active", Wave(14, 1e9, 3e9)), ("inactive", Wave(15, 1e9, 2e9)));
        yield return Point("disk", ("path", "/"), ("used_percent", Wave(16, 40, 60)), ("total", 1e11), ("free", 5e10), ("used", 5e10), ("inodes_total", 6e6), ("inodes_free", 5e6), ("inodes_used", 1e6));
        yield return Point("disk", ("path", "/var"), ("used_percent", Wave(17, 10, 90)), ("total", 2e11), ("free", 1e11));
        yield return Point("diskio", ("name", "sda"), ("reads", k * 10), ("writes", k * 30), ("read_bytes", k * 40960), ("write_bytes", k * 122880), ("read_time", k * 3),
            ("write_time", k * 9), ("io_time", k * 5), ("weighted_io_time", k * 12), ("iops_in_progress", 0), ("merged_reads", k));
        yield return Point("net", ("interface", "eth0"), ("bytes_recv", k * 1_250_000), ("bytes_sent", k * 310_000), ("packets_recv", k * 900), ("packets_sent", k * 400),
            ("err_in", 0), ("err_out", 0), ("drop_in", k / 100), ("drop_out", 0));
        yield return Point("net", ("interface", "eth1"), ("bytes_recv", k * 20_000), ("bytes_sent", k * 15_000));
        yield return Point("system", null, ("load1", Wave(18, 0, 4)), ("load5", Wave(19, 0, 3)), ("load15", Wave(20, 0, 2)), ("n_cpus", 4), ("n_users", 1), ("uptime", 864000 + (k * 10)));
        yield return Point("processes", null, ("running", Wave(21, 1, 5)), ("sleeping", Wave(22, 100, 200)), ("total", Wave(23, 120, 220)), ("zombies", 0));
        yield return Point("swap", null, ("total", 2e9), ("used", 1e8), ("free", 1.9e9), ("used_percent", 5), ("in", k), ("out", k));
        yield return Point("kernel", null, ("boot_time", 1.7e9), ("context_switches", k * 50_000), ("interrupts", k * 30_000), ("processes_forked", k * 20));
        yield return Point("bench_temp", null, ("value", hot ? 60 : Wave(24, 20, 35)), ("sensor_1", Wave(25, 20, 30)), ("sensor_2", Wave(26, 20, 30)), ("sensor_3", Wave(27, 20, 30)),
            ("sensor_4", 25), ("sensor_5", 25), ("sensor_6", 25), ("sensor_7", 25), ("sensor_8", 25), ("sensor_9", 25));
        yield return Point("app", ("service", "web"), ("requests", k * 120), ("errors", k / 50), ("latency_p50", Wave(28, 5, 20)), ("latency_p99", Wave(29, 50, 300)), ("connections", Wave(30, 10, 80)));
        yield return Point("app", ("service", "db"), ("requests", k * 400), ("errors", 0), ("latency_p50", Wave(31, 1, 3)), ("latency_p99", Wave(32, 5, 40)), ("connections", Wave(33, 5, 20)));
        yield return Point("ntp", ("server", "a"), ("offset", Wave(34, -1, 1)), ("jitter", Wave(35, 0, 1)), ("delay", Wave(36, 1, 10)), ("stratum", 2), ("reach", 377));
        yield return Point("ntp", ("server", "b"), ("offset", Wave(37, -1, 1)), ("jitter", Wave(38, 0, 1)), ("delay", Wave(39, 1, 10)), ("stratum", 3), ("reach", 377));
    }

    /// <summary>Writes <paramref name="history"/> at 10 s for every host, and 24 h for host 0, straight into the store.</summary>
    /// <returns>The number of values written.</returns>
    public static async Task<long> WriteHistoryAsync(ITimeSeriesStore store, DateTimeOffset now, TimeSpan history)
    {
        var end = (now.ToUnixTimeMilliseconds() * 1_000_000) / StepNs * StepNs;
        long values = 0;
        var steps = (long)(history.TotalSeconds / 10);
        for (var s = steps; s >= 1; s--)
        {
            var ts = end - (s * StepNs);
            var batch = Enumerable.Range(0, Hosts).SelectMany(i => HostPoints(i, ts, ts / StepNs)).ToList();
            values += await store.WriteAsync(batch, CancellationToken.None);
        }

        var day = 24L * 360;
        var older = new List<LinePoint>();
        for (var s = day; s > steps; s--)
        {
            var ts = end - (s * StepNs);
            older.AddRange(HostPoints(0, ts, ts / StepNs));
            if (older.Count >= 20_000 || s == steps + 1)
            {
                values += await store.WriteAsync(older, CancellationToken.None);
                older.Clear();
            }
        }

        return values;
    }

    /// <summary>Publishes, as agents and the hotspot controller would, every birth message and current value, then waits until stored (<c>pointsStored</c> counts lines).</summary>
    public static async Task PublishCurrentAsync(CollectorHarness collector)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", collector.BrokerPort).WithClientId("dashboard-bench").Build());
        var before = (await collector.GetJsonAsync("/healthz")).GetProperty("pointsStored").GetInt64();
        long expected = 0;
        var nowNs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;
        for (var i = 0; i < Hosts; i++)
        {
            await PublishAsync(client, $"alpi/{Tenant(i)}/{HostName(i)}/status", JsonSerializer.Serialize(new
            {
                status = "online", hostname = HostName(i), os = "Linux", osVersion = "Debian GNU/Linux 12", kernel = "6.1.0-18-amd64",
                agentVersion = "0.1.0", ipAddresses = new[] { $"192.0.2.{i % 250}" }, startedAt = TimeProvider.System.GetUtcNow().AddDays(-3),
            }), retain: true);
            var points = HostPoints(i, nowNs, nowNs / StepNs).ToList();
            expected += points.Count;
            await PublishAsync(client, $"alpi/{Tenant(i)}/{HostName(i)}/metrics", LineProtocolWriter.Format(points.Select(p => p with { Tags = p.Tags.Where(t => t.Key is not ("host" or "tenant")).ToList(), Timestamp = null }).ToList()));
        }

        for (var t = 0; t < Terminals; t++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"borne-{t:00}");
            var line = string.Create(CultureInfo.InvariantCulture,
                $"hotspot_terminal,group=places,nas={name} up={(t % 7 != 0 ? "true" : "false")},active_sessions={t % 9}i,access_requests={t * 40}u,access_accepts={t * 38}u,access_rejects={t * 2}u,input_octets={t * 100000}u,output_octets={t * 900000}u,input_octets_per_second={t * 1000.5},output_octets_per_second={t * 9000.5},last_request_age={t},latitude={45.0 + (t * 0.01)},longitude={5.5 + (t % 10 * 0.02)}\n");
            expected++;
            await PublishAsync(client, $"alpi/cigale/{name}/metrics", line);
        }

        var device = new StringBuilder("snmp_poll,device=switch-0 up=true,duration_ms=42,varbinds=120i\n");
        for (var n = 1; n <= 4; n++)
        {
            device.Append(CultureInfo.InvariantCulture, $"snmp_interface,device=switch-0,ifName=ge-0/0/{n} in_bits_per_second={n * 1e6},out_bits_per_second={n * 5e5},in_errors_rate=0,out_errors_rate=0,oper_status=1i\n");
        }

        expected += 5;
        await PublishAsync(client, $"alpi/{Tenant(0)}/{HostName(0)}/metrics", device.ToString());
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(2);
        while ((await collector.GetJsonAsync("/healthz")).GetProperty("pointsStored").GetInt64() < before + expected && TimeProvider.System.GetUtcNow().UtcDateTime < deadline)
        {
            await Task.Delay(200);
        }

        // The rule evaluates every 5 s: wait for the hot hosts' problems.
        while ((await collector.GetJsonAsync("/api/alerts?state=open&limit=10000")).GetArrayLength() < Hosts / 10 && TimeProvider.System.GetUtcNow().UtcDateTime < deadline)
        {
            await Task.Delay(500);
        }
    }

    private static async Task PublishAsync(IMqttClient client, string topic, string payload, bool retain = false)
    {
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithRetainFlag(retain).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"{topic}: {result.ReasonCode} {result.ReasonString}");
        }
    }
}
