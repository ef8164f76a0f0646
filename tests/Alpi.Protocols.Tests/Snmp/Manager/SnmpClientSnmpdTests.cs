using System.Net;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.Manager;
using Alpi.Protocols.Snmp.V3;
using Alpi.Testing;

namespace Alpi.Protocols.Tests.Snmp.Manager;

/// <summary>
/// The manager against a real net-snmp agent (Debian snmpd) started on a free loopback port: v1, v2c and v3 walks
/// compared with net-snmp's own snmpbulkwalk/snmpwalk output for the same OIDs.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class SnmpClientSnmpdTests
{
    private const string SysDescr = "1.3.6.1.2.1.1.1.0";
    private SnmpdAgent _snmpd = null!;
    private SnmpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _snmpd = await SnmpdAgent.StartAsync();
        _client = new SnmpClient();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _client.DisposeAsync();
        _snmpd.Dispose();
    }

    private IPEndPoint EndPoint => new(IPAddress.Loopback, _snmpd.Port);

    private SnmpTarget Community(SnmpVersion version) => new(EndPoint, version, SnmpdAgent.Community, null, TimeSpan.FromSeconds(1), 2);

    private SnmpTarget V3(string user, SnmpSecurityLevel level, SnmpAuthProtocol auth, SnmpPrivProtocol priv, string? authPassword = null) =>
        new(EndPoint, SnmpVersion.V3, "", new SnmpV3User(user, level, auth, authPassword ?? SnmpdAgent.AuthPassword, priv, SnmpdAgent.PrivPassword), TimeSpan.FromSeconds(1), 2);

    // Each case: a version and how net-snmp's tool reads the same agent.
    [TestCase(SnmpVersion.V2c, true, "1.3.6.1.2.1.2", TestName = "BulkWalk_V2c_IfMib_EqualsSnmpbulkwalk")]
    [TestCase(SnmpVersion.V2c, true, "1.3.6.1.2.1.25.2", TestName = "BulkWalk_V2c_HrStorage_EqualsSnmpbulkwalk")]
    [TestCase(SnmpVersion.V2c, false, "1.3.6.1.2.1.1", TestName = "Walk_V2cGetNext_System_EqualsSnmpwalk")]
    [TestCase(SnmpVersion.V1, false, "1.3.6.1.2.1.2", TestName = "Walk_V1_IfMib_EqualsSnmpwalk")]
    public async Task Walk_EqualsNetSnmpOutput(SnmpVersion version, bool bulk, string root)
    {
        var walk = await _client.WalkAsync(Community(version), Oid.Parse(root), new SnmpWalkOptions(UseBulk: bulk, MaxRepetitions: 10));
        var tool = bulk ? "snmpbulkwalk" : "snmpwalk";
        string[] toolArgs = ["-On", version == SnmpVersion.V1 ? "-v1" : "-v2c", "-c", SnmpdAgent.Community, .. bulk ? new[] { "-Cr10" } : [], _snmpd.Target, root];
        var (exit, output) = await NetSnmpTool.RunAsync(tool, toolArgs);

        exit.Should().Be(0);
        walk.Failure.Should().BeNull();
        AssertSameOidsAndTypes(walk.Varbinds, output);
    }

    [Test]
    public async Task Get_SystemGroup_ValuesEqualSnmpget()
    {
        string[] oids = ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.4.0", "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.6.0"];
        var result = await _client.GetAsync(Community(SnmpVersion.V2c), oids.Select(Oid.Parse).ToList());
        var (_, output) = await NetSnmpTool.RunAsync("snmpget", ["-On", "-v2c", "-c", SnmpdAgent.Community, _snmpd.Target, .. oids]);

        result.Status.Should().Be(SnmpStatus.Ok);
        string.Join("\n", result.Varbinds.Select(v => v.ToString())).Should().Be(output.TrimEnd('\n'));
    }

    [Test]
    public async Task Get_MissingInstance_IsNoSuchInstanceStateNotData()
    {
        var result = await _client.GetAsync(Community(SnmpVersion.V2c), [Oid.Parse("1.3.6.1.2.1.1.1.99")]);

        result.Status.Should().Be(SnmpStatus.Ok);
        result.Varbinds[0].Value.IsException.Should().BeTrue();
    }

    [Test]
    public async Task Get_WrongCommunity_TimesOut()
    {
        var target = Community(SnmpVersion.V2c) with { Community = "not-the-community", Timeout = TimeSpan.FromMilliseconds(200), Retries = 1 };

        var result = await _client.GetAsync(target, [Oid.Parse(SysDescr)]);

        result.Status.Should().Be(SnmpStatus.Timeout, "net-snmp drops requests with an unknown community");
    }

    // Each case: a USM user of the test snmpd, as net-snmp names its protocols.
    [TestCase("shaaes", SnmpSecurityLevel.AuthPriv, SnmpAuthProtocol.HmacSha1_96, SnmpPrivProtocol.Aes128, "SHA", "AES", TestName = "BulkWalk_V3_ShaAes_EqualsSnmpbulkwalk")]
    [TestCase("sha256aes", SnmpSecurityLevel.AuthPriv, SnmpAuthProtocol.HmacSha256_192, SnmpPrivProtocol.Aes128, "SHA-256", "AES", TestName = "BulkWalk_V3_Sha256Aes_EqualsSnmpbulkwalk")]
    [TestCase("sha224aes", SnmpSecurityLevel.AuthPriv, SnmpAuthProtocol.HmacSha224_128, SnmpPrivProtocol.Aes128, "SHA-224", "AES", TestName = "BulkWalk_V3_Sha224Aes_EqualsSnmpbulkwalk")]
    [TestCase("md5des", SnmpSecurityLevel.AuthPriv, SnmpAuthProtocol.HmacMd5_96, SnmpPrivProtocol.Des, "MD5", "DES", TestName = "BulkWalk_V3_Md5Des_EqualsSnmpbulkwalk")]
    [TestCase("authonly", SnmpSecurityLevel.AuthNoPriv, SnmpAuthProtocol.HmacSha1_96, SnmpPrivProtocol.None, "SHA", null, TestName = "BulkWalk_V3_AuthNoPriv_EqualsSnmpbulkwalk")]
    public async Task BulkWalk_V3_EqualsSnmpbulkwalk(string user, SnmpSecurityLevel level, SnmpAuthProtocol auth, SnmpPrivProtocol priv, string toolAuth, string? toolPriv)
    {
        var walk = await _client.WalkAsync(V3(user, level, auth, priv), Oid.Parse("1.3.6.1.2.1.2"));
        List<string> args = ["-On", "-v3", "-u", user, "-l", level == SnmpSecurityLevel.AuthPriv ? "authPriv" : "authNoPriv", "-a", toolAuth, "-A", SnmpdAgent.AuthPassword];
        if (toolPriv is not null)
        {
            args.AddRange(["-x", toolPriv, "-X", SnmpdAgent.PrivPassword]);
        }

        var (exit, output) = await NetSnmpTool.RunAsync("snmpbulkwalk", [.. args, "-Cr10", _snmpd.Target, "1.3.6.1.2.1.2"]);

        exit.Should().Be(0);
        walk.Failure.Should().BeNull();
        AssertSameOidsAndTypes(walk.Varbinds, output);
    }

    [Test]
    public async Task Get_V3WrongAuthPassword_IsAuthenticationFailed()
    {
        var result = await _client.GetAsync(V3("shaaes", SnmpSecurityLevel.AuthPriv, SnmpAuthProtocol.HmacSha1_96, SnmpPrivProtocol.Aes128, "wrong-password-1"), [Oid.Parse(SysDescr)]);

        result.Status.Should().Be(SnmpStatus.AuthenticationFailed, result.ToString());
    }

    [Test]
    public async Task Get_V3UnknownUser_IsUnknownUser()
    {
        var result = await _client.GetAsync(V3("nobody", SnmpSecurityLevel.AuthNoPriv, SnmpAuthProtocol.HmacSha1_96, SnmpPrivProtocol.None), [Oid.Parse(SysDescr)]);

        result.Status.Should().Be(SnmpStatus.UnknownUser, result.ToString());
    }

    [Test]
    public async Task ManyRequestsInFlight_OneSocket_AllAnswered()
    {
        var target = Community(SnmpVersion.V2c);
        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => _client.GetAsync(target, [Oid.Parse(SysDescr)])));

        results.Should().OnlyContain(r => r.Status == SnmpStatus.Ok);
    }

    /// <summary>Same OIDs in the same order with the same types; values may move between the two walks (counters).</summary>
    private static void AssertSameOidsAndTypes(IReadOnlyList<Varbind> ours, string netSnmpOutput)
    {
        static string OidAndType(string line)
        {
            var equals = line.IndexOf(" = ", StringComparison.Ordinal);
            var colon = line.IndexOf(':', equals + 3);
            return colon < 0 ? line[..equals] : line[..colon];
        }

        var theirs = netSnmpOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('.')).Select(OidAndType).ToList();
        ours.Select(v => OidAndType(v.ToString())).Should().Equal(theirs);
        theirs.Should().NotBeEmpty();
    }
}
