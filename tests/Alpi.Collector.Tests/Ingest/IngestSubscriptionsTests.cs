using Alpi.Collector.Ingest;

namespace Alpi.Collector.Tests.Ingest;

public class IngestSubscriptionsTests
{
    [Test]
    public void For_NoGroup_SubscribesPlainlyAndRemovesNothing()
    {
        var subscriptions = IngestSubscriptions.For(new CollectorBrokerOptions());

        subscriptions.Should().Be(new IngestSubscriptions("alpi/+/+/metrics", "alpi/+/+/status", null));
    }

    [Test]
    public void For_Group_SharesMetricsOnlyAndRemovesThePlainMetricsFilter()
    {
        var subscriptions = IngestSubscriptions.For(new CollectorBrokerOptions { SharedSubscriptionGroup = "alpi-collectors" });

        // Status stays plain: every collector keeps the whole inventory.
        subscriptions.Should().Be(new IngestSubscriptions("$share/alpi-collectors/alpi/+/+/metrics", "alpi/+/+/status", "alpi/+/+/metrics"));
    }
}
