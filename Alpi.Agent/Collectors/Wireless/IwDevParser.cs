using System.Globalization;
using System.Text.RegularExpressions;

namespace Alpi.Agent.Collectors.Wireless;

/// <summary>
/// Parses the output of <c>iw dev</c> (iw <c>interface.c</c> <c>print_iface_handler</c> and <c>print_channel</c>):
/// <code>
/// phy#1
/// 	Interface wlan1
/// 		ifindex 5
/// 		addr 02:00:00:00:01:00
/// 		ssid Cigale
/// 		type AP
/// 		channel 36 (5180 MHz), width: 80 MHz, center1: 5210 MHz
/// 		txpower 23.00 dBm
/// </code>
/// Old iw prints <c>channel 6 (2437 MHz) HT40+</c>. Interfaces without a name (<c>Unnamed/non-netdev interface</c>, a
/// P2P device) are left out; unknown lines are ignored; a known line whose value cannot be read is reported in
/// <c>problems</c> and that value left null.
/// </summary>
internal static partial class IwDevParser
{
    /// <summary>Reads every named interface, in output order.</summary>
    /// <param name="text">The command's standard output.</param>
    /// <param name="source">The command as written in problem messages (<c>iw dev</c>).</param>
    /// <param name="problems">Receives one message per unreadable line, naming the source and 1-based line.</param>
    public static List<IwInterface> Parse(string text, string source, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(problems);
        var result = new List<IwInterface>();
        IwInterface? current = null;
        int? phy = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            void Problem(string what) => problems.Add(string.Create(CultureInfo.InvariantCulture, $"{source}, line {i + 1}: {what}"));

            if (line.StartsWith("phy#", StringComparison.Ordinal))
            {
                Flush();
                phy = IwText.TryInt(line[4..], out var n) ? n : null;
                if (phy is null)
                {
                    Problem($"\"{line}\" is not phy#<number>");
                }
            }
            else if (line.StartsWith("Interface ", StringComparison.Ordinal))
            {
                Flush();
                current = new IwInterface(line["Interface ".Length..].Trim(), phy, null, null, null, null, null, null);
            }
            else if (line.StartsWith("Unnamed/non-netdev interface", StringComparison.Ordinal))
            {
                Flush();
            }
            else if (current is null)
            {
                continue;
            }
            else if (line.StartsWith("ssid ", StringComparison.Ordinal))
            {
                current = current with { Ssid = IwText.UnescapeSsid(line["ssid ".Length..]) };
            }
            else if (line.StartsWith("type ", StringComparison.Ordinal))
            {
                current = current with { Type = line["type ".Length..].Trim() };
            }
            else if (line.StartsWith("channel ", StringComparison.Ordinal) && current.FrequencyMhz is null)
            {
                var match = ChannelLine().Match(line);
                if (!match.Success)
                {
                    Problem($"\"{line}\" is not \"channel N (F MHz)…\"");
                    continue;
                }

                current = current with
                {
                    Channel = int.Parse(match.Groups["channel"].Value, CultureInfo.InvariantCulture),
                    FrequencyMhz = int.Parse(match.Groups["freq"].Value, CultureInfo.InvariantCulture),
                    ChannelWidthMhz = Width(match),
                };
            }
            else if (line.StartsWith("txpower ", StringComparison.Ordinal))
            {
                if (IwText.TryDouble(IwText.FirstToken(line["txpower ".Length..]), out var dbm))
                {
                    current = current with { TxPowerDbm = dbm };
                }
                else
                {
                    Problem($"\"{line}\" is not \"txpower N.NN dBm\"");
                }
            }
        }

        Flush();
        return result;

        void Flush()
        {
            if (current is not null)
            {
                result.Add(current);
            }

            current = null;
        }
    }

    private static int? Width(Match match)
    {
        if (match.Groups["width"].Success)
        {
            return int.Parse(match.Groups["width"].Value, CultureInfo.InvariantCulture);
        }

        // iw before 3.x printed the nl80211 channel type instead of the width.
        return match.Groups["type"].Value switch
        {
            "NO HT" or "HT20" => 20,
            "HT40+" or "HT40-" => 40,
            _ => null,
        };
    }

    [GeneratedRegex(@"^channel (?<channel>\d+) \((?<freq>\d+)(?:\.\d+)? MHz\)(?:, width: (?<width>\d+)(?:\.\d+)? MHz| (?<type>NO HT|HT20|HT40\+|HT40-))?", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelLine();
}
