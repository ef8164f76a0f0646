using System.Text;
using Alpi.Collector.Broker.Authentication;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Broker;

/// <summary>The embedded broker's access policy over the password and ACL files written by the shipped scripts.</summary>
public sealed class BrokerAccessPolicyTests
{
    private const string Tenant = "mairie";

    [Test]
    public async Task AgentAddedWithinTheCheckInterval_PublishesAsSoonAsItsConnectIsAccepted()
    {
        using var files = new TempDirectory("alpi-policy");
        await ShippedMosquitto.RunScriptAsync(files.Path, "add-agent.sh", Tenant, "srv-a", "password-a");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 4, 0, 0, TimeSpan.Zero));
        var options = new CollectorOptions();
        options.Broker.Authentication.Enabled = true;
        options.Broker.Authentication.PasswordFile = Path.Combine(files.Path, "alpi", "passwd");
        options.Broker.Authentication.AclFile = Path.Combine(files.Path, "alpi", "acl");
        var policy = new BrokerAccessPolicy(Options.Create(options), new InternalBrokerUsers(), new BrokerSecurityStatistics(), time,
            NullLogger<BrokerAccessPolicy>.Instance);
        policy.Authenticate($"{Tenant}.srv-a", Encoding.UTF8.GetBytes("password-a")).Should().BeNull();
        time.Advance(TimeSpan.FromMilliseconds(500));
        policy.RulesFor($"{Tenant}.srv-a", "a").Allows($"alpi/{Tenant}/srv-a/metrics", TopicAccess.Write).Should().BeTrue();

        // 1.1 s after the password file's last check, 0.6 s after the ACL's: only the password file is due.
        await ShippedMosquitto.RunScriptAsync(files.Path, "add-agent.sh", Tenant, "srv-new", "new-password");
        time.Advance(TimeSpan.FromMilliseconds(600));
        policy.Authenticate($"{Tenant}.srv-new", Encoding.UTF8.GetBytes("new-password")).Should().BeNull();

        policy.RulesFor($"{Tenant}.srv-new", "n").Allows($"alpi/{Tenant}/srv-new/metrics", TopicAccess.Write).Should().BeTrue(
            "the CONNECT that the new password file let in made the ACL current too");
        policy.RulesFor($"{Tenant}.srv-new", "n").Allows($"alpi/{Tenant}/srv-a/metrics", TopicAccess.Write).Should().BeFalse();
    }
}
