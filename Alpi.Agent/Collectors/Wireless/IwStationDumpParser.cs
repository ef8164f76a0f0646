using System.Globalization;

namespace Alpi.Agent.Collectors.Wireless;

/// <summary>
/// Parses the output of <c>iw dev IF station dump</c> (iw <c>station.c</c>, <c>print_sta_handler</c>,
/// <c>print_nested_sta_handler</c> and <c>parse_bitrate</c>; iw 3.x to 6.x):
/// <code>
/// Station 3c:22:fb:0a:1b:2c (on wlan1)
/// 	inactive time:	1230 ms
/// 	rx bytes:	2437893
/// 	signal:  	-54 [-56, -58] dBm
/// 	tx bitrate:	866.7 MBit/s VHT-MCS 9 80MHz short GI VHT-NSS 2
/// 	authorized:	yes
/// 	connected time:	3601 seconds
/// </code>
/// The order of the lines differs between iw versions (6.x prints the flags first) and drivers leave many out; lines are
/// read by key. For a multi-link (Wi-Fi 7 MLO) station, the per-link blocks (<c>Link N:</c>, two tabs deep) fill the
/// signal and rates when the station-wide lines lack them. Unknown keys are ignored; a known key whose value cannot be
/// read is reported in <c>problems</c> and left null, and the rest of the station is kept.
/// </summary>
internal static class IwStationDumpParser
{
    /// <summary>Reads every station, in output order.</summary>
    /// <param name="text">The command's standard output.</param>
    /// <param name="source">The command as written in problem messages (<c>iw dev wlan0 station dump</c>).</param>
    /// <param name="problems">Receives one message per unreadable value, naming the source and 1-based line.</param>
    public static List<IwStation> Parse(string text, string source, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(problems);
        var result = new List<IwStation>();
        IwStation? station = null;
        IwStation? firstLink = null;
        IwStation? link = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.StartsWith("Station ", StringComparison.Ordinal))
            {
                Flush();
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var on = parts.Length >= 4 && parts[2] == "(on" ? parts[3].TrimEnd(')') : "";
                station = new IwStation { Mac = parts.Length >= 2 ? parts[1].ToLowerInvariant() : "", Interface = on };
                continue;
            }

            if (station is null || !IwText.TrySplit(line, out var key, out var value))
            {
                continue;
            }

            var depth = IwText.Depth(line);
            if (depth == 1 && key.StartsWith("Link ", StringComparison.Ordinal))
            {
                link = new IwStation { Mac = station.Mac, Interface = station.Interface };
                firstLink ??= link;
                continue;
            }

            var target = depth >= 2 && link is not null ? link : station;
            Read(target, key, value, source, i + 1, problems);
        }

        Flush();
        return result;

        void Flush()
        {
            if (station is null)
            {
                return;
            }

            if (firstLink is not null)
            {
                station.SignalDbm ??= firstLink.SignalDbm;
                station.SignalAvgDbm ??= firstLink.SignalAvgDbm;
                station.TxBitrateMbps ??= firstLink.TxBitrateMbps;
                station.RxBitrateMbps ??= firstLink.RxBitrateMbps;
                station.InactiveMs ??= firstLink.InactiveMs;
            }

            result.Add(station);
            station = null;
            firstLink = null;
            link = null;
        }
    }

    private static void Read(IwStation s, string key, string value, string source, int lineNumber, ICollection<string> problems)
    {
        var token = IwText.FirstToken(value);
        void Problem(string expected) =>
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{source}, line {lineNumber}: \"{key}\" value \"{value}\" is not {expected}"));

        ulong? U()
        {
            if (IwText.TryULong(token, out var v))
            {
                return v;
            }

            Problem("an unsigned integer");
            return null;
        }

        long? L() => U() is { } v ? (long)Math.Min(v, long.MaxValue) : null;

        int? Dbm()
        {
            if (IwText.TryInt(token, out var v))
            {
                return v;
            }

            Problem("a signal in dBm");
            return null;
        }

        bool? YesNo()
        {
            switch (value)
            {
                case "yes":
                    return true;
                case "no":
                    return false;
                default:
                    Problem("yes or no");
                    return null;
            }
        }

        double? Rate()
        {
            // parse_bitrate: "%d.%d MBit/s" then MCS details, or "(unknown)" when the driver gave no rate.
            if (value.StartsWith("(unknown)", StringComparison.Ordinal))
            {
                return null;
            }

            var rest = value[token.Length..].TrimStart();
            if (IwText.TryDouble(token, out var v) && rest.StartsWith("MBit/s", StringComparison.Ordinal))
            {
                return v;
            }

            Problem("a rate in MBit/s");
            return null;
        }

        switch (key)
        {
            case "inactive time":
                s.InactiveMs = L();
                break;
            case "rx bytes":
                s.RxBytes = U();
                break;
            case "tx bytes":
                s.TxBytes = U();
                break;
            case "rx packets":
                s.RxPackets = U();
                break;
            case "tx packets":
                s.TxPackets = U();
                break;
            case "tx retries":
                s.TxRetries = U();
                break;
            case "tx failed":
                s.TxFailed = U();
                break;
            case "signal":
                s.SignalDbm = Dbm();
                break;
            case "signal avg":
                s.SignalAvgDbm = Dbm();
                break;
            case "tx bitrate":
                s.TxBitrateMbps = Rate();
                break;
            case "rx bitrate":
                s.RxBitrateMbps = Rate();
                break;
            case "authorized":
                s.Authorized = YesNo();
                break;
            case "authenticated":
                s.Authenticated = YesNo();
                break;
            case "associated":
                s.Associated = YesNo();
                break;
            case "connected time":
                s.ConnectedSeconds = L();
                break;
            default:
                // Everything else iw prints (mesh, TID and BSS parameters, durations, airtime…) is not reported.
                break;
        }
    }
}
