using Alpi.Agent.SnmpCommand;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.Manager;
using Alpi.Protocols.Snmp.V3;
using Alpi.Testing;

namespace Alpi.Agent.Tests.SnmpCommand;

public sealed class SnmpCommandLineTests
{
    [Test]
    public void TryParse_V3AuthPrivWithCiscoAes256_ParsesUserAndReederExtension()
    {
        var line = SnmpCommandLine.TryParse(["bulkwalk", "-v", "3", "-u", "ops", "-l", "authPriv", "-a", "SHA-256", "-A", "authpass1", "-x", "AES-256-C", "-X", "privpass1", "-Cr20", "192.0.2.1:1161", "1.3.6.1.2.1.2"], out var error);

        error.Should().BeNull();
        line!.Target.EndPoint.Port.Should().Be(1161);
        line.MaxRepetitions.Should().Be(20);
        line.Target.User!.AuthProtocol.Should().Be(SnmpAuthProtocol.HmacSha256_192);
        line.Target.User.PrivProtocol.Should().Be(SnmpPrivProtocol.Aes256);
        line.Target.User.KeyExtension.Should().Be(UsmKeyExtension.Reeder);
    }

    [Test]
    public void TryParse_GluedCommunity_AsNetSnmpAccepts()
    {
        var line = SnmpCommandLine.TryParse(["get", "-v2c", "-cprivate", "[::1]:161", "1.3.6.1.2.1.1.1.0"], out _);

        line!.Target.Community.Should().Be("private");
        line.Target.Version.Should().Be(SnmpVersion.V2c);
    }

    // Each case: a mistake a technician makes, and the flag or word the error names.
    [TestCase(new[] { "fetch", "127.0.0.1" }, "get, getnext, walk or bulkwalk", TestName = "TryParse_UnknownCommand_Rejected")]
    [TestCase(new[] { "get", "-v", "4", "127.0.0.1", "1.3" }, "-v 4", TestName = "TryParse_UnknownVersion_NamesV")]
    [TestCase(new[] { "get", "127.0.0.1" }, "at least one OID", TestName = "TryParse_GetWithoutOid_Rejected")]
    [TestCase(new[] { "get", "router.example", "1.3" }, "host[:port]", TestName = "TryParse_HostName_RejectedNoDns")]
    [TestCase(new[] { "get", "127.0.0.1", "sysDescr.0" }, "numeric OID", TestName = "TryParse_MibName_RejectedNoMibs")]
    [TestCase(new[] { "get", "-v3", "127.0.0.1", "1.3" }, "-u USER", TestName = "TryParse_V3WithoutUser_Rejected")]
    [TestCase(new[] { "get", "-v3", "-u", "u", "-l", "authNoPriv", "-A", "short", "127.0.0.1", "1.3" }, "-A PASSPHRASE", TestName = "TryParse_ShortPassphrase_Rejected")]
    [TestCase(new[] { "get", "-v3", "-u", "u", "-l", "authPriv", "-A", "authpass1", "-x", "3DES", "-X", "privpass1", "127.0.0.1", "1.3" }, "-x 3DES", TestName = "TryParse_UnknownPrivacy_NamesX")]
    [TestCase(new[] { "get", "-c" }, "-c needs a value", TestName = "TryParse_FlagWithoutValue_Rejected")]
    public void TryParse_BadCommandLine_NamesTheProblem(string[] args, string expected)
    {
        SnmpCommandLine.TryParse(args, out var error).Should().BeNull();
        error.Should().Contain(expected);
    }

    [Test]
    [Category("Integration")]
    public async Task Run_GetAgainstSnmpd_PrintsWhatSnmpgetPrints()
    {
        using var snmpd = await SnmpdAgent.StartAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SnmpCommandRunner.RunAsync(["get", "-v2c", "-c", SnmpdAgent.Community, snmpd.Target, "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.6.0"], output, error, CancellationToken.None);
        var (_, expected) = await NetSnmpTool.RunAsync("snmpget", "-On", "-v2c", "-c", SnmpdAgent.Community, snmpd.Target, "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.6.0");

        exit.Should().Be(0, error.ToString());
        output.ToString().Should().Be(expected);
    }

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("help")]
    public async Task Run_Help_PrintsTheUsageAndSucceeds(string flag)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SnmpCommandRunner.RunAsync([flag], output, error, CancellationToken.None);

        exit.Should().Be(0);
        output.ToString().Should().Be(SnmpCommandLine.Usage + Environment.NewLine);
        error.ToString().Should().BeEmpty();
    }

    // A wrong pass phrase and an unknown user: what is wrong in net-snmp's words and the hint, then the USM report in words.
    [TestCase("shaaes", "wrongpass123", "Authentication failure (incorrect password, community or key): wrong -A or -a for this user?",
        "the device refused the authentication key of user shaaes: wrong authentication password or protocol (usmStatsWrongDigests)")]
    [TestCase("nobody", SnmpdAgent.AuthPassword, "Unknown user name: the agent has no user \"nobody\"",
        "the device has no SNMPv3 user nobody: wrong user name, or the user is not configured on the device (usmStatsUnknownUserNames)")]
    [Category("Integration")]
    public async Task Run_V3Refused_SaysWhatIsWrong(string user, string authPassword, string said, string report)
    {
        using var snmpd = await SnmpdAgent.StartAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SnmpCommandRunner.RunAsync(["get", "-v3", "-u", user, "-l", "authPriv", "-a", "SHA", "-A", authPassword, "-x", "AES", "-X", SnmpdAgent.PrivPassword,
            "-t", "0.5", "-r", "1", snmpd.Target, "1.3.6.1.2.1.1.1.0"], output, error, CancellationToken.None);

        exit.Should().Be(1);
        error.ToString().Should().StartWith(said).And.Contain(report);
    }
}
