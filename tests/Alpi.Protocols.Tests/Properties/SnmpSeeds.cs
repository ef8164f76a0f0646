using System.Buffers;
using System.Net;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Tests.Snmp;

namespace Alpi.Protocols.Tests.Properties;

/// <summary>
/// Real SNMP datagrams to mutate: net-snmp 5.9.3 captures (<see cref="NetSnmpCaptures"/>, the USM responses of
/// <c>UsmNetSnmpCaptureTests</c>) and messages written by our own encoder with every value type.
/// </summary>
internal static class SnmpSeeds
{
    /// <summary>net-snmp's SHA-256/AES-128 authPriv response (user u256aes, engine "alpitest", boots 1, time 2).</summary>
    public static readonly byte[] NetSnmpV3Sha256AesResponse = Convert.FromHexString(
        "30819c0201033011020429e17ed4020300ffe304010302010304443042040d80001f8804616c7069746573740201010201020407753235366165730418f1577453d82415bbd261428f8b96c311a1f34cd2867d0a0d0408847c825d74d3ebea043e7e842741a41d4e5832ab5b0fdfdd123679f501957e863ca5ec0db676f6be2a18828cae667aedaacb77daa51ee6c23aa282cb96aea312bf93938375f649e0");

    /// <summary>net-snmp's SHA-1/DES authPriv response (user ushades).</summary>
    public static readonly byte[] NetSnmpV3ShaDesResponse = Convert.FromHexString(
        "3081920201033011020453f97932020300ffe304010302010304383036040d80001f8804616c706974657374020101020102040775736861646573040c845903ae731f1d638940ca530408000000017ac9c01304406f93b2e6103417c8220331bde49e30c1a5f73ca2ea6222a076f6c806652e97f616247f52e2e13a5bc8a3b8d66b271e3ff255c230233abfbbebbc7a4a4586f16e");

    /// <summary>Every seed.</summary>
    public static readonly IReadOnlyList<byte[]> All =
    [
        NetSnmpCaptures.V2cGetRequest, NetSnmpCaptures.V2cGetResponse, NetSnmpCaptures.V2cGetBulkRequest,
        NetSnmpCaptures.V2cGetBulkResponse, NetSnmpCaptures.V1NoSuchNameResponse, NetSnmpCaptures.V1Trap,
        NetSnmpCaptures.V2cTrap, NetSnmpCaptures.V2cInform, NetSnmpCaptures.V3DiscoveryRequest,
        NetSnmpCaptures.V3DiscoveryReport, NetSnmpCaptures.V3AuthPrivRequest, NetSnmpV3Sha256AesResponse, NetSnmpV3ShaDesResponse,
        Encode(new SnmpMessage(SnmpVersion.V2c, "public", EveryValueType())),
        EncodeV3(new SnmpV3Message(42, 65507, SnmpV3MessageFlags.Reportable | SnmpV3MessageFlags.Authentication,
            new UsmSecurityParameters(new byte[] { 0x80, 0, 0x1F, 0x88, 4, 0x61 }, 3, 1234, "alpi"u8.ToArray(), new byte[12], default),
            new SnmpScopedPdu(new byte[] { 0x80, 0, 0x1F, 0x88, 4, 0x61 }, "ctx"u8.ToArray(), EveryValueType()), default)),
    ];

    /// <summary>The v3 seeds only (USM parsing).</summary>
    public static readonly IReadOnlyList<byte[]> V3 =
    [
        NetSnmpCaptures.V3DiscoveryRequest, NetSnmpCaptures.V3DiscoveryReport, NetSnmpCaptures.V3AuthPrivRequest,
        NetSnmpV3Sha256AesResponse, NetSnmpV3ShaDesResponse, All[^1],
    ];

    /// <summary>An SNMPv2-Trap PDU with one varbind of every SNMP type (RFC 2578 §7.1) and the three exceptions (RFC 3416 §3).</summary>
    public static SnmpPdu EveryValueType() => new(SnmpPduType.SNMPv2Trap, 7, SnmpErrorStatus.NoError, 0,
    [
        new(Oid.Parse("1.3.6.1.2.1.1.3.0"), SnmpValue.TimeTicks(123456)),
        new(Oid.Parse("1.3.6.1.6.3.1.1.4.1.0"), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.6.3.1.1.5.3"))),
        new(Oid.Parse("1.3.6.1.2.1.2.2.1.1.3"), SnmpValue.Integer32(-129)),
        new(Oid.Parse("1.3.6.1.2.1.1.5.0"), SnmpValue.OctetString("router-1")),
        new(Oid.Parse("1.3.6.1.2.1.4.20.1.1.192.0.2.7"), SnmpValue.IpAddress(IPAddress.Parse("192.0.2.7"))),
        new(Oid.Parse("1.3.6.1.2.1.2.2.1.10.3"), SnmpValue.Counter32(4294967295)),
        new(Oid.Parse("1.3.6.1.2.1.2.2.1.5.3"), SnmpValue.Gauge32(1000000000)),
        new(Oid.Parse("1.3.6.1.2.1.31.1.1.1.6.3"), SnmpValue.Counter64(18446744073709551615)),
        new(Oid.Parse("1.3.6.1.4.1.2021.10.1.6.1"), SnmpValue.Opaque([0x9F, 0x78, 0x04, 0x3F, 0x80, 0, 0])),
        new(Oid.Parse("2.999.4294967295"), SnmpValue.NoSuchObject),
        new(Oid.Parse("1.3.6.1.2.1.1.99.0"), SnmpValue.NoSuchInstance),
        new(Oid.Parse("1.3.6.1.2.1.1.100.0"), SnmpValue.EndOfMibView),
        new(Oid.Parse("1.3.6.1.2.1.1.101.0"), SnmpValue.Null),
    ]);

    /// <summary>An SNMPv1 or SNMPv2c message as our encoder writes it.</summary>
    public static byte[] Encode(SnmpMessage message)
    {
        var output = new ArrayBufferWriter<byte>();
        SnmpMessageCodec.Encode(message, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>An SNMPv3 message as our encoder writes it (authentication parameters as given).</summary>
    public static byte[] EncodeV3(SnmpV3Message message)
    {
        var output = new ArrayBufferWriter<byte>();
        SnmpMessageCodec.EncodeV3(message, 0, output, out _);
        return output.WrittenSpan.ToArray();
    }
}
