using System.Text.Json;
using Alpi.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Tests.Administration;

/// <summary>
/// <c>GET /api/admin/snmp</c> on a collector whose local agent polls two devices (v2c and v3) and whose trap receiver has
/// a v3 user: every setting is shown with where it is configured, and no secret ever is. Access by role is in
/// <c>Security/RoleAccessTests</c>.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class SnmpConfigurationApiTests
{
    private static readonly string[] Secrets = ["community-s3cret", "auth-pass-phrase", "priv-pass-phrase", "trap-auth-phrase", "trap-priv-phrase", "trap-community"];
    private CollectorHarness _collector = null!;

    [OneTimeSetUp]
    public async Task StartCollector() => _collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
    {
        // Nothing answers on port 9: the polls time out, which is all this test needs (they run once an hour).
        ["Agent:Snmp:Devices:0:Name"] = "switch-mairie",
        ["Agent:Snmp:Devices:0:Address"] = "127.0.0.1:9",
        ["Agent:Snmp:Devices:0:Community"] = Secrets[0],
        ["Agent:Snmp:Devices:0:Interval"] = "01:00:00",
        ["Agent:Snmp:Devices:1:Name"] = "onduleur",
        ["Agent:Snmp:Devices:1:Address"] = "127.0.0.1:9",
        ["Agent:Snmp:Devices:1:Version"] = "3",
        ["Agent:Snmp:Devices:1:User"] = "ops",
        ["Agent:Snmp:Devices:1:AuthProtocol"] = "SHA",
        ["Agent:Snmp:Devices:1:AuthPassword"] = Secrets[1],
        ["Agent:Snmp:Devices:1:PrivProtocol"] = "AES",
        ["Agent:Snmp:Devices:1:PrivPassword"] = Secrets[2],
        ["Agent:Snmp:Devices:1:Interval"] = "01:00:00",
        ["Agent:Snmp:Devices:1:Profile"] = "ups",
        ["Collector:Traps:Communities:0"] = Secrets[5],
        ["Collector:Traps:Users:0:UserName"] = "trapper",
        ["Collector:Traps:Users:0:AuthProtocol"] = "SHA",
        ["Collector:Traps:Users:0:AuthPassword"] = Secrets[3],
        ["Collector:Traps:Users:0:PrivProtocol"] = "AES",
        ["Collector:Traps:Users:0:PrivPassword"] = Secrets[4],
        ["Collector:Traps:Sources:0:Cidr"] = "192.0.2.0/24",
        ["Collector:Traps:Sources:0:Tenant"] = "mairie-a",
    });

    [OneTimeTearDown]
    public async Task StopCollector() => await _collector.DisposeAsync();

    [Test]
    public async Task Snmp_ListsTheLocalAgentsDevicesAndTrapUsers_WithTheirSource_NeverASecret()
    {
        var text = await _collector.Http.GetStringAsync(new Uri("/api/admin/snmp", UriKind.Relative));

        foreach (var secret in Secrets)
        {
            text.Should().NotContain(secret);
        }

        var answer = JsonDocument.Parse(text).RootElement;
        answer.GetProperty("localAgent").GetProperty("tenant").GetString().Should().Be("test");
        var devices = answer.GetProperty("devices").EnumerateArray().ToList();
        devices.Select(d => d.GetProperty("name").GetString()).Should().Equal("switch-mairie", "onduleur");

        var v2c = devices[0];
        v2c.GetProperty("version").GetString().Should().Be("2c");
        v2c.GetProperty("communitySet").GetBoolean().Should().BeTrue();
        v2c.GetProperty("intervalSeconds").GetDouble().Should().Be(3600);
        v2c.GetProperty("source").GetString().Should().Be("in-memory settings", "the harness configures the collector in memory");
        v2c.GetProperty("key").GetString().Should().Be("Agent:Snmp:Devices:0");

        var v3 = devices[1];
        v3.GetProperty("user").GetString().Should().Be("ops");
        v3.GetProperty("authProtocol").GetString().Should().Be("SHA");
        v3.GetProperty("authPasswordSet").GetBoolean().Should().BeTrue();
        v3.GetProperty("privPasswordSet").GetBoolean().Should().BeTrue();
        v3.GetProperty("communitySet").GetBoolean().Should().BeFalse("a v3 device has no community");
        v3.GetProperty("profile").GetString().Should().Be("ups");

        var traps = answer.GetProperty("traps");
        traps.GetProperty("communities").GetInt32().Should().Be(
            _collector.Services.GetRequiredService<IOptions<CollectorOptions>>().Value.Traps.AcceptedCommunities.Count, "the receiver's own count");
        var user = traps.GetProperty("users").EnumerateArray().Single();
        user.GetProperty("userName").GetString().Should().Be("trapper");
        user.GetProperty("authPasswordSet").GetBoolean().Should().BeTrue();
        traps.GetProperty("sources").EnumerateArray().Single().GetProperty("tenant").GetString().Should().Be("mairie-a");
    }
}
