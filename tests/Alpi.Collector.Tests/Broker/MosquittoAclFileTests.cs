using Alpi.Collector.Broker.Authentication;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Broker;

/// <summary>
/// The embedded broker reads the Mosquitto ACL file that <c>install/mosquitto/add-*.sh</c> write, with Mosquitto 2.0's
/// rules (src/security_default.c): per-user topics, patterns, deny first, no match no access.
/// </summary>
public class MosquittoAclFileTests
{
    [Test]
    [Category("Integration")]
    public async Task RulesFor_FileWrittenByTheShippedScripts_ConfinesEachUserAsMosquittoDoes()
    {
        using var folder = new TempDirectory("alpi-acl");
        await ShippedMosquitto.RunScriptAsync(folder.Path, "add-collector.sh", "alpi-collector", "c");
        await ShippedMosquitto.RunScriptAsync(folder.Path, "add-agent.sh", "mairie-exemple", "srv-a", "a");
        await ShippedMosquitto.RunScriptAsync(folder.Path, "add-agent.sh", "mairie-exemple", "srv-b", "b");
        await ShippedMosquitto.RunScriptAsync(folder.Path, "add-hotspot.sh", "alpi-hotspot-1", "h");

        var acl = MosquittoAclFile.Parse(await File.ReadAllLinesAsync(Path.Combine(folder.Path, "alpi", "acl")));

        acl.Problems.Should().BeEmpty();
        var agentA = acl.RulesFor("mairie-exemple.srv-a", "alpi-agent-mairie-exemple-srv-a");
        agentA.Allows("alpi/mairie-exemple/srv-a/metrics", TopicAccess.Write).Should().BeTrue();
        agentA.Allows("alpi/mairie-exemple/srv-a/status", TopicAccess.Write).Should().BeTrue();
        agentA.Allows("alpi/mairie-exemple/srv-b/metrics", TopicAccess.Write).Should().BeFalse("agent A may not publish as host B");
        agentA.Allows("alpi/mairie-exemple/srv-a/metrics", TopicAccess.Read).Should().BeFalse("an agent reads nothing");
        agentA.AllowsSubscription("alpi/#").Should().BeFalse();
        var collector = acl.RulesFor("alpi-collector", "alpi-collector-x");
        collector.AllowsSubscription("alpi/+/+/metrics").Should().BeTrue();
        collector.AllowsSubscription("$share/alpi-collectors/alpi/+/+/metrics").Should().BeTrue();
        collector.Allows("alpi/any/host/events", TopicAccess.Write).Should().BeTrue();
        collector.Allows("alpi/any/host/metrics", TopicAccess.Write).Should().BeFalse();
        var hotspot = acl.RulesFor("alpi-hotspot-1", "alpi-hotspot-default-x");
        hotspot.Allows("alpi/bibliotheque-x/borne-1/status", TopicAccess.Write).Should().BeTrue();
        hotspot.Allows("alpi/bibliotheque-x/borne-1/alerts", TopicAccess.Write).Should().BeFalse();
        hotspot.AllowsSubscription("alpi/#").Should().BeFalse();
        acl.RulesFor("someone-else", "x").Should().BeSameAs(ClientAccessRules.Nothing);
        acl.RulesFor(null, "x").Should().BeSameAs(ClientAccessRules.Nothing);
    }

    [Test]
    public void RulesFor_DenyEntries_WinOverEarlierGrantsOfTheSameUser()
    {
        var acl = MosquittoAclFile.Parse(
        [
            "user ops",
            "topic readwrite alpi/#",
            "topic deny alpi/secret/#",
        ]);

        var ops = acl.RulesFor("ops", "c");

        ops.Allows("alpi/t/h/metrics", TopicAccess.Read).Should().BeTrue();
        ops.Allows("alpi/secret/h/metrics", TopicAccess.Read).Should().BeFalse("Mosquitto 2.0 puts deny entries first");
        ops.AllowsSubscription("alpi/#").Should().BeFalse("the filter reaches a denied topic");
        ops.AllowsSubscription("alpi/t/#").Should().BeTrue();
    }

    [Test]
    public void RulesFor_Patterns_SubstituteUserAndClientIdentifierPerLevel()
    {
        var acl = MosquittoAclFile.Parse(
        [
            "# Anonymous section first, then patterns for everyone.",
            "topic read public/#",
            "pattern write devices/%u/#",
            "pattern read inbox/%c",
        ]);

        var device = acl.RulesFor("d1", "client-1");

        device.Allows("devices/d1/temperature", TopicAccess.Write).Should().BeTrue();
        device.Allows("devices/d2/temperature", TopicAccess.Write).Should().BeFalse();
        device.Allows("inbox/client-1", TopicAccess.Read).Should().BeTrue();
        device.Allows("public/news", TopicAccess.Read).Should().BeFalse("the anonymous section is for clients without a user name");
        acl.RulesFor(null, "anon").Allows("public/news", TopicAccess.Read).Should().BeTrue();
        acl.RulesFor(null, "anon").Allows("devices/anon/x", TopicAccess.Write).Should().BeFalse("%u gives nothing without a user name");
        acl.RulesFor("d+", "client-2").Allows("devices/d+/x", TopicAccess.Write).Should().BeFalse("a user name with a wildcard gets no pattern");
    }

    [Test]
    public void Parse_BadLines_FailClosedForTheirSectionOnly()
    {
        string[] lines =
        [
            "user good",
            "topic write alpi/t/good/#",
            "user typo",
            "topic write alpi/t/typo/#",
            "topic rwite alpi/t/other/#",
            "user wildcard",
            "topic read alpi/#/h",
            "frobnicate everything",
            "  # an indented comment",
        ];

        var acl = MosquittoAclFile.Parse(lines);

        acl.Problems.Select(p => p.Line).Should().Equal(5, 7, 8);
        acl.Problems[0].Message.Should().Contain("rwite").And.Contain("no access");
        acl.RulesFor("good", "c").Allows("alpi/t/good/metrics", TopicAccess.Write).Should().BeTrue("a bad line elsewhere does not touch this user");
        acl.RulesFor("typo", "c").Allows("alpi/t/typo/metrics", TopicAccess.Write).Should().BeFalse("a section with a bad line grants nothing, lest a bad deny widen access");
        acl.RulesFor("wildcard", "c").Should().BeSameAs(ClientAccessRules.Nothing);
    }

    [Test]
    public void AlpiAgentConvention_WithoutAnAclFile_ConfinesTenantDotHost()
    {
        var rules = AlpiAgentConvention.RulesFor("mairie-exemple.srv-01.example.org");

        rules.Allows("alpi/mairie-exemple/srv-01.example.org/metrics", TopicAccess.Write).Should().BeTrue("the host may have dots, the tenant may not");
        rules.Allows("alpi/mairie-exemple/srv-02/metrics", TopicAccess.Write).Should().BeFalse();
        rules.Allows("alpi/mairie-exemple/srv-01.example.org/metrics", TopicAccess.Read).Should().BeFalse();
        AlpiAgentConvention.RulesFor("alpi-collector").Should().BeSameAs(ClientAccessRules.Nothing);
        AlpiAgentConvention.RulesFor(".host").Should().BeSameAs(ClientAccessRules.Nothing);
        AlpiAgentConvention.RulesFor("t.h/x").Should().BeSameAs(ClientAccessRules.Nothing);
    }
}
