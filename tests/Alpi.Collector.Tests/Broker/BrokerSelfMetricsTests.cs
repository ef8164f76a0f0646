using Alpi.Collector.Broker.Authentication;
using Alpi.Collector.SelfMetrics;

namespace Alpi.Collector.Tests.Broker;

/// <summary>The embedded broker's refusals among the collector's own metrics (<c>alpi_broker</c>).</summary>
public class BrokerSelfMetricsTests
{
    [Test]
    public void BrokerPoint_WithAuthentication_CarriesEveryRefusalCounter()
    {
        var statistics = new BrokerSecurityStatistics();
        statistics.CountRefusedConnection(BrokerRefusal.BadCredentials);
        statistics.CountRefusedConnection(BrokerRefusal.Anonymous);
        statistics.CountRefusedPublish();
        statistics.CountFileProblems(3);

        var point = CollectorSelfCollector.BrokerPoint(statistics, new CollectorBrokerOptions { Authentication = { Enabled = true } });

        point.Should().NotBeNull();
        point!.Measurement.Should().Be("alpi_broker");
        point.Fields.Select(f => (f.Key, f.Value.AsInteger)).Should().Equal(
            ("refused_connections", 2L), ("refused_publishes", 1L), ("refused_subscriptions", 0L), ("refused_deliveries", 0L), ("file_problems", 3L));
    }

    [Test]
    public void BrokerPoint_WithoutAuthenticationOrWithAnExternalBroker_IsAbsent()
    {
        var statistics = new BrokerSecurityStatistics();

        CollectorSelfCollector.BrokerPoint(statistics, new CollectorBrokerOptions()).Should().BeNull();
        CollectorSelfCollector.BrokerPoint(statistics, new CollectorBrokerOptions { Embedded = false, Authentication = { Enabled = true } }).Should().BeNull();
    }
}
