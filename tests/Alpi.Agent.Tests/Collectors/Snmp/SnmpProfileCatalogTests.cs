using System.Text;
using Alpi.Agent.Collectors.Snmp;
using Alpi.Protocols.Snmp;
using Alpi.Testing;

namespace Alpi.Agent.Tests.Collectors.Snmp;

public class SnmpProfileCatalogTests
{
    [Test]
    public void Load_EmbeddedProfiles_AllParse()
    {
        var catalog = SnmpProfileCatalog.Load();

        catalog.Names.Should().Contain(["generic", "host-resources", "ucd", "ups", "net-snmp", "mikrotik", "unifi", "cisco-wlc"]);
        foreach (var name in catalog.Names)
        {
            var profile = catalog.Get(name);
            (profile.Scalars.Count + profile.Tables.Count).Should().BePositive(because: $"profile {name} fetches something");
            profile.Tables.Where(t => t.Fields.Count == 0).Should().BeEmpty();
        }
    }

    [Test]
    public void Load_Generic_HasTheInterfaceTableWithHighCapacityCountersFallingBackTo32Bit()
    {
        var generic = SnmpProfileCatalog.Load().Get("generic");

        generic.Scalars.Should().ContainSingle(s => s.Field == "uptime" && s.Measurement == "snmp_system");
        var interfaces = generic.Tables.Should().ContainSingle(t => t.Measurement == "snmp_interface").Subject;
        interfaces.Tags.Select(t => t.Tag).Should().Equal("ifName", "ifAlias", "ifDescr");
        var inOctets = interfaces.Fields.Should().ContainSingle(f => f.Field == "in_octets").Subject;
        inOctets.Oid.Should().Be(Oid.Parse("1.3.6.1.2.1.31.1.1.1.6")); // ifHCInOctets, RFC 2863
        inOctets.Kind.Should().Be(SnmpFieldKind.Counter64);
        inOctets.FallbackOid.Should().Be(Oid.Parse("1.3.6.1.2.1.2.2.1.10")); // ifInOctets
        inOctets.FallbackKind.Should().Be(SnmpFieldKind.Counter32);
        inOctets.BitsPerSecondField.Should().Be("in_bits_per_second");
    }

    [Test]
    public void Load_NetSnmp_IncludesGenericHostResourcesAndUcd()
    {
        var profile = SnmpProfileCatalog.Load().Get("net-snmp");

        profile.Tables.Select(t => t.Measurement).Should().Equal("snmp_interface", "snmp_storage", "snmp_cpu");
        profile.Scalars.Select(s => s.Measurement).Distinct().Should().Equal("snmp_system", "snmp_ucd");
    }

    // net-snmp's agent on Linux (NET-SNMP-TC netSnmpAgentOIDs.linux).
    [TestCase("1.3.6.1.4.1.8072.3.2.10", "net-snmp")]
    // An RFC 1628 UPS card reporting upsMIB as its sysObjectID.
    [TestCase("1.3.6.1.2.1.33", "ups")]
    // MikroTik RouterOS (MIKROTIK-MIB mikrotikExperimentalModule).
    [TestCase("1.3.6.1.4.1.14988.1", "mikrotik")]
    // A UniFi access point answering a sysObjectID under Ubiquiti's enterprise 41112.
    [TestCase("1.3.6.1.4.1.41112", "unifi")]
    // An unknown Cisco device (a WLC too: its profile is named in the options): the generic fallback.
    [TestCase("1.3.6.1.4.1.9.1.1208", "generic")]
    // No sysObjectID at all (the agent answered noSuchObject).
    [TestCase("", "generic")]
    public void Select_BySysObjectId_PicksTheLongestPrefixElseGeneric(string sysObjectId, string expected)
    {
        var oid = sysObjectId.Length == 0 ? default : Oid.Parse(sysObjectId);

        SnmpProfileCatalog.Load().Select(oid).Name.Should().Be(expected);
    }

    [TestCase("mikrotik", "1.3.6.1.4.1.14988.1.1.1.3.1.6")] // MIKROTIK-MIB mtxrWlApClientCount
    [TestCase("unifi", "1.3.6.1.4.1.41112.1.6.1.2.1.8")] // UBNT-UniFi-MIB unifiVapNumStations
    [TestCase("cisco-wlc", "1.3.6.1.4.1.14179.2.1.1.1.38")] // AIRESPACE-WIRELESS-MIB bsnDot11EssNumberOfMobileStations
    public void Load_WifiProfiles_CountClientsPerSsidInSnmpWifiBesideTheGenericTables(string name, string clientsOid)
    {
        var profile = SnmpProfileCatalog.Load().Get(name);

        profile.Tables.Select(t => t.Measurement).Should().Equal("snmp_interface", "snmp_wifi");
        var wifi = profile.Tables[1];
        wifi.Index.Should().Be(Oid.Parse(clientsOid), "the rows are those that have a client count");
        wifi.Tags.Select(t => t.Tag).Should().StartWith("ssid");
        var clients = wifi.Fields.Should().ContainSingle(f => f.Field == "clients").Subject;
        clients.Oid.Should().Be(Oid.Parse(clientsOid));
        clients.Kind.Should().Be(SnmpFieldKind.Gauge, "a number of clients now, even where the MIB calls it Counter32");
    }

    [Test]
    public void Select_TwoMatchingPrefixes_TheLongestWins()
    {
        using var directory = new TempDirectory("alpi-profiles");
        File.WriteAllText(Path.Combine(directory.Path, "netsnmp-linux.json"),
            """{ "name": "netsnmp-linux", "sysObjectIdPrefixes": [ "1.3.6.1.4.1.8072.3.2.10" ], "includes": [ "net-snmp" ] }""");
        var catalog = SnmpProfileCatalog.Load(directory.Path);

        catalog.Select(Oid.Parse("1.3.6.1.4.1.8072.3.2.10")).Name.Should().Be("netsnmp-linux");
        catalog.Select(Oid.Parse("1.3.6.1.4.1.8072.3.2.13")).Name.Should().Be("net-snmp");
        catalog.Get("netsnmp-linux").Tables.Should().HaveCount(3);
    }

    [Test]
    public void Select_PrefixMatchesWholeArcsOnly()
    {
        // 1.3.6.1.4.1.8072.3.2 must not match 1.3.6.1.4.1.8072.3.20 (a text prefix would).
        SnmpProfileCatalog.Load().Select(Oid.Parse("1.3.6.1.4.1.8072.3.20.1")).Name.Should().Be("generic");
    }

    [TestCase("""{ "name": "x" }""", TestName = "Parse_OmittedLists_AreEmpty")]
    [TestCase("""{ "name": "x", "includes": null, "sysObjectIdPrefixes": null, "scalars": null, "tables": null }""", TestName = "Parse_NullLists_AreEmpty")]
    public void Parse_ListsOmittedOrNull_AreEmptyNotNull(string json)
    {
        // The source-generated serializer sets every init-only member, omitted ones included: the defaults must survive.
        var profile = SnmpProfileCatalog.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "x.json");

        profile.Includes.Should().BeEmpty();
        profile.SysObjectIdPrefixes.Should().BeEmpty();
        profile.Scalars.Should().BeEmpty();
        profile.Tables.Should().BeEmpty();
    }

    [Test]
    public void Parse_TableWithoutTags_HasNoTags()
    {
        const string json = """{ "name": "x", "tables": [ { "measurement": "m", "index": "1.3.6.1", "fields": [ { "oid": "1.3.6.2", "field": "f", "kind": "gauge" } ] } ] }""";

        var profile = SnmpProfileCatalog.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "x.json");

        profile.Tables.Should().ContainSingle().Which.Tags.Should().BeEmpty();
    }

    [TestCase("""{ "name": "x", "includes": [ "missing" ] }""", "unknown profile", TestName = "Load_UnknownInclude_Throws")]
    [TestCase("""{ "name": "x", "includes": [ "x" ] }""", "circular", TestName = "Load_CircularInclude_Throws")]
    [TestCase("""{ "name": "x", "scalars": [ { "measurement": "m", "oid": "1.3.x", "field": "f", "kind": "gauge" } ] }""", "not an OID", TestName = "Load_BadOid_Throws")]
    [TestCase("""{ "name": "x", "scalars": [ { "measurement": "m", "oid": "1.3.6", "field": "f", "kind": "speed" } ] }""", "x.json", TestName = "Load_UnknownKind_Throws")]
    [TestCase("""{ "name": "x", "scalars": [ { "oid": "1.3.6", "field": "f", "kind": "gauge" } ] }""", "x.json", TestName = "Load_MissingMeasurement_Throws")]
    public void Load_MalformedProfile_ThrowsNamingTheProblem(string json, string expected)
    {
        using var directory = new TempDirectory("alpi-profiles");
        File.WriteAllText(Path.Combine(directory.Path, "x.json"), json, Encoding.UTF8);

        var load = () => SnmpProfileCatalog.Load(directory.Path);

        load.Should().Throw<SnmpProfileException>().WithMessage($"*{expected}*");
    }
}
