using System.Globalization;
using Alpi.Agent.Collectors.HostFiles;

namespace Alpi.Agent.Collectors.Wireless;

/// <summary>One line of <c>/proc/net/wireless</c>: the wireless-extensions statistics of an interface.</summary>
/// <param name="Interface">The interface name.</param>
/// <param name="Status">The device-dependent status word (hexadecimal in the file).</param>
/// <param name="Link">Link quality, null when the driver did not mark it updated.</param>
/// <param name="Level">Signal level (dBm on cfg80211 drivers), null when not updated.</param>
/// <param name="Noise">Noise level (dBm), null when not updated (cfg80211 prints -256 then).</param>
/// <param name="Nwid">Packets discarded for a wrong network id.</param>
/// <param name="Crypt">Packets that could not be decrypted.</param>
/// <param name="Frag">Packets whose fragments could not be reassembled.</param>
/// <param name="Retry">Packets that could not be sent after the retries.</param>
/// <param name="Misc">Packets lost for other reasons.</param>
/// <param name="MissedBeacon">Missed beacons.</param>
internal sealed record ProcNetWirelessEntry(
    string Interface, long Status, long? Link, long? Level, long? Noise, long Nwid, long Crypt, long Frag, long Retry, long Misc, long MissedBeacon);

/// <summary>
/// Reads <c>/proc/net/wireless</c> (Linux <c>net/wireless/wext-proc.c</c>, <c>wireless_seq_printf_stats</c>):
/// two header lines, then <c>"%6s: %04x  %3d%c  %3d%c  %3d%c  %6d %6d %6d %6d %6d   %6d"</c> per interface, where
/// each quality figure is followed by <c>.</c> when the driver marked it updated and by a space otherwise. cfg80211
/// fills the file only for interfaces in managed (station) mode: an access point's interface is not listed.
/// </summary>
internal static class ProcNetWireless
{
    /// <summary>The path of the file below the host root.</summary>
    public const string Path = "proc/net/wireless";

    /// <summary>Parses the file's text.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="fullPath">The file's path, for error messages.</param>
    /// <exception cref="InvalidDataException">A line is not of the form above; the message names the file and line.</exception>
    public static List<ProcNetWirelessEntry> Parse(string text, string fullPath)
    {
        var result = new List<ProcNetWirelessEntry>();
        var lines = HostFileFormat.Lines(text);
        for (var i = 2; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                HostFileFormat.ThrowMalformed(fullPath, i + 1, "no \"interface:\" at the start of the line");
            }

            var t = HostFileFormat.Tokens(lines[i][(colon + 1)..]);
            if (t.Length < 10)
            {
                HostFileFormat.ThrowMalformed(fullPath, i + 1, $"{t.Length} values, 10 expected");
            }

            var lineNumber = i + 1;
            if (!long.TryParse(t[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var status))
            {
                HostFileFormat.ThrowMalformed(fullPath, lineNumber, $"status \"{t[0]}\" is not hexadecimal");
            }

            long? Quality(string token)
            {
                var updated = token.EndsWith('.');
                var digits = updated ? token[..^1] : token;
                if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
                {
                    HostFileFormat.ThrowMalformed(fullPath, lineNumber, $"\"{token}\" is not a quality figure");
                }

                return updated ? v : null;
            }

            long Count(string token) =>
                long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
                    ? v
                    : throw new InvalidDataException($"{fullPath}, line {lineNumber}: \"{token}\" is not a packet count.");

            result.Add(new ProcNetWirelessEntry(
                lines[i][..colon].Trim(), status, Quality(t[1]), Quality(t[2]), Quality(t[3]),
                Count(t[4]), Count(t[5]), Count(t[6]), Count(t[7]), Count(t[8]), Count(t[9])));
        }

        return result;
    }
}
