using Alpi.Protocols.LineProtocol;

namespace Alpi.Protocols.Tests.LineProtocol;

/// <summary>Equality of field values, which keep a float's bits and an integer in one 64-bit slot.</summary>
public class FieldValueTests
{
    [Test]
    public void Equals_FloatsCompareAsDoubles()
    {
        // 0.0 and -0.0 have different bits but are equal doubles; NaN equals NaN under double.Equals.
        FieldValue.Float(0.0).Should().Be(FieldValue.Float(-0.0));
        FieldValue.Float(double.NaN).Should().Be(FieldValue.Float(double.NaN));
        FieldValue.Float(0.0).GetHashCode().Should().Be(FieldValue.Float(-0.0).GetHashCode());
        FieldValue.Float(1.5).Should().NotBe(FieldValue.Float(1.25));
    }

    [Test]
    public void Equals_SameBitsOfAnotherKind_AreDifferent()
    {
        // Integer 1, unsigned 1, boolean true and the float whose bits are 1 share the slot's bits, not their kind.
        var values = new[] { FieldValue.Integer(1), FieldValue.UInteger(1), FieldValue.Boolean(true), FieldValue.Float(BitConverter.UInt64BitsToDouble(1)) };

        values.Distinct().Should().HaveCount(4);
    }

    [Test]
    public void Values_ReadBackAsWritten()
    {
        FieldValue.Float(-1.5e300).AsFloat.Should().Be(-1.5e300);
        FieldValue.Integer(long.MinValue).AsInteger.Should().Be(long.MinValue);
        FieldValue.UInteger(ulong.MaxValue).AsUInteger.Should().Be(ulong.MaxValue);
        FieldValue.String("a, b").Should().Be(FieldValue.String("a, b"));
        FieldValue.Float(2.5).ToDouble().Should().Be(2.5);
        FieldValue.Boolean(true).ToString().Should().Be("true");
    }
}
