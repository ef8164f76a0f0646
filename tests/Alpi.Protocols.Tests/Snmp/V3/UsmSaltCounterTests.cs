using Alpi.Protocols.Snmp.V3;

namespace Alpi.Protocols.Tests.Snmp.V3;

public class UsmSaltCounterTests
{
    [Test]
    public void Next_FromAGivenStart_CountsUp()
    {
        var counter = new UsmSaltCounter(41);

        counter.Next().Should().Be(41);
        counter.Next().Should().Be(42);
    }

    [Test]
    public void Next_AtTheTop_WrapsToZero()
    {
        // RFC 3826 §3.1.2.1: the 64-bit integer wraps.
        var counter = new UsmSaltCounter(ulong.MaxValue);

        counter.Next().Should().Be(ulong.MaxValue);
        counter.Next().Should().Be(0);
    }

    [Test]
    public void Next_FromManyThreads_NeverRepeats()
    {
        var counter = new UsmSaltCounter(ulong.MaxValue - 5000);
        var salts = new ulong[20_000];

        Parallel.For(0, salts.Length, i => salts[i] = counter.Next());

        salts.Should().OnlyHaveUniqueItems();
    }

    [Test]
    public void Constructor_WithoutStart_StartsAtRandom()
    {
        // Two engines started together must not share salts; a collision here has odds of 2^-64.
        new UsmSaltCounter().Next().Should().NotBe(new UsmSaltCounter().Next());
    }
}
