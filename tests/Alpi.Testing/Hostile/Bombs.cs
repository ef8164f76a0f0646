using System.Buffers.Binary;
using System.Text;
using CsCheck;

namespace Alpi.Testing.Hostile;

/// <summary>
/// Inputs built to exhaust a decoder rather than to confuse it: nesting depth bombs, huge declared lengths, a great
/// many tiny elements, and lines and queries of extreme shape. Each stays within what one datagram or one MQTT message
/// may carry (64 KiB for UDP, some MiB for MQTT), so a linear decoder handles each in milliseconds and a quadratic or
/// recursive one is caught by the hang detector or a stack overflow.
/// </summary>
public static class Bombs
{
    private static readonly byte[] Public = "public"u8.ToArray();

    /// <summary>SNMP/BER bombs.</summary>
    public static readonly Gen<byte[]> Snmp = Gen.OneOf(
        // SEQUENCEs (or PDUs, or OCTET STRINGs) nested up to 200,000 deep, every length correct, at the top or as a varbind value.
        Gen.Select(Gen.Int[1, 200_000], Gen.OneOf<byte>(0x30, 0xA7, 0xA4, 0x04, 0x24), Gen.Bool, (depth, tag, inVarbind) =>
            inVarbind ? V2cTrapWithValue(Nest([0x05, 0x00], depth, tag)) : Nest(V2cTrapWithValue([0x05, 0x00]), depth, tag)),
        // The same headers with lying lengths: each claims 2^31-1, or the indefinite form, or the reserved 0xFF.
        Gen.Select(Gen.Int[1, 60_000], Gen.OneOf<byte[]>([0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF], [0x30, 0x80], [0x30, 0xFF], [0xA7, 0x83, 0xFF, 0xFF, 0xFF], [0x30, 0x00]),
            (count, header) => Repeat(header, count)),
        // A varbind list of up to 300,000 tiny varbinds (within a 2 MB datagram: beyond UDP, but the decoder must not care).
        Gen.Select(Gen.Int[0, 300_000], Gen.OneOf<byte[]>([0x30, 0x05, 0x06, 0x01, 0x2B, 0x05, 0x00], [0x30, 0x03, 0x06, 0x00, 0x04], [0x30, 0x00]),
            (count, varbind) => V2cTrapWithVarbinds(Repeat(varbind, count))),
        // An OID of up to 500,000 sub-identifiers, or one sub-identifier of 500,000 continuation octets.
        Gen.Select(Gen.Int[1, 500_000], Gen.OneOf<byte>(0x01, 0x81, 0xFF, 0x80), (count, octet) =>
            V2cTrapWithValue([0x06, .. BerFormat.Definite(count), .. Repeat([octet], count)])),
        // Huge declared lengths with a few octets of content, at each level of the message.
        Gen.Select(Gen.Int[0, 5], Gen.OneOf(int.MaxValue, 0x7FFFFF00, 65_536, 4_096), (level, length) => HugeLengthAt(level, length)));

    /// <summary>
    /// A real packet wrapped in <paramref name="depth"/> constructed elements with correct definite lengths, written in
    /// one pass (inside-out lengths first).
    /// </summary>
    public static byte[] Nest(byte[] inner, int depth, byte tag)
    {
        var lengths = new long[depth];
        long length = inner.Length;
        for (var i = depth - 1; i >= 0; i--)
        {
            lengths[i] = length;
            length += 1 + BerFormat.Definite(length).Length;
        }

        var output = new List<byte>((int)Math.Min(length, int.MaxValue));
        for (var i = 0; i < depth; i++)
        {
            output.Add(tag);
            output.AddRange(BerFormat.Definite(lengths[i]));
        }

        output.AddRange(inner);
        return [.. output];
    }

    /// <summary>An SNMPv2c Trap (community public, request-id 1) with one varbind 1.3.6.1 whose value is <paramref name="valueTlv"/>.</summary>
    public static byte[] V2cTrapWithValue(byte[] valueTlv) =>
        V2cTrapWithVarbinds(BerFormat.Tlv(0x30, [0x06, 0x03, 0x2B, 0x06, 0x01, .. valueTlv]));

    /// <summary>An SNMPv2c Trap whose VarBindList holds <paramref name="varbinds"/> as they are.</summary>
    public static byte[] V2cTrapWithVarbinds(byte[] varbinds)
    {
        var pdu = BerFormat.Tlv(0xA7, [0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, .. BerFormat.Tlv(0x30, varbinds)]);
        return BerFormat.Tlv(0x30, [0x02, 0x01, 0x01, .. BerFormat.Tlv(0x04, Public), .. pdu]);
    }

    /// <summary><paramref name="chunk"/> <paramref name="count"/> times.</summary>
    public static byte[] Repeat(byte[] chunk, int count)
    {
        var result = new byte[chunk.Length * count];
        for (var i = 0; i < count; i++)
        {
            chunk.CopyTo(result, i * chunk.Length);
        }

        return result;
    }

    private static byte[] HugeLengthAt(int level, int length)
    {
        var huge = BerFormat.Definite(length);
        return level switch
        {
            0 => [0x30, .. huge, 0x02, 0x01, 0x01],
            1 => [0x30, 0x0A, 0x02, 0x01, 0x01, 0x04, .. huge, 0x41],
            2 => [.. V2cTrapWithVarbinds([]).AsSpan(0, 13), 0xA7, .. huge, 0x02],
            3 => V2cTrapWithVarbinds([0x30, .. huge, 0x06]),
            4 => V2cTrapWithValue([0x46, .. huge, 0x01]),
            _ => [0x30, .. huge, 0x02, 0x01, 0x03, 0x30, .. huge],
        };
    }

    /// <summary>RADIUS bombs: packets of 4,096 octets full of the smallest attributes, Vendor-Specific attributes full of the smallest sub-attributes, and lying headers.</summary>
    public static readonly Gen<byte[]> Radius = Gen.OneOf(
        Gen.Select(Gen.Byte, Gen.Int[0, 2038], Gen.Int[0, 4096], (type, count, padding) =>
            RadiusPacket(Repeat([type == 26 ? (byte)1 : type, 2], count), padding)),
        Gen.Select(Gen.Int[0, 40], Gen.Int[0, 123], (vsas, subs) =>
            RadiusPacket(Repeat([26, (byte)(6 + (subs * 2)), 0, 0, 0x37, 0x2A, .. Repeat([1, 2], subs)], Math.Min(vsas, 4076 / (6 + (subs * 2)))), 0)),
        Gen.Select(Gen.Int[0, 65535], Gen.Int[0, 65536], (declared, actual) =>
        {
            var packet = new byte[Math.Max(actual, 4)];
            packet[0] = 1;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)declared);
            return packet;
        }));

    private static byte[] RadiusPacket(byte[] attributes, int padding)
    {
        var length = Math.Min(20 + attributes.Length, 4096);
        var packet = new byte[length + padding];
        packet[0] = 1;
        packet[1] = 42;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)length);
        attributes.AsSpan(0, length - 20).CopyTo(packet.AsSpan(20));
        return packet;
    }

    /// <summary>
    /// Line-protocol bombs: one line of up to 200,000 fields or tags (distinct or all the same key), 1 MB of backslashes
    /// or quotes, 100,000 short lines, a string field of 1 MB.
    /// </summary>
    public static readonly Gen<string> LineProtocol = Gen.OneOf(
        Gen.Select(Gen.Int[1, 200_000], Gen.Bool, (count, distinct) =>
            "m " + string.Join(',', Enumerable.Range(0, count).Select(i => distinct ? $"f{i}=1i" : "f=1i"))),
        Gen.Select(Gen.Int[1, 200_000], Gen.Bool, (count, distinct) =>
            "m," + string.Join(',', Enumerable.Range(0, count).Select(i => distinct ? $"t{i}=v" : "t=v")) + " f=1"),
        Gen.Select(Gen.Int[1, 1_000_000], Gen.OneOf('\\', '"', ',', '=', ' ', '\t', 'é'), (count, c) => "m" + new string(c, count) + " f=1"),
        Gen.Select(Gen.Int[1, 1_000_000], Gen.OneOf('\\', '"', 'x'), (count, c) => "m f=\"" + new string(c, count) + "\""),
        Gen.Int[1, 100_000].Select(count => string.Concat(Enumerable.Repeat("cpu,host=a usage=1.5 1700000000000000000\n", count))),
        Gen.Int[1, 300_000].Select(count => "m f=" + new string('9', count)));

    /// <summary>
    /// UAM query bombs: one parameter repeated, thousands of parameters, values of 8 KiB of percent escapes, and
    /// queries just under and over <c>UamQuery.MaxQueryLength</c>.
    /// </summary>
    public static readonly Gen<string> UamQuery = Gen.OneOf(
        Gen.Int[1, 5_000].Select(count => "res=notyet&" + string.Concat(Enumerable.Repeat("uamip=10.1.0.1&", count))),
        Gen.Int[1, 5_000].Select(count => string.Join('&', Enumerable.Range(0, count).Select(i => $"p{i}=v"))),
        Gen.Select(Gen.Int[1, 3_000], Gen.OneOf("%", "%2", "%25", "%C3%A9", "%FF", "%00", "+", "&", "="), (count, chunk) =>
            "res=notyet&uamip=10.1.0.1&uamport=3990&reply=" + string.Concat(Enumerable.Repeat(chunk, count))),
        Gen.Int[8_000, 8_400].Select(length => "res=success&uamip=10.1.0.1&uamport=3990&userurl=http://a/" + new string('a', length)),
        Gen.Int[1, 100_000].Select(length => new StringBuilder().Append('?', length).ToString()));
}
