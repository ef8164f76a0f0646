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

    [TestCase(BerLeniency.NonMinimalInteger, "non_minimal_integer")]
    [TestCase(BerLeniency.UnsignedWithoutLeadingZero, "unsigned_without_leading_zero")]
    [TestCase(BerLeniency.ZeroLengthValue, "zero_length_value")]
    [TestCase(BerLeniency.TrailingBytes, "trailing_bytes")]
    public void Name_OneKind_IsSnakeCase(BerLeniency kind, string expected)
    {
        BerLeniencyCounter.Name(kind).Should().Be(expected);
    }

    [TestCase(BerLeniency.None)]
    [TestCase(BerLeniency.NonMinimalInteger | BerLeniency.TrailingBytes)]
    public void Name_NoneOrSeveralKinds_Throws(BerLeniency kinds)
    {
        var name = () => BerLeniencyCounter.Name(kinds);

        name.Should().Throw<ArgumentException>();
    }

    [Test]
    public void SnapshotByName_CountsKeyedBySnakeCaseNames()
    {
        var counter = new BerLeniencyCounter();
        counter.Add(BerLeniency.TrailingBytes | BerLeniency.NonMinimalInteger);

        counter.SnapshotByName().Should().Equal(new Dictionary<string, long> { ["non_minimal_integer"] = 1, ["trailing_bytes"] = 1 });
    }
}
