using System.Text;
using Alpi.Agent.Inventory;

namespace Alpi.Agent.Tests.Inventory;

public class InventoryProbeTests
{
    private static readonly DateTimeOffset Started = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void Probe_WithASite_BirthMessageCarriesIt()
    {
        var payload = Encoding.UTF8.GetString(InventoryProbe.Probe(Started, "mairie-annexe").ToPayload());

        payload.Should().Contain("\"site\":\"mairie-annexe\"").And.Contain("\"status\":\"online\"");
    }

    // No site configured, or an empty one (an environment variable set to nothing): no "site" member at all.
    [TestCase(null)]
    [TestCase("")]
    public void Probe_WithoutASite_BirthMessageHasNoSiteMember(string? site)
    {
        var payload = Encoding.UTF8.GetString(InventoryProbe.Probe(Started, site).ToPayload());

        payload.Should().NotContain("\"site\"");
    }
}
