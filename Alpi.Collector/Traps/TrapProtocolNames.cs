using Alpi.Protocols.Snmp.V3;

namespace Alpi.Collector.Traps;

/// <summary>
/// net-snmp's protocol names as written in configuration (<c>snmptrap -a SHA -x AES</c>) and their USM protocols.
/// </summary>
/// <remarks>Sources: RFC 3414 §6, §7, §8 (MD5, SHA, DES); RFC 3826 (AES); RFC 7860 (SHA-2); net-snmp snmpcmd(1) <c>-a</c>, <c>-x</c>.</remarks>
public static class TrapProtocolNames
{
    /// <summary>Parses an authentication protocol name (case-insensitive): None, MD5, SHA (SHA1, SHA-1), SHA-224, SHA-256, SHA-384, SHA-512.</summary>
    /// <param name="name">The name.</param>
    /// <param name="protocol">The protocol.</param>
    /// <returns>False for an unknown name.</returns>
    public static bool TryParseAuth(string? name, out SnmpAuthProtocol protocol)
    {
        protocol = (name ?? "None").ToUpperInvariant() switch
        {
            "NONE" or "" => SnmpAuthProtocol.None,
            "MD5" => SnmpAuthProtocol.HmacMd5_96,
            "SHA" or "SHA1" or "SHA-1" => SnmpAuthProtocol.HmacSha1_96,
            "SHA-224" or "SHA224" => SnmpAuthProtocol.HmacSha224_128,
            "SHA-256" or "SHA256" => SnmpAuthProtocol.HmacSha256_192,
            "SHA-384" or "SHA384" => SnmpAuthProtocol.HmacSha384_256,
            "SHA-512" or "SHA512" => SnmpAuthProtocol.HmacSha512_384,
            _ => (SnmpAuthProtocol)(-1),
        };
        return Enum.IsDefined(protocol);
    }

    /// <summary>Parses a privacy protocol name (case-insensitive): None, DES, AES (AES-128), AES-192, AES-256.</summary>
    /// <param name="name">The name.</param>
    /// <param name="protocol">The protocol.</param>
    /// <returns>False for an unknown name.</returns>
    public static bool TryParsePriv(string? name, out SnmpPrivProtocol protocol)
    {
        protocol = (name ?? "None").ToUpperInvariant() switch
        {
            "NONE" or "" => SnmpPrivProtocol.None,
            "DES" => SnmpPrivProtocol.Des,
            "AES" or "AES128" or "AES-128" => SnmpPrivProtocol.Aes128,
            "AES192" or "AES-192" => SnmpPrivProtocol.Aes192,
            "AES256" or "AES-256" => SnmpPrivProtocol.Aes256,
            _ => (SnmpPrivProtocol)(-1),
        };
        return Enum.IsDefined(protocol);
    }

    /// <summary>Parses a hex engine ID, with or without <c>0x</c>; null or empty gives an empty array.</summary>
    /// <param name="hex">The text.</param>
    /// <param name="engineId">The octets.</param>
    /// <returns>False when the text is not an even number of hex digits.</returns>
    public static bool TryParseEngineId(string? hex, out byte[] engineId)
    {
        engineId = [];
        if (string.IsNullOrEmpty(hex))
        {
            return true;
        }

        var digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        try
        {
            engineId = Convert.FromHexString(digits);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
