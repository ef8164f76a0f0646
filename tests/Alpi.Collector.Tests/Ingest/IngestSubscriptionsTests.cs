using Alpi.Collector.Ingest;

namespace Alpi.Collector.Tests.Ingest;

public class IngestSubscriptionsTests
{
    [Test]
    public void For_NoGroup_SubscribesPlainlyAndRemovesNothing()
    {
        var subscriptions = IngestSubscriptions.For(new CollectorBrokerOptions { Embedded = false });

        subscriptions.Should().Be(new IngestSubscriptions("alpi/+/+/metrics", "alpi/+/+/status", null));
    }

    [Test]
    public void For_Group_SharesMetricsOnlyAndRemovesThePlainMetricsFilter()
    {
        var subscriptions = IngestSubscriptions.For(new CollectorBrokerOptions { Embedded = false, SharedSubscriptionGroup = "alpi-collectors" });

        // Status stays plain: every collector keeps the whole inventory.
        subscriptions.Should().Be(new IngestSubscriptions("$share/alpi-collectors/alpi/+/+/metrics", "alpi/+/+/status", "alpi/+/+/metrics"));
    }

    [Test]
    public void For_EmbeddedBroker_SubscribesToStatusOnly()
    {
        // The embedded broker stores metrics itself before it acknowledges them (EmbeddedBrokerIngest).
        var subscriptions = IngestSubscriptions.For(new CollectorBrokerOptions { Embedded = true });

        subscriptions.Should().Be(new IngestSubscriptions(null, "alpi/+/+/status", null));
    }
}
