using Alpi.Collector.Broker.Authentication;

namespace Alpi.Collector.Tests.Broker;

/// <summary>Topic filter arithmetic of the embedded broker's ACL (MQTT 5 §4.7).</summary>
public class TopicFiltersTests
{
    // Each case: a filter, a topic, and whether the topic matches (MQTT 5 §4.7.1).
    // Literal levels.
    [TestCase("alpi/t/h/metrics", "alpi/t/h/metrics", true)]
    [TestCase("alpi/t/h/metrics", "alpi/t/h/status", false)]
    // "#" matches its parent level and anything below (§4.7.1.2).
    [TestCase("alpi/t/h/#", "alpi/t/h", true)]
    [TestCase("alpi/t/h/#", "alpi/t/h/metrics/extra", true)]
    [TestCase("alpi/t/h/#", "alpi/t/other/metrics", false)]
    // "+" matches exactly one level, including an empty one (§4.7.1.3).
    [TestCase("alpi/+/+/metrics", "alpi/t/h/metrics", true)]
    [TestCase("alpi/+/+/metrics", "alpi/t/metrics", false)]
    [TestCase("alpi/+/+/metrics", "alpi//h/metrics", true)]
    // Wildcards at the first level do not match $ topics (§4.7.2).
    [TestCase("#", "$SYS/broker/load", false)]
    [TestCase("+/broker/load", "$SYS/broker/load", false)]
    [TestCase("$SYS/#", "$SYS/broker/load", true)]
    public void Matches_FollowsMqtt5(string filter, string topic, bool expected) =>
        TopicFilters.Matches(filter, topic).Should().Be(expected);

    // Each case: outer, inner, whether every topic of inner matches outer.
    // The collector's read grant covers its subscriptions.
    [TestCase("alpi/#", "alpi/+/+/metrics", true)]
    [TestCase("alpi/#", "alpi/#", true)]
    [TestCase("#", "alpi/+/+/status", true)]
    // A tenant's grant does not cover every tenant.
    [TestCase("alpi/t/#", "alpi/+/h/metrics", false)]
    [TestCase("alpi/t/#", "alpi/#", false)]
    // "+" covers one literal level, not "#" below it.
    [TestCase("alpi/+/h/metrics", "alpi/t/h/metrics", true)]
    [TestCase("alpi/+/h/metrics", "alpi/t/h/#", false)]
    // "a/#" also matches "a", so "a/#" covers "a" but "a/+" does not.
    [TestCase("alpi/t/#", "alpi/t", true)]
    [TestCase("alpi/+", "alpi", false)]
    // Depths differ.
    [TestCase("alpi/t/h/metrics", "alpi/t/h", false)]
    [TestCase("alpi/t/h", "alpi/t/h/metrics", false)]
    // A wildcard first level never reaches $ topics, and a literal first level never covers a wildcard one.
    [TestCase("#", "$SYS/#", false)]
    [TestCase("alpi/#", "+/t/h/metrics", false)]
    public void Covers_IsFilterInclusion(string outer, string inner, bool expected) =>
        TopicFilters.Covers(outer, inner).Should().Be(expected);

    // Each case: two filters and whether some topic matches both.
    [TestCase("alpi/t/#", "alpi/+/h/metrics", true)]
    [TestCase("alpi/t/h/metrics", "alpi/u/+/metrics", false)]
    [TestCase("alpi/t/#", "alpi/t", true)]
    [TestCase("alpi/+", "alpi", false)]
    [TestCase("alpi/+/+/metrics", "alpi/+/+/status", false)]
    [TestCase("#", "$SYS/#", false)]
    public void Intersects_IsSymmetric(string a, string b, bool expected)
    {
        TopicFilters.Intersects(a, b).Should().Be(expected);
        TopicFilters.Intersects(b, a).Should().Be(expected);
    }

    // Valid and invalid filters (MQTT 5 §4.7.1, §4.7.3).
    [TestCase("alpi/+/+/metrics", true)]
    [TestCase("#", true)]
    [TestCase("alpi/t+/h", false)]
    [TestCase("alpi/#/h", false)]
    [TestCase("alpi/h#", false)]
    [TestCase("", false)]
    public void IsValidFilter_ChecksWildcardPlacement(string filter, bool expected) =>
        TopicFilters.IsValidFilter(filter).Should().Be(expected);

    [TestCase("$share/alpi-collectors/alpi/+/+/metrics", "alpi/+/+/metrics")]
    [TestCase("alpi/+/+/metrics", "alpi/+/+/metrics")]
    public void WithoutSharePrefix_GivesTheRealFilter(string filter, string expected) =>
        TopicFilters.WithoutSharePrefix(filter).Should().Be(expected);
}
