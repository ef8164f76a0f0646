using System.Globalization;
using System.Text;

namespace Alpi.Protocols.Snmp;

/// <summary>
/// Formats varbind values as net-snmp's command-line tools print them without MIB files (<c>snmpget -On</c>).
/// </summary>
/// <remarks>
/// Source: net-snmp 5.9 snmplib/mib.c, <c>sprint_realloc_by_type</c> and the per-type printers: octet strings print
/// as <c>STRING: "…"</c> (backslash and double quote escaped) unless an octet is neither printable nor white space in
/// the C locale, then as <c>Hex-STRING: </c> with each octet as <c>%02X </c> and a line break every 16 octets; an
/// empty string prints as <c>""</c>; TimeTicks as <c>Timeticks: (n) d days, h:mm:ss.cc</c> (net-snmp's uptimeString).
/// </remarks>
internal static class SnmpValueFormatter
{
    private const int HexOctetsPerLine = 16;

    public static string Format(SnmpValue value)
    {
        var text = new StringBuilder();
        switch (value.Type)
        {
            case SnmpValueType.Integer32:
                text.Append("INTEGER: ").Append(value.AsInt32().ToString(CultureInfo.InvariantCulture));
                break;
            case SnmpValueType.OctetString:
                AppendOctetString(text, value.RawOctets);
                break;
            case SnmpValueType.Null:
                text.Append("NULL");
                break;
            case SnmpValueType.ObjectIdentifier:
                text.Append("OID: ");
                AppendDottedOid(text, value.RawArcs);
                break;
            case SnmpValueType.IpAddress:
                var address = (uint)value.RawNumber;
                text.Append(CultureInfo.InvariantCulture, $"IpAddress: {address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");
                break;
            case SnmpValueType.Counter32:
                text.Append("Counter32: ").Append(value.RawNumber.ToString(CultureInfo.InvariantCulture));
                break;
            case SnmpValueType.Gauge32:
                text.Append("Gauge32: ").Append(value.RawNumber.ToString(CultureInfo.InvariantCulture));
                break;
            case SnmpValueType.TimeTicks:
                AppendTimeTicks(text, (uint)value.RawNumber);
                break;
            case SnmpValueType.Opaque:
                text.Append("OPAQUE: ");
                AppendHex(text, value.RawOctets);
                break;
            case SnmpValueType.Counter64:
                text.Append("Counter64: ").Append(value.RawNumber.ToString(CultureInfo.InvariantCulture));
                break;
            case SnmpValueType.NoSuchObject:
                text.Append("No Such Object available on this agent at this OID");
                break;
            case SnmpValueType.NoSuchInstance:
                text.Append("No Such Instance currently exists at this OID");
                break;
            case SnmpValueType.EndOfMibView:
                text.Append("No more variables left in this MIB View (It is past the end of the MIB tree)");
                break;
            case SnmpValueType.DecodeError:
                text.Append("Decode error: ").Append(value.ErrorReason);
                break;
            default:
                text.Append("(no value)");
                break;
        }

        return text.ToString();
    }

    /// <summary>Appends <c>.1.3.6.1</c> (net-snmp's numeric form with its leading dot).</summary>
    public static void AppendDottedOid(StringBuilder text, ReadOnlySpan<uint> arcs)
    {
        foreach (var arc in arcs)
        {
            text.Append('.').Append(arc.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void AppendOctetString(StringBuilder text, ReadOnlySpan<byte> octets)
    {
        if (octets.IsEmpty)
        {
            text.Append("\"\"");
            return;
        }

        foreach (var octet in octets)
        {
            if (!IsPrintOrSpace(octet))
            {
                text.Append("Hex-STRING: ");
                AppendHex(text, octets);
                return;
            }
        }

        text.Append("STRING: \"");
        foreach (var octet in octets)
        {
            if (octet is (byte)'\\' or (byte)'"')
            {
                text.Append('\\');
            }

            text.Append((char)octet);
        }

        text.Append('"');
    }

    private static void AppendHex(StringBuilder text, ReadOnlySpan<byte> octets)
    {
        for (var i = 0; i < octets.Length; i++)
        {
            if (i > 0 && i % HexOctetsPerLine == 0)
            {
                text.Append('\n');
            }

            text.Append(octets[i].ToString("X2", CultureInfo.InvariantCulture)).Append(' ');
        }
    }

    private static void AppendTimeTicks(StringBuilder text, uint ticks)
    {
        var centiseconds = ticks % 100;
        var seconds = ticks / 100;
        var days = seconds / 86400;
        seconds %= 86400;
        var hours = seconds / 3600;
        seconds %= 3600;
        var minutes = seconds / 60;
        seconds %= 60;
        text.Append(CultureInfo.InvariantCulture, $"Timeticks: ({ticks}) ");
        if (days == 1)
        {
            text.Append("1 day, ");
        }
        else if (days > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"{days} days, ");
        }

        text.Append(CultureInfo.InvariantCulture, $"{hours}:{minutes:00}:{seconds:00}.{centiseconds:00}");
    }

    /// <summary>C locale <c>isprint(c) || isspace(c)</c>.</summary>
    private static bool IsPrintOrSpace(byte octet) => octet is >= 0x20 and <= 0x7E or >= 0x09 and <= 0x0D;
}
