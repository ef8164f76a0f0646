using Alpi.HotspotController.Devices;

namespace Alpi.HotspotController.Authentication;

/// <summary>
/// A Called-Station-Id (RFC 2865 §5.30) read as the access point's BSSID and the SSID, as RFC 3580 §3.20 recommends
/// (<c>AA-BB-CC-DD-EE-FF:SSID</c>). Terminals also send <c>aa:bb:cc:dd:ee:ff:SSID</c>, <c>aabbccddeeff;SSID</c>, a
/// bare BSSID or a bare name; anything else is kept whole as the SSID. Parsing never fails.
/// </summary>
/// <param name="Bssid">The access point's MAC, or null when the value does not start with one.</param>
/// <param name="Ssid">The network name, or null when absent.</param>
public readonly record struct CalledStationId(MacAddress? Bssid, string? Ssid)
{
    /// <summary>
    /// Reads <paramref name="value"/>: a MAC in any <see cref="MacAddress"/> spelling at the start, followed by the end
    /// or by any one non-alphanumeric delimiter and the SSID; otherwise the whole trimmed value is the SSID. A name made
    /// of exactly twelve hexadecimal digits is read as a BSSID.
    /// </summary>
    /// <param name="value">The attribute's text, or null.</param>
    public static CalledStationId Parse(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return default;
        }

        // The MAC spellings are 17 (AA-BB-CC-DD-EE-FF, aa:bb:…), 14 (aabb.ccdd.eeff) or 12 (aabbccddeeff) characters.
        foreach (var length in (ReadOnlySpan<int>)[17, 14, 12])
        {
            if (text.Length < length || !MacAddress.TryParse(text[..length], out var bssid))
            {
                continue;
            }

            if (text.Length == length)
            {
                return new CalledStationId(bssid, null);
            }

            if (!char.IsAsciiLetterOrDigit(text[length]))
            {
                // One delimiter; a spaced one ("AA-…-FF : Cigale") is white space around a ':', ';' or ','.
                var ssid = text[(length + 1)..].Trim();
                if (char.IsWhiteSpace(text[length]) && ssid.Length > 0 && ssid[0] is ':' or ';' or ',')
                {
                    ssid = ssid[1..].Trim();
                }

                return new CalledStationId(bssid, ssid.Length == 0 ? null : ssid);
            }
        }

        return new CalledStationId(null, text);
    }
}
