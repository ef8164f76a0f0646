using Alpi.Protocols.Snmp.Ber;

namespace Alpi.Protocols.Tests.Snmp;

public sealed class BerLeniencyCounterTests
{
    [Test]
    public void Add_MessagesWithDeviations_CountsEachKindOncePerMessage()
    {
        var counter = new BerLeniencyCounter();

        counter.Add(BerLeniency.NonMinimalInteger | BerLeniency.UnsignedWithoutLeadingZero);
        counter.Add(BerLeniency.UnsignedWithoutLeadingZero);
        counter.Add(BerLeniency.None);

        counter.Snapshot().Should().BeEquivalentTo(new Dictionary<BerLeniency, long>
        {
            [BerLeniency.NonMinimalInteger] = 1,
            [BerLeniency.UnsignedWithoutLeadingZero] = 2,
        });
        counter.Total.Should().Be(3);
    }
}
