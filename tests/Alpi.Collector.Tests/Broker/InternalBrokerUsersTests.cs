using Alpi.Agent;
using Alpi.Collector.Broker.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Tests.Broker;

/// <summary>
/// The generated credentials of the clients in the collector's process when the embedded broker requires
/// authentication: given to the collector's clients and to the local agent when it publishes there, never otherwise.
/// </summary>
public sealed class InternalBrokerUsersTests
{
    [Test]
    public async Task Create_WithAuthentication_GivesTheCollectorAndItsLocalAgentGeneratedUsers()
    {
        await using var app = CollectorApplication.Create(["--Collector:Broker:Authentication:Enabled=true", "--Agent:Tenant=t", "--Agent:Host=h"]);

        var collector = app.Services.GetRequiredService<IOptions<CollectorOptions>>().Value.Broker;
        var agent = app.Services.GetRequiredService<IOptions<AgentOptions>>().Value.Broker;
        var users = app.Services.GetRequiredService<InternalBrokerUsers>();

        collector.Username.Should().Be(InternalBrokerUsers.Collector);
        agent.Username.Should().Be(InternalBrokerUsers.LocalAgent);
        agent.Password.Should().MatchRegex("^[A-Za-z0-9_-]{43}$", "32 random octets, base64url").And.NotBe(collector.Password);
        users.TryVerify(InternalBrokerUsers.LocalAgent, System.Text.Encoding.ASCII.GetBytes(agent.Password!), out var rules).Should().BeTrue();
        rules.Allows("alpi/t/h/metrics", TopicAccess.Write).Should().BeTrue();
        rules.Allows("alpi/t/other/metrics", TopicAccess.Write).Should().BeFalse("the local agent is confined like any agent");
    }

    // Each case: settings under which the local agent keeps its own (absent) credentials.
    // Authentication off.
    [TestCase("--Collector:Broker:Authentication:Enabled=false")]
    // The agent publishes to another broker.
    [TestCase("--Collector:Broker:Authentication:Enabled=true", "--Agent:Broker:Host=broker.example")]
    // The agent has a user of its own.
    [TestCase("--Collector:Broker:Authentication:Enabled=true", "--Agent:Broker:Username=t.h", "--Agent:Broker:Password=p")]
    public async Task Create_LocalAgentNotOnTheAuthenticatingEmbeddedBroker_GetsNoGeneratedUser(params string[] args)
    {
        await using var app = CollectorApplication.Create([.. args, "--Agent:Tenant=t", "--Agent:Host=h"]);

        var agent = app.Services.GetRequiredService<IOptions<AgentOptions>>().Value.Broker;

        agent.Username.Should().NotBe(InternalBrokerUsers.LocalAgent);
    }

    [Test]
    public async Task ValidateConfiguration_WithAuthenticationAndProblemsInTwoSections_ReportsEachOnce()
    {
        // Regression: the local agent's credentials read the collector's options, whose failure hid the agent's problems.
        await using var app = CollectorApplication.Create(["--Collector:Broker:Authentication:Enabled=true", "--Collector:Broker:Port=70000", "--Agent:Interval=00:00:00"]);

        var problems = CollectorApplication.ValidateConfiguration(app);

        problems.Should().ContainSingle(p => p.StartsWith("Collector:Broker:Port 70000", StringComparison.Ordinal));
        problems.Should().ContainSingle(p => p.StartsWith("Agent:Interval", StringComparison.Ordinal));
    }

    [Test]
    public void Issue_UserNameAFileCouldHold_IsRefused()
    {
        var users = new InternalBrokerUsers();

        var issue = () => users.Issue("alpi-collector", InternalBrokerUsers.CollectorRules);

        issue.Should().Throw<ArgumentException>().WithMessage("*must contain ':'*");
    }
}
