using Alpi.Agent.Collectors.Snmp;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Tests.Collectors.Snmp;

/// <summary>
/// The Wi-Fi vendor profiles against a real net-snmp agent dressed as the vendor's device: snmpd answers the vendor's
/// sysObjectID (<c>sysObjectID</c> in snmpd.conf) and serves the vendor table's cells (<c>override</c> lines) with the
/// types the MIB gives them, and the poller publishes <c>snmp_wifi</c> points from them.
/// </summary>
[Category("Integration")]
public class SnmpWifiProfilesSnmpdTests
{
    [Test]
    public async Task CollectAsync_MikroTikSysObjectId_SelectsTheMikroTikProfileAndPublishesClientsPerApInterface()
    {
        // MIKROTIK-MIB mtxrWlApTable (1.3.6.1.4.1.14988.1.1.1.3.1): two AP interfaces broadcasting the same SSID, one per band.
        const string table = "1.3.6.1.4.1.14988.1.1.1.3.1";
        using var snmpd = await SnmpdAgent.StartAsync($"""
            sysObjectID .1.3.6.1.4.1.14988.1
            override .{table}.4.7 octet_str "Cigale"
            override .{table}.4.8 octet_str "Cigale"
            override .{table}.6.7 counter 12
            override .{table}.6.8 counter 3
            override .{table}.7.7 integer 2437
            override .{table}.7.8 integer 5180
            override .{table}.8.7 octet_str "2ghz-b/g/n"
            override .{table}.8.8 octet_str "5ghz-a/n/ac"
            override .{table}.11.7 counter 11
            override .{table}.11.8 counter 3
            """);

        var sink = await PollOnceAsync(snmpd, profile: null);

        var wifi = sink.Points.Where(p => p.Measurement == "snmp_wifi").OrderBy(p => p.GetTag("index")).ToList();
        wifi.Select(LineProtocolText.Format).Should().Equal(
            "snmp_wifi,band=2ghz-b/g/n,device=ap,index=7,ssid=Cigale clients=12u,authenticated_clients=11u,frequency_mhz=2437i",
            "snmp_wifi,band=5ghz-a/n/ac,device=ap,index=8,ssid=Cigale clients=3u,authenticated_clients=3u,frequency_mhz=5180i");
        sink.Points.Select(p => p.Measurement).Should().Contain("snmp_interface", "the MikroTik profile includes the generic one")
            .And.NotContain("snmp_ucd", "the longest sysObjectID prefix wins: mikrotik, not net-snmp");
    }

    [Test]
    public async Task CollectAsync_UniFiSysObjectId_SelectsTheUniFiProfileAndPublishesStationsPerVap()
    {
        // UBNT-UniFi-MIB unifiVapTable (1.3.6.1.4.1.41112.1.6.1.2.1): the guest SSID on both radios.
        const string table = "1.3.6.1.4.1.41112.1.6.1.2.1";
        using var snmpd = await SnmpdAgent.StartAsync($"""
            sysObjectID .1.3.6.1.4.1.41112
            override .{table}.4.1 integer 6
            override .{table}.4.2 integer 36
            override .{table}.6.1 octet_str "Cigale"
            override .{table}.6.2 octet_str "Cigale"
            override .{table}.7.1 octet_str "ath0"
            override .{table}.7.2 octet_str "ath2"
            override .{table}.8.1 integer 5
            override .{table}.8.2 integer 0
            override .{table}.9.1 octet_str "ng"
            override .{table}.9.2 octet_str "na"
            """);

        var sink = await PollOnceAsync(snmpd, profile: null);

        sink.Points.Where(p => p.Measurement == "snmp_wifi").OrderBy(p => p.GetTag("index")).Select(LineProtocolText.Format).Should().Equal(
            "snmp_wifi,device=ap,index=1,radio=ng,ssid=Cigale,vap=ath0 clients=5u,channel=6i",
            "snmp_wifi,device=ap,index=2,radio=na,ssid=Cigale,vap=ath2 clients=0u,channel=36i");
    }

    [Test]
    public async Task CollectAsync_CiscoWlcProfileForced_PublishesMobileStationsPerWlan()
    {
        // AIRESPACE-WIRELESS-MIB bsnDot11EssTable (1.3.6.1.4.1.14179.2.1.1.1); a controller's sysObjectID is a Cisco
        // product OID, here an arbitrary one, so the profile is named in the options.
        const string table = "1.3.6.1.4.1.14179.2.1.1.1";
        using var snmpd = await SnmpdAgent.StartAsync($"""
            sysObjectID .1.3.6.1.4.1.9.1.1279
            override .{table}.2.1 octet_str "Cigale"
            override .{table}.2.2 octet_str "mairie-interne"
            override .{table}.38.1 counter 42
            override .{table}.38.2 counter 7
            """);

        var sink = await PollOnceAsync(snmpd, profile: "cisco-wlc");

        sink.Points.Where(p => p.Measurement == "snmp_wifi").OrderBy(p => p.GetTag("index")).Select(LineProtocolText.Format).Should().Equal(
            "snmp_wifi,device=ap,index=1,ssid=Cigale clients=42u",
            "snmp_wifi,device=ap,index=2,ssid=mairie-interne clients=7u");
    }

    [Test]
    public async Task CollectAsync_VendorProfileOnADeviceWithoutTheTable_PublishesNoWifiPointsAndStaysUp()
    {
        // A RouterOS box without wireless interfaces: the walk of mtxrWlApClientCount is empty.
        using var snmpd = await SnmpdAgent.StartAsync("sysObjectID .1.3.6.1.4.1.14988.1");

        var sink = await PollOnceAsync(snmpd, profile: null);

        sink.Points.Should().NotContain(p => p.Measurement == "snmp_wifi");
        sink.Points.Should().ContainSingle(p => p.Measurement == "snmp_poll").Which.Fields
            .Should().ContainSingle(f => f.Key == "up").Which.Value.AsBoolean.Should().BeTrue();
    }

    private static async Task<RecordingSink> PollOnceAsync(SnmpdAgent snmpd, string? profile)
    {
        var options = new SnmpPollingOptions();
        options.Devices.Add(new SnmpDeviceOptions { Name = "ap", Address = snmpd.Target, Community = SnmpdAgent.Community, Profile = profile });
        await using var poller = new SnmpDevicePoller(Options.Create(options), TimeProvider.System, NullLogger<SnmpDevicePoller>.Instance);
        var sink = new RecordingSink();
        await poller.CollectAsync(sink, CancellationToken.None);
        return sink;
    }
}
