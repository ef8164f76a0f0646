using System.Diagnostics;
using System.Globalization;
using Alpi.Agent.Collectors.Snmp;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Tests.Collectors.Snmp;

/// <summary>The poller against a real net-snmp agent on loopback, and a device at a port nobody listens on.</summary>
[Category("Integration")]
public class SnmpDevicePollerSnmpdTests
{
    private SnmpdAgent _snmpd = null!;

    [OneTimeSetUp]
    public async Task StartSnmpd() => _snmpd = await SnmpdAgent.StartAsync();

    [OneTimeTearDown]
    public void StopSnmpd() => _snmpd.Dispose();

    [Test]
    public async Task CollectAsync_TwoPolls_PublishesLoopbackCountersAndRatesThatMatchTheCounters()
    {
        await using var poller = CreatePoller(new SnmpDeviceOptions
        {
            Name = "bench",
            Address = _snmpd.Target,
            Community = SnmpdAgent.Community,
            Interval = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromSeconds(1),
        });

        var previous = new RecordingSink();
        var previousAt = Stopwatch.GetTimestamp();
        await poller.CollectAsync(previous, CancellationToken.None);
        Loopback(previous).Fields.Should().NotContain(f => f.Key == "in_octets_rate", "the first sample has no rate");

        // net-snmp caches IF-MIB for about 3 s: poll every 1.1 s until the counter has moved, checking every rate.
        RecordingSink second = null!;
        var moved = false;
        for (var round = 0; round < 5 && !moved; round++)
        {
            // Traffic on lo between the polls: each snmpget is a request and a response over 127.0.0.1.
            for (var i = 0; i < 5; i++)
            {
                await NetSnmpTool.RunAsync("snmpget", "-v2c", "-c", SnmpdAgent.Community, _snmpd.Target, "1.3.6.1.2.1.1.1.0");
            }

            var wait = TimeSpan.FromSeconds(1.1) - Stopwatch.GetElapsedTime(previousAt);
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            var current = new RecordingSink();
            var currentAt = Stopwatch.GetTimestamp();
            await poller.CollectAsync(current, CancellationToken.None);

            var delta = Field(Loopback(current), "in_octets").AsUInteger - Field(Loopback(previous), "in_octets").AsUInteger;
            var elapsed = Stopwatch.GetElapsedTime(previousAt, currentAt);
            var expected = delta / elapsed.TotalSeconds;
            var rate = Field(Loopback(current), "in_octets_rate").AsFloat;
            rate.Should().BeGreaterThanOrEqualTo(0);
            rate.Should().BeApproximately(expected, Math.Max(1, expected * 0.1), $"{delta} octets in about {elapsed}");
            Field(Loopback(current), "in_bits_per_second").AsFloat.Should().BeApproximately(rate * 8, 1e-6);
            moved = delta > 0;
            (previous, previousAt, second) = (current, currentAt, current);
        }

        moved.Should().BeTrue("the snmpget traffic moves lo's ifHCInOctets once net-snmp's cache expires");
        Loopback(second).Fields.Select(f => f.Key).Should().Contain(["out_octets", "out_octets_rate", "in_ucast_pkts", "in_errors", "oper_status", "admin_status"]);

        var poll = second.Points.Should().ContainSingle(p => p.Measurement == "snmp_poll").Subject;
        Field(poll, "up").AsBoolean.Should().BeTrue();
        Field(poll, "varbinds").AsInteger.Should().BePositive();
        // net-snmp's sysObjectID (.1.3.6.1.4.1.8072.3.2.10) selects the net-snmp profile: host resources and UCD too.
        second.Points.Select(p => p.Measurement).Should().Contain(["snmp_system", "snmp_storage", "snmp_ucd"]);
        second.Points.Should().OnlyContain(p => p.GetTag("host") == null && p.GetTag("device") == "bench",
            "the agent stamps its own host on every point (the collector enforces it from the topic); the device is a tag");
    }

    [Test]
    public async Task CollectAsync_DeadDeviceBesideALiveOne_IsDownWithoutDelayingTheOtherBeyondItsTimeout()
    {
        var dead = new SnmpDeviceOptions
        {
            Name = "dead",
            Address = "127.0.0.1:" + FreePort.Udp().ToString(CultureInfo.InvariantCulture),
            Community = SnmpdAgent.Community,
            Timeout = TimeSpan.FromMilliseconds(300),
            Retries = 1,
        };
        await using var poller = CreatePoller(
            new SnmpDeviceOptions { Name = "bench", Address = _snmpd.Target, Community = SnmpdAgent.Community, Site = "Salle des fêtes" },
            dead);

        var sink = new RecordingSink();
        var started = Stopwatch.GetTimestamp();
        await poller.CollectAsync(sink, CancellationToken.None);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var polls = sink.Points.Where(p => p.Measurement == "snmp_poll").ToDictionary(p => p.GetTag("device")!);
        Field(polls["bench"], "up").AsBoolean.Should().BeTrue();
        Field(polls["dead"], "up").AsBoolean.Should().BeFalse();
        Field(polls["dead"], "varbinds").AsInteger.Should().Be(0);
        sink.Points.Should().Contain(p => p.Measurement == "snmp_interface" && p.GetTag("device") == "bench");
        polls["bench"].GetTag("site").Should().Be("Salle des fêtes", "a device with a site of its own carries it on snmp_poll");
        sink.Points.Where(p => p.Measurement != "snmp_poll").Should().OnlyContain(p => p.GetTag("site") == null,
            "only snmp_poll carries the site: the device's other series keep their identity");
        polls["dead"].GetTag("site").Should().BeNull("a device without a site stands on the poller's");
        sink.Points.Where(p => p.GetTag("device") == "dead").Should().ContainSingle("a dead device only reports snmp_poll");
        // The dead device costs 300 ms × 2 attempts; polled in parallel, the round is not the sum of both devices.
        Field(polls["dead"], "duration_ms").AsFloat.Should().BeInRange(550, 2000);
        elapsed.Should().BeLessThan(TimeSpan.FromMilliseconds(600) + TimeSpan.FromSeconds(2));
    }

    [Test]
    public async Task CollectAsync_DeviceAddressedByName_ResolvesLocalhostAndPollsIt()
    {
        await using var poller = CreatePoller(new SnmpDeviceOptions
        {
            Name = "by-name", Address = "localhost:" + _snmpd.Port.ToString(CultureInfo.InvariantCulture), Community = SnmpdAgent.Community,
        });

        var sink = new RecordingSink();
        await poller.CollectAsync(sink, CancellationToken.None);

        // /etc/hosts gives 127.0.0.1 (and maybe ::1); IPv4 is preferred, where snmpd listens.
        Loopback(sink).GetTag("device").Should().Be("by-name");
        Field(sink.Points.Single(p => p.Measurement == "snmp_poll"), "up").AsBoolean.Should().BeTrue();
    }

    [Test]
    public async Task CollectAsync_NameThatDoesNotResolve_IsDownAndLoggedWithoutHoldingTheOtherDevice()
    {
        var logger = new CapturingLogger<SnmpDevicePoller>();
        var options = new SnmpPollingOptions();
        options.Devices.Add(new SnmpDeviceOptions { Name = "bench", Address = _snmpd.Target, Community = SnmpdAgent.Community });
        // RFC 6761 §6.4: names under .invalid never resolve.
        options.Devices.Add(new SnmpDeviceOptions
        {
            Name = "ghost", Address = "nonexistent.invalid:1161", Community = SnmpdAgent.Community, Timeout = TimeSpan.FromMilliseconds(300), Retries = 1,
        });
        await using var poller = new SnmpDevicePoller(Options.Create(options), TimeProvider.System, logger);

        var sink = new RecordingSink();
        var started = Stopwatch.GetTimestamp();
        await poller.CollectAsync(sink, CancellationToken.None);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var polls = sink.Points.Where(p => p.Measurement == "snmp_poll").ToDictionary(p => p.GetTag("device")!);
        Field(polls["ghost"], "up").AsBoolean.Should().BeFalse();
        Field(polls["ghost"], "varbinds").AsInteger.Should().Be(0);
        sink.Points.Where(p => p.GetTag("device") == "ghost").Should().ContainSingle("a device whose name does not resolve only reports snmp_poll");
        Field(polls["bench"], "up").AsBoolean.Should().BeTrue();
        sink.Points.Should().Contain(p => p.Measurement == "snmp_interface" && p.GetTag("device") == "bench");
        logger.Entries.Should().ContainSingle(e => e.Level == LogLevel.Warning && e.Message.Contains("nonexistent.invalid", StringComparison.Ordinal))
            .Which.Message.Should().Contain("SNMP device ghost is down");
        // The resolution gives up after timeout × attempts (600 ms) at worst; the live device is polled beside it.
        elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));
    }

    // The new user's check: a device that did not answer was logged "is down: Timeout: no response after 2 attempt(s)",
    // which neither said where the requests went nor what to look at.
    [Test]
    public async Task CollectAsync_DeviceThatDoesNotAnswer_IsLoggedWithItsAddressAndPortAndWhatToCheck()
    {
        var port = FreePort.Udp().ToString(CultureInfo.InvariantCulture);
        var logger = new CapturingLogger<SnmpDevicePoller>();
        var options = new SnmpPollingOptions();
        options.Devices.Add(new SnmpDeviceOptions
        {
            Name = "closed", Address = "127.0.0.1:" + port, Community = SnmpdAgent.Community, Timeout = TimeSpan.FromMilliseconds(300), Retries = 1,
        });
        await using var poller = new SnmpDevicePoller(Options.Create(options), TimeProvider.System, logger);

        var sink = new RecordingSink();
        await poller.CollectAsync(sink, CancellationToken.None);

        Field(sink.Points.Single(p => p.Measurement == "snmp_poll"), "up").AsBoolean.Should().BeFalse();
        logger.Entries.Should().ContainSingle(e => e.Level == LogLevel.Warning).Which.Message.Should().Be(
            $"SNMP device closed is down: Timeout: no response from 127.0.0.1:{port} after 2 attempt(s) of 300 ms: wrong community or SNMP version "
            + $"(v2c sent; a device ignores a request it does not accept), device down, a firewall dropping UDP, or no SNMP agent on port {port}");
    }

    // The new user's check: a wrong SNMPv3 authentication password was logged "is down: AuthenticationFailed: the agent
    // answered with a Report 1.3.6.1.6.3.15.1.1.5.0"; net-snmp's usmStatsWrongDigests Report is now said in words.
    [Test]
    public async Task CollectAsync_V3WrongAuthPassword_SaysTheDeviceRefusedTheUsersAuthenticationKey()
    {
        var logger = new CapturingLogger<SnmpDevicePoller>();
        var options = new SnmpPollingOptions();
        options.Devices.Add(new SnmpDeviceOptions
        {
            Name = "v3",
            Address = _snmpd.Target,
            Version = "3",
            User = "shaaes",
            AuthProtocol = "SHA",
            AuthPassword = "not-the-authpass",
            PrivProtocol = "AES",
            PrivPassword = SnmpdAgent.PrivPassword,
            Timeout = TimeSpan.FromMilliseconds(500),
            Retries = 1,
        });
        await using var poller = new SnmpDevicePoller(Options.Create(options), TimeProvider.System, logger);

        var sink = new RecordingSink();
        await poller.CollectAsync(sink, CancellationToken.None);

        Field(sink.Points.Single(p => p.Measurement == "snmp_poll"), "up").AsBoolean.Should().BeFalse();
        var message = logger.Entries.Should().ContainSingle(e => e.Level == LogLevel.Warning).Which.Message;
        message.Should().Be("SNMP device v3 is down: AuthenticationFailed: the device refused the authentication key of user shaaes: "
            + "wrong authentication password or protocol (usmStatsWrongDigests)");
        message.Should().NotContain("not-the-authpass", "a pass phrase is never logged");
    }

    [Test]
    public async Task CollectAsync_IntervalNotElapsed_SkipsTheDevice()
    {
        await using var poller = CreatePoller(new SnmpDeviceOptions
        {
            Name = "bench", Address = _snmpd.Target, Community = SnmpdAgent.Community, Interval = TimeSpan.FromMinutes(1),
        });
        await poller.CollectAsync(new RecordingSink(), CancellationToken.None);

        var second = new RecordingSink();
        await poller.CollectAsync(second, CancellationToken.None);

        second.Points.Should().BeEmpty();
    }

    [Test]
    public async Task CollectAsync_V3AuthPriv_PollsTheDevice()
    {
        await using var poller = CreatePoller(new SnmpDeviceOptions
        {
            Name = "v3",
            Address = _snmpd.Target,
            Version = "3",
            User = "shaaes",
            AuthProtocol = "SHA",
            AuthPassword = SnmpdAgent.AuthPassword,
            PrivProtocol = "AES",
            PrivPassword = SnmpdAgent.PrivPassword,
            Profile = "generic",
        });

        var sink = new RecordingSink();
        await poller.CollectAsync(sink, CancellationToken.None);

        Loopback(sink).GetTag("device").Should().Be("v3");
        sink.Points.Select(p => p.Measurement).Should().NotContain("snmp_ucd", "the forced generic profile has no UCD scalars");
    }

    [Test]
    public async Task CollectAsync_V1_WalksWithGetNextAndPollsTheDevice()
    {
        await using var poller = CreatePoller(new SnmpDeviceOptions
        {
            Name = "v1", Address = _snmpd.Target, Version = "1", Community = SnmpdAgent.Community,
        });

        var sink = new RecordingSink();
        await poller.CollectAsync(sink, CancellationToken.None);

        // v1 has no Counter64 (RFC 2576 §4.1.2.1): ifHC* are skipped by the agent, the 32-bit ifInOctets is read instead.
        Field(Loopback(sink), "in_octets").Kind.Should().Be(FieldKind.UInteger);
        sink.Points.Select(p => p.Measurement).Should().Contain(["snmp_system", "snmp_storage", "snmp_ucd", "snmp_poll"]);
    }

    [Test]
    public async Task CollectAsync_ProfileFromDirectory_FallsBackToTheOldColumnAndScalesByAnotherColumn()
    {
        using var directory = new TempDirectory("alpi-profiles");
        await File.WriteAllTextAsync(Path.Combine(directory.Path, "test.json"), """
            {
              "name": "test",
              "tables": [
                {
                  "measurement": "t_if", "index": "1.3.6.1.2.1.2.2.1.1", "indexTag": "index",
                  "tags": [ { "oid": "1.3.6.1.2.1.2.2.1.2", "tag": "ifDescr" } ],
                  "fields": [ { "oid": "1.3.6.1.2.1.31.1.1.1.99", "field": "in_octets", "kind": "counter64", "fallbackOid": "1.3.6.1.2.1.2.2.1.10", "fallbackKind": "counter32" } ]
                },
                {
                  "measurement": "t_storage", "index": "1.3.6.1.2.1.25.2.3.1.1",
                  "tags": [ { "oid": "1.3.6.1.2.1.25.2.3.1.3", "tag": "storage" } ],
                  "fields": [
                    { "oid": "1.3.6.1.2.1.25.2.3.1.5", "field": "size", "kind": "gauge" },
                    { "oid": "1.3.6.1.2.1.25.2.3.1.4", "field": "units", "kind": "gauge" },
                    { "oid": "1.3.6.1.2.1.25.2.3.1.5", "field": "size_bytes", "kind": "gauge", "scaleOid": "1.3.6.1.2.1.25.2.3.1.4" }
                  ]
                }
              ]
            }
            """);
        var options = new SnmpPollingOptions { ProfilesDirectory = directory.Path };
        options.Devices.Add(new SnmpDeviceOptions { Name = "bench", Address = _snmpd.Target, Community = SnmpdAgent.Community, Profile = "test" });
        await using var poller = new SnmpDevicePoller(Options.Create(options), TimeProvider.System,
            NullLogger<SnmpDevicePoller>.Instance);

        var sink = new RecordingSink();
        await poller.CollectAsync(sink, CancellationToken.None);

        var lo = sink.Points.Should().ContainSingle(p => p.Measurement == "t_if" && p.GetTag("ifDescr") == "lo").Subject;
        lo.GetTag("index").Should().Be("1");
        Field(lo, "in_octets").AsUInteger.Should().BePositive("ifInOctets is read where the primary column has no instance");
        var storages = sink.Points.Where(p => p.Measurement == "t_storage").ToList();
        storages.Should().NotBeEmpty();
        storages.Should().OnlyContain(p => Field(p, "size_bytes").AsUInteger == Field(p, "size").AsUInteger * Field(p, "units").AsUInteger);
    }

    private static SnmpDevicePoller CreatePoller(params SnmpDeviceOptions[] devices)
    {
        var options = new SnmpPollingOptions();
        foreach (var device in devices)
        {
            options.Devices.Add(device);
        }

        return new SnmpDevicePoller(Options.Create(options), TimeProvider.System,
            NullLogger<SnmpDevicePoller>.Instance);
    }

    private static LinePoint Loopback(RecordingSink sink) =>
        sink.Points.Should().ContainSingle(p => p.Measurement == "snmp_interface" && p.GetTag("ifName") == "lo").Subject;

    private static FieldValue Field(LinePoint point, string key) =>
        point.Fields.Should().ContainSingle(f => f.Key == key, $"{LineProtocolText.Format(point)} has {key}").Subject.Value;
}
