using System.Diagnostics.CodeAnalysis;

namespace Alpi.HotspotController.Devices;

/// <summary>
/// A device's IEEE 802 MAC-48 address in the one form the controller stores and compares:
/// upper-case hexadecimal pairs separated by hyphens, <c>AA-BB-CC-DD-EE-FF</c>, as RFC 3580 §3.21 recommends for
/// Calling-Station-Id and as CoovaChilli sends it.
/// </summary>
public readonly record struct MacAddress
{
    private MacAddress(string value) => Value = value;

    /// <summary>The canonical form, <c>AA-BB-CC-DD-EE-FF</c>.</summary>
    public string Value { get; }

    /// <summary>
    /// Parses the spellings NAS gateways and people use, in any letter case: <c>aabbccddeeff</c>,
    /// <c>AA-BB-CC-DD-EE-FF</c>, <c>aa:bb:cc:dd:ee:ff</c>, <c>aabb.ccdd.eeff</c> (Cisco) and <c>aabb-ccdd-eeff</c>;
    /// surrounding white space is ignored.
    /// </summary>
    /// <param name="text">The text, e.g. a User-Name or Calling-Station-Id value.</param>
    /// <param name="mac">The address when the text is one.</param>
    /// <returns>False, without throwing, when the text is not a MAC-48 address in one of those spellings.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out MacAddress? mac)
    {
        mac = null;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        Span<char> hex = stackalloc char[12];
        var digits = 0;
        var groupLength = 0;
        var separator = '\0';
        var groups = 0;
        foreach (var c in span)
        {
            if (char.IsAsciiHexDigit(c))
            {
                if (digits == 12)
                {
                    return false;
                }

                hex[digits++] = char.ToUpperInvariant(c);
                groupLength++;
                continue;
            }

            if (c is not (':' or '-' or '.') || groupLength == 0 || (separator != '\0' && c != separator))
            {
                return false;
            }

            separator = c;
            groups++;
            if (groups == 1 && groupLength is not (2 or 4))
            {
                return false;
            }

            groupLength = 0;
        }

        if (digits != 12 || (separator != '\0' && groupLength == 0))
        {
            return false;
        }

        // With separators, the groups must be all pairs (5 separators) or all quads (2 separators).
        if (separator != '\0' && groups is not (5 or 2))
        {
            return false;
        }

        if (separator != '\0' && !GroupsAreRegular(span, separator, groups == 5 ? 2 : 4))
        {
            return false;
        }

        mac = new MacAddress(string.Create(17, hex.ToString(), static (destination, source) =>
        {
            for (var i = 0; i < 6; i++)
            {
                destination[i * 3] = source[i * 2];
                destination[(i * 3) + 1] = source[(i * 2) + 1];
                if (i < 5)
                {
                    destination[(i * 3) + 2] = '-';
                }
            }
        }));
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/>.</summary>
    /// <exception cref="FormatException">The text is not a MAC-48 address; the message quotes it.</exception>
    public static MacAddress Parse(string text) =>
        TryParse(text, out var mac) ? mac.Value : throw new FormatException($"'{text}' is not a MAC address (expected e.g. AA-BB-CC-DD-EE-FF, aa:bb:cc:dd:ee:ff, aabb.ccdd.eeff or aabbccddeeff).");

    /// <summary>The canonical form.</summary>
    public override string ToString() => Value;

    private static bool GroupsAreRegular(ReadOnlySpan<char> span, char separator, int groupLength)
    {
        foreach (var range in span.Split(separator))
        {
            if (span[range].Length != groupLength)
            {
                return false;
            }
        }

        return true;
    }
}
