using Alpi.Protocols.Mqtt;

namespace Alpi.Protocols.Tests.Mqtt;

public class AlpiTopicTests
{
    // The three kinds an agent publishes.
    [TestCase("alpi/acme/srv1/metrics", "acme", "srv1", AlpiTopicKind.Metrics)]
    [TestCase("alpi/acme/srv1/status", "acme", "srv1", AlpiTopicKind.Status)]
    [TestCase("alpi/acme/srv1/events", "acme", "srv1", AlpiTopicKind.Events)]
    // Host names with dots, dashes and upper case are single levels like any other.
    [TestCase("alpi/mairie-12/PC-Accueil.local/metrics", "mairie-12", "PC-Accueil.local", AlpiTopicKind.Metrics)]
    // Spaces are legal inside an MQTT topic level.
    [TestCase("alpi/a b/c d/status", "a b", "c d", AlpiTopicKind.Status)]
    public void TryParse_ValidTopic_ReturnsItsLevels(string topic, string tenant, string host, AlpiTopicKind kind)
    {
        AlpiTopic.TryParse(topic, out var parsed).Should().BeTrue();

        parsed.Should().Be(new AlpiTopic(tenant, host, kind));
    }

    // Null, as MQTT handlers may pass for a missing topic.
    [TestCase(null)]
    // Empty string.
    [TestCase("")]
    // Subscription filters are not topics: single-level wildcards in tenant and host.
    [TestCase("alpi/+/+/metrics")]
    [TestCase("alpi/acme/+/metrics")]
    // Multi-level wildcard.
    [TestCase("alpi/acme/#")]
    [TestCase("alpi/#/srv1/metrics")]
    // One level too many, and a trailing slash (an empty fifth level).
    [TestCase("alpi/acme/srv1/metrics/extra")]
    [TestCase("alpi/acme/srv1/metrics/")]
    // One level too few.
    [TestCase("alpi/acme/metrics")]
    // A leading slash makes an empty first level.
    [TestCase("/alpi/acme/srv1/metrics")]
    // Empty tenant or host level.
    [TestCase("alpi//srv1/metrics")]
    [TestCase("alpi/acme//metrics")]
    // Wrong root, including a case difference: MQTT topics are case-sensitive.
    [TestCase("telegraf/acme/srv1/metrics")]
    [TestCase("ALPI/acme/srv1/metrics")]
    // Unknown kind, and a known kind in the wrong case.
    [TestCase("alpi/acme/srv1/logs")]
    [TestCase("alpi/acme/srv1/Metrics")]
    [TestCase("alpi/acme/srv1/")]
    // A NUL inside a level.
    [TestCase("alpi/ac\0me/srv1/metrics")]
    public void TryParse_InvalidTopic_ReturnsFalseAndNull(string? topic)
    {
        AlpiTopic.TryParse(topic, out var parsed).Should().BeFalse();

        parsed.Should().BeNull();
    }

    [TestCase(AlpiTopicKind.Metrics, "alpi/acme/srv1/metrics")]
    [TestCase(AlpiTopicKind.Status, "alpi/acme/srv1/status")]
    [TestCase(AlpiTopicKind.Events, "alpi/acme/srv1/events")]
    public void ToString_EachKind_WritesTheTopicThatTryParseReadsBack(AlpiTopicKind kind, string expected)
    {
        var topic = AlpiTopic.Create("acme", "srv1", kind);

        topic.ToString().Should().Be(expected);
        AlpiTopic.TryParse(topic.ToString(), out var parsed).Should().BeTrue();
        parsed.Should().Be(topic);
    }

    // Empty level.
    [TestCase("")]
    // Separator: would add a level.
    [TestCase("a/b")]
    // Wildcards: would turn a topic into a filter.
    [TestCase("+")]
    [TestCase("srv#1")]
    // NUL is forbidden in MQTT strings.
    [TestCase("a\0")]
    public void Create_BadTenant_ThrowsNamingTenant(string tenant)
    {
        var create = () => AlpiTopic.Create(tenant, "srv1", AlpiTopicKind.Metrics);

        create.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("tenant");
    }

    // Same bad levels as for the tenant.
    [TestCase("")]
    [TestCase("a/b")]
    [TestCase("+")]
    [TestCase("srv#1")]
    [TestCase("a\0")]
    public void Create_BadHost_ThrowsNamingHost(string host)
    {
        var create = () => AlpiTopic.Create("acme", host, AlpiTopicKind.Status);

        create.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("host");
    }

    [Test]
    public void Create_NullHost_ThrowsNamingHost()
    {
        var create = () => AlpiTopic.Create("acme", null!, AlpiTopicKind.Status);

        create.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("host");
    }

    [TestCase(AlpiTopic.AllMetrics, "metrics")]
    [TestCase(AlpiTopic.AllStatus, "status")]
    [TestCase(AlpiTopic.AllEvents, "events")]
    public void SubscriptionFilters_MatchTheTopicsCreateBuilds(string filter, string kind)
    {
        filter.Should().Be($"{AlpiTopic.Root}/+/+/{kind}");
    }
}
