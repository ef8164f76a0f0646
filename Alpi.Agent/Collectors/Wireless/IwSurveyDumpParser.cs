using System.Globalization;

namespace Alpi.Agent.Collectors.Wireless;

/// <summary>
/// Parses the output of <c>iw dev IF survey dump</c> (iw <c>survey.c</c>, <c>print_survey_handler</c>):
/// <code>
/// Survey data from wlan0
/// 	frequency:			2437 MHz [in use]
/// 	noise:				-92 dBm
/// 	channel active time:		1623452 ms
/// 	channel busy time:		412345 ms
/// 	channel receive time:		301234 ms
/// 	channel transmit time:		50123 ms
/// </code>
/// One block per channel the radio has figures for (scans add the others); drivers leave out what they do not measure
/// (no noise, no times). Unknown keys are ignored; a known key whose value cannot be read is reported in
/// <c>problems</c> and left null.
/// </summary>
internal static class IwSurveyDumpParser
{
    private const string Header = "Survey data from ";

    /// <summary>Reads every channel block, in output order.</summary>
    /// <param name="text">The command's standard output.</param>
    /// <param name="source">The command as written in problem messages (<c>iw dev wlan0 survey dump</c>).</param>
    /// <param name="problems">Receives one message per unreadable value, naming the source and 1-based line.</param>
    public static List<IwSurveyEntry> Parse(string text, string source, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(problems);
        var result = new List<IwSurveyEntry>();
        IwSurveyEntry? entry = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.StartsWith(Header, StringComparison.Ordinal))
            {
                entry = new IwSurveyEntry { Interface = line[Header.Length..].Trim() };
                result.Add(entry);
                continue;
            }

            if (entry is null || !IwText.TrySplit(line, out var key, out var value))
            {
                continue;
            }

            var token = IwText.FirstToken(value);
            var lineNumber = i + 1;
            void Problem(string expected) =>
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{source}, line {lineNumber}: \"{key}\" value \"{value}\" is not {expected}"));

            ulong? Ms()
            {
                if (IwText.TryULong(token, out var v))
                {
                    return v;
                }

                Problem("milliseconds");
                return null;
            }

            switch (key)
            {
                case "frequency":
                    // "%u MHz", or "%u.%u MHz" for channels with a kHz offset (S1G); then " [in use]" on the operating channel.
                    if (IwText.TryDouble(token, out var mhz))
                    {
                        entry.FrequencyMhz = (int)Math.Round(mhz);
                    }
                    else
                    {
                        Problem("a frequency in MHz");
                    }

                    entry.InUse = value.Contains("[in use]", StringComparison.Ordinal);
                    break;
                case "noise":
                    if (IwText.TryInt(token, out var noise))
                    {
                        entry.NoiseDbm = noise;
                    }
                    else
                    {
                        Problem("a noise level in dBm");
                    }

                    break;
                case "channel active time":
                    entry.ActiveMs = Ms();
                    break;
                case "channel busy time":
                    entry.BusyMs = Ms();
                    break;
                case "extension channel busy time":
                    entry.ExtensionBusyMs = Ms();
                    break;
                case "channel receive time":
                    entry.ReceiveMs = Ms();
                    break;
                case "channel transmit time":
                    entry.TransmitMs = Ms();
                    break;
                default:
                    break;
            }
        }

        return result;
    }
}
