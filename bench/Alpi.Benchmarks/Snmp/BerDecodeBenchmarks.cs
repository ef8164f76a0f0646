using System.Buffers;
using Alpi.Protocols.Snmp;
using BenchmarkDotNet.Attributes;

namespace Alpi.Benchmarks.Snmp;

/// <summary>
/// Decoding (and encoding) an SNMPv2c GetBulk response of 50 varbinds shaped like an ifTable/ifXTable walk: 10 rows of
/// ifDescr (OCTET STRING), ifOperStatus (INTEGER), ifInOctets (Counter32), ifHCInOctets (Counter64) and ifSpeed
/// (Gauge32). Figures are per varbind (OperationsPerInvoke = 50).
/// </summary>
[MemoryDiagnoser]
public class BerDecodeBenchmarks
{
    private const int Varbinds = 50;

    private byte[] _datagram = [];
    private SnmpMessage _message = null!;
    private readonly ArrayBufferWriter<byte> _output = new(8192);

    [GlobalSetup]
    public void Setup()
    {
        var varbinds = new List<Varbind>(Varbinds);
        for (uint row = 1; row <= Varbinds / 5; row++)
        {
            varbinds.Add(new(Oid.Parse($"1.3.6.1.2.1.2.2.1.2.{row}"), SnmpValue.OctetString($"GigabitEthernet0/{row}")));
            varbinds.Add(new(Oid.Parse($"1.3.6.1.2.1.2.2.1.8.{row}"), SnmpValue.Integer32(1)));
            varbinds.Add(new(Oid.Parse($"1.3.6.1.2.1.2.2.1.10.{row}"), SnmpValue.Counter32(3_000_000_000 + row)));
            varbinds.Add(new(Oid.Parse($"1.3.6.1.2.1.31.1.1.1.6.{row}"), SnmpValue.Counter64(123_456_789_012_345UL + row)));
            varbinds.Add(new(Oid.Parse($"1.3.6.1.2.1.2.2.1.5.{row}"), SnmpValue.Gauge32(1_000_000_000)));
        }

        _message = new SnmpMessage(SnmpVersion.V2c, "public", new SnmpPdu(SnmpPduType.Response, 0x1234567, SnmpErrorStatus.NoError, 0, varbinds));
        var output = new ArrayBufferWriter<byte>();
        SnmpMessageCodec.Encode(_message, output);
        _datagram = output.WrittenSpan.ToArray();
        if (SnmpMessageCodec.Decode(_datagram).Value?.Pdu.Varbinds.Count != Varbinds)
        {
            throw new InvalidOperationException("The benchmark datagram does not decode.");
        }
    }

    [Benchmark(OperationsPerInvoke = Varbinds)]
    public int Decode() => SnmpMessageCodec.Decode(_datagram).Value!.Pdu.Varbinds.Count;

    [Benchmark(OperationsPerInvoke = Varbinds)]
    public int Encode()
    {
        _output.ResetWrittenCount();
        return SnmpMessageCodec.Encode(_message, _output);
    }
}
