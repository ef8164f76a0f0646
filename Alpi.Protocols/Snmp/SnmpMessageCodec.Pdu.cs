using Alpi.Protocols.Snmp.Ber;

namespace Alpi.Protocols.Snmp;

/// <summary>PDU and varbind list encoding and decoding, shared by all versions.</summary>
/// <remarks>Sources: RFC 3416 §3 (PDU, BulkPDU, VarBindList); RFC 1157 §4.1.6 (Trap-PDU).</remarks>
public static partial class SnmpMessageCodec
{
    private static bool TryReadPdu(ref BerReader reader, out ISnmpPdu pdu)
    {
        pdu = null!;
        if (!reader.TryPeekTag(out var tag))
        {
            return false;
        }

        if (tag == (byte)SnmpPduType.TrapV1)
        {
            if (!TryReadTrapV1(ref reader, out var trap))
            {
                return false;
            }

            pdu = trap;
            return true;
        }

        if (!TryReadStandardPdu(ref reader, out var standard))
        {
            return false;
        }

        pdu = standard;
        return true;
    }

    /// <summary>PDU or BulkPDU: <c>[tag] IMPLICIT SEQUENCE { request-id, error-status, error-index, variable-bindings }</c>.</summary>
    private static bool TryReadStandardPdu(ref BerReader reader, out SnmpPdu pdu)
    {
        pdu = null!;
        if (!reader.TryPeekTag(out var tag))
        {
            return false;
        }

        if (tag is < (byte)SnmpPduType.GetRequest or > (byte)SnmpPduType.Report or (byte)SnmpPduType.TrapV1)
        {
            var expected = tag == (byte)SnmpPduType.TrapV1 ? "an SNMPv2 PDU (an SNMPv1 Trap-PDU is not allowed here)" : "a PDU (0xA0..0xA8)";
            return reader.ReportError(reader.Position, $"expected {expected}, found tag 0x{tag:X2} (RFC 3416 §3)");
        }

        if (!reader.TryEnter(tag, out var outerEnd)
            || !reader.TryReadInteger32(out var requestId)
            || !reader.TryReadInteger32(out var errorStatus)
            || !reader.TryReadInteger32(out var errorIndex)
            || !TryReadVarbinds(ref reader, out var varbinds))
        {
            return false;
        }

        reader.Exit(outerEnd);
        pdu = new SnmpPdu((SnmpPduType)tag, requestId, (SnmpErrorStatus)errorStatus, errorIndex, varbinds);
        return true;
    }

    /// <summary>Trap-PDU (RFC 1157 §4.1.6); a zero-length agent-addr (sent by some agents) reads as 0.0.0.0.</summary>
    private static bool TryReadTrapV1(ref BerReader reader, out TrapV1Pdu trap)
    {
        trap = null!;
        if (!reader.TryEnter((byte)SnmpPduType.TrapV1, out var outerEnd) || !reader.TryReadObjectIdentifier(out var enterprise))
        {
            return false;
        }

        var addressOffset = reader.Position;
        if (!reader.TryReadValue(out var agentAddress))
        {
            return false;
        }

        if (agentAddress.Type != SnmpValueType.IpAddress)
        {
            return reader.ReportError(addressOffset, "agent-addr is not an IpAddress of 4 octets (RFC 1157 §4.1.6)");
        }

        if (!reader.TryReadInteger32(out var generic)
            || !reader.TryReadInteger32(out var specific)
            || !reader.TryReadUnsigned32(BerTag.TimeTicks, out var timeStamp)
            || !TryReadVarbinds(ref reader, out var varbinds))
        {
            return false;
        }

        reader.Exit(outerEnd);
        trap = new TrapV1Pdu(enterprise, agentAddress.AsIPAddress(), (GenericTrap)generic, specific, timeStamp, varbinds);
        return true;
    }

    /// <summary>VarBindList ::= SEQUENCE OF VarBind (RFC 3416 §3); counted first so one exact array is allocated.</summary>
    private static bool TryReadVarbinds(ref BerReader reader, out Varbind[] varbinds)
    {
        varbinds = [];
        if (!reader.TryEnter(BerTag.Sequence, out var outerEnd) || !reader.TryCountElements(out var count))
        {
            return false;
        }

        var result = count == 0 ? [] : new Varbind[count];
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadVarbind(out result[i]))
            {
                return false;
            }
        }

        reader.Exit(outerEnd);
        varbinds = result;
        return true;
    }

    private static void WritePdu(ref BerWriter writer, ISnmpPdu pdu)
    {
        switch (pdu)
        {
            case SnmpPdu standard:
                WriteStandardPdu(ref writer, standard);
                break;
            case TrapV1Pdu trap:
                WriteTrapV1(ref writer, trap);
                break;
            default:
                throw new ArgumentException($"Unknown PDU class {pdu?.GetType().Name ?? "null"}.", nameof(pdu));
        }
    }

    private static void WriteStandardPdu(ref BerWriter writer, SnmpPdu pdu)
    {
        if (pdu.Type is < SnmpPduType.GetRequest or > SnmpPduType.Report or SnmpPduType.TrapV1)
        {
            throw new ArgumentException($"SnmpPdu cannot have type {pdu.Type}; an SNMPv1 trap is a TrapV1Pdu.", nameof(pdu));
        }

        var token = writer.BeginConstructed((byte)pdu.Type);
        writer.WriteInteger(pdu.RequestId);
        writer.WriteInteger((int)pdu.ErrorStatus);
        writer.WriteInteger(pdu.ErrorIndex);
        WriteVarbinds(ref writer, pdu.Varbinds);
        writer.EndConstructed(token);
    }

    private static void WriteTrapV1(ref BerWriter writer, TrapV1Pdu trap)
    {
        Span<byte> address = stackalloc byte[16];
        if (!trap.AgentAddress.TryWriteBytes(address, out var length) || length != 4)
        {
            throw new ArgumentException("agent-addr of an SNMPv1 trap is an IPv4 address (RFC 1157 §4.1.6).", nameof(trap));
        }

        var token = writer.BeginConstructed((byte)SnmpPduType.TrapV1);
        writer.WriteObjectIdentifier(trap.Enterprise);
        writer.WriteOctetString(BerTag.IpAddress, address[..4]);
        writer.WriteInteger((int)trap.Generic);
        writer.WriteInteger(trap.SpecificTrap);
        writer.WriteUnsigned(BerTag.TimeTicks, trap.TimeStamp);
        WriteVarbinds(ref writer, trap.Varbinds);
        writer.EndConstructed(token);
    }

    private static void WriteVarbinds(ref BerWriter writer, IReadOnlyList<Varbind> varbinds)
    {
        var token = writer.BeginConstructed(BerTag.Sequence);
        for (var i = 0; i < varbinds.Count; i++)
        {
            writer.WriteVarbind(varbinds[i]);
        }

        writer.EndConstructed(token);
    }
}
