using Alpi.Agent.Collectors.Snmp;
using Alpi.Protocols.Snmp.Ber;

namespace Alpi.Agent.Tests.Collectors.Snmp;

public sealed class SnmpBerLeniencyPointTests
{
    [Test]
    public void LeniencyPoint_NothingSeen_IsNull() =>
        SnmpDevicePoller.LeniencyPoint(new BerLeniencyCounter()).Should().BeNull();

    [Test]
    public void LeniencyPoint_Deviations_OneSnakeCaseIntegerFieldPerKind()
    {
        var counter = new BerLeniencyCounter();
        counter.Add(BerLeniency.UnsignedWithoutLeadingZero);
        counter.Add(BerLeniency.UnsignedWithoutLeadingZero | BerLeniency.ZeroLengthValue);

        var point = SnmpDevicePoller.LeniencyPoint(counter)!;

        point.Measurement.Should().Be("snmp_ber_leniency");
        point.Fields.Select(f => (f.Key, f.Value.AsInteger)).Should().BeEquivalentTo(new[]
        {
            ("unsigned_without_leading_zero", 2L),
            ("zero_length_value", 1L),
        });
    }
}
