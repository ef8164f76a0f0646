using System.Globalization;
using System.Net;
using System.Text;
using Alpi.Protocols.Snmp;
using CsCheck;

namespace Alpi.Protocols.Tests.Properties;

/// <summary>Generators of valid SNMP messages (for decode-of-encode round trips) and a structural description to compare them.</summary>
internal static class SnmpGen
{
    /// <summary>An OID the encoder accepts (X.690 §8.19.4): first arc 0–2, second below 40 unless the first is 2.</summary>
    public static readonly Gen<Oid> Oid = Gen.Select(Gen.Int[0, 2], Gen.UInt, Gen.UInt.Array[0, 12], (first, second, rest) =>
        new Oid([(uint)first, first == 2 ? Math.Min(second, uint.MaxValue - 80) : second % 40, .. rest]));

    /// <summary>Any value the encoder writes (RFC 2578 §7.1, RFC 3416 §3 exceptions).</summary>
    public static readonly Gen<SnmpValue> Value = Gen.OneOf(
        Gen.Int.Select(SnmpValue.Integer32),
        Gen.Byte.Array[0, 40].Select(b => SnmpValue.OctetString(b)),
        Oid.Select(SnmpValue.ObjectIdentifier),
        Gen.Byte.Array[4].Select(b => SnmpValue.IpAddress(b)),
        Gen.UInt.Select(SnmpValue.Counter32),
        Gen.UInt.Select(SnmpValue.Gauge32),
        Gen.UInt.Select(SnmpValue.TimeTicks),
        Gen.Byte.Array[0, 20].Select(b => SnmpValue.Opaque(b)),
        Gen.ULong.Select(SnmpValue.Counter64),
        Gen.OneOf(SnmpValue.Null, SnmpValue.NoSuchObject, SnmpValue.NoSuchInstance, SnmpValue.EndOfMibView));

    /// <summary>A PDU of the common format (RFC 3416 §3), any type but Trap-PDU.</summary>
    public static readonly Gen<SnmpPdu> Pdu = Gen.Select(
        Gen.OneOf(SnmpPduType.GetRequest, SnmpPduType.GetNextRequest, SnmpPduType.Response, SnmpPduType.SetRequest,
            SnmpPduType.GetBulkRequest, SnmpPduType.InformRequest, SnmpPduType.SNMPv2Trap, SnmpPduType.Report),
        Gen.Int, Gen.Int, Gen.Int, Gen.Select(Oid, Value, (o, v) => new Varbind(o, v)).Array[0, 12],
        (type, id, status, index, varbinds) => new SnmpPdu(type, id, (SnmpErrorStatus)status, index, varbinds));

    /// <summary>An SNMPv1 Trap-PDU (RFC 1157 §4.1.6).</summary>
    public static readonly Gen<TrapV1Pdu> TrapV1 = Gen.Select(
        Oid, Gen.Byte.Array[4], Gen.Int[0, 6], Gen.Int, Gen.UInt, Gen.Select(Oid, Value, (o, v) => new Varbind(o, v)).Array[0, 8],
        (enterprise, address, generic, specific, time, varbinds) => new TrapV1Pdu(enterprise, new IPAddress(address), (GenericTrap)generic, specific, time, varbinds));

    /// <summary>An SNMPv1 or SNMPv2c message (RFC 1157 §4, RFC 1901 §3).</summary>
    public static readonly Gen<SnmpMessage> Message = Gen.Select(
        Gen.OneOf(SnmpVersion.V1, SnmpVersion.V2c), Gen.Byte.Array[0, 24], Gen.Frequency((4, Pdu.Select(p => (ISnmpPdu)p)), (1, TrapV1.Select(p => (ISnmpPdu)p))),
        (version, community, pdu) => new SnmpMessage(version, community, pdu));

    /// <summary>An SNMPv3 message (RFC 3412 §6) with USM parameters (RFC 3414 §2.4), plaintext or encrypted.</summary>
    public static readonly Gen<SnmpV3Message> V3Message = Gen.Select(
        Gen.Int[0, int.MaxValue], Gen.Int[484, int.MaxValue], Gen.Byte,
        Gen.Select(Gen.Byte.Array[0, 32], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Byte.Array[0, 32], Gen.Byte.Array[0, 48], Gen.Byte.Array[0, 8],
            (engine, boots, time, user, auth, priv) => new UsmSecurityParameters(engine, boots, time, user, auth, priv)),
        Gen.OneOf(
            Gen.Select(Gen.Byte.Array[0, 32], Gen.Byte.Array[0, 32], Pdu, (engine, context, pdu) => ((SnmpScopedPdu?)new SnmpScopedPdu(engine, context, pdu), Array.Empty<byte>())),
            Gen.Byte.Array[1, 200].Select(encrypted => ((SnmpScopedPdu?)null, encrypted))),
        (id, maxSize, flags, security, data) => new SnmpV3Message(id, maxSize, (SnmpV3MessageFlags)flags, security, data.Item1, data.Item2));

    /// <summary>True when every varbind of <paramref name="pdu"/> can be encoded again (no decode-error value).</summary>
    public static bool IsEncodable(ISnmpPdu pdu) => pdu switch
    {
        SnmpPdu standard => standard.Varbinds.All(v => !v.Value.IsDecodeError && !v.Oid.IsEmpty),
        TrapV1Pdu trap => trap.Varbinds.All(v => !v.Value.IsDecodeError && !v.Oid.IsEmpty),
        _ => false,
    };

    /// <summary>Every field, in a text that is equal for equal messages.</summary>
    public static string Describe(SnmpMessage message) =>
        $"{message.Version} {Convert.ToHexString(message.Community.Span)} {Describe(message.Pdu)}";

    /// <summary>Every field of an SNMPv3 message.</summary>
    public static string Describe(SnmpV3Message message)
    {
        var s = message.SecurityParameters;
        var data = message.ScopedPdu is { } scoped
            ? $"scoped {Convert.ToHexString(scoped.ContextEngineId.Span)} {Convert.ToHexString(scoped.ContextName.Span)} {Describe(scoped.Pdu)}"
            : $"encrypted {Convert.ToHexString(message.EncryptedPdu.Span)}";
        return string.Create(CultureInfo.InvariantCulture,
            $"{message.MessageId} {message.MaxSize} {message.Flags} {Convert.ToHexString(s.AuthoritativeEngineId.Span)} {s.EngineBoots} {s.EngineTime} {Convert.ToHexString(s.UserName.Span)} {Convert.ToHexString(s.AuthenticationParameters.Span)} {Convert.ToHexString(s.PrivacyParameters.Span)} {data}");
    }

    /// <summary>Every field of a PDU, varbinds with their type and value.</summary>
    public static string Describe(ISnmpPdu pdu)
    {
        var text = new StringBuilder();
        IReadOnlyList<Varbind> varbinds;
        switch (pdu)
        {
            case SnmpPdu p:
                text.Append(CultureInfo.InvariantCulture, $"{p.Type} {p.RequestId} {(int)p.ErrorStatus} {p.ErrorIndex}");
                varbinds = p.Varbinds;
                break;
            case TrapV1Pdu t:
                text.Append(CultureInfo.InvariantCulture, $"TrapV1 {t.Enterprise} {t.AgentAddress} {(int)t.Generic} {t.SpecificTrap} {t.TimeStamp}");
                varbinds = t.Varbinds;
                break;
            default:
                return "?";
        }

        foreach (var varbind in varbinds)
        {
            text.Append(CultureInfo.InvariantCulture, $" | {varbind.Oid} {varbind.Value.Type} {varbind.Value}");
            if (varbind.Value.Type is SnmpValueType.OctetString or SnmpValueType.Opaque)
            {
                text.Append(' ').Append(Convert.ToHexString(varbind.Value.AsOctets().Span));
            }
        }

        return text.ToString();
    }
}
