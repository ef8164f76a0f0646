using Alpi.Agent.Collectors.Commands;
using Alpi.Agent.Collectors.HostFiles;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Collectors.Wireless;

/// <summary>
/// Wi-Fi figures of a Linux terminal, per radio interface and SSID, from <c>/proc/net/wireless</c> and the output of
/// <c>iw dev</c>, <c>iw dev IF station dump</c> and <c>iw dev IF survey dump</c> (see <see cref="WirelessOptions"/>):
/// <list type="bullet">
/// <item><c>wireless,interface=IF</c> — Telegraf's <c>wireless</c> input names, from <c>/proc/net/wireless</c> (managed
/// interfaces only): integer <c>status</c>, <c>link</c>, <c>level</c> (dBm), <c>noise</c> (dBm), <c>nwid</c>,
/// <c>crypt</c>, <c>frag</c>, <c>retry</c>, <c>misc</c>, <c>missed_beacon</c>; unlike Telegraf, a quality figure the
/// driver did not mark updated (cfg80211's noise of -256) is left out.</item>
/// <item><c>wifi,interface=IF,type=AP,ssid=S,band=5GHz</c> — <c>channel</c>, <c>frequency_mhz</c>,
/// <c>channel_width_mhz</c> (i), <c>txpower_dbm</c> (float) from <c>iw dev</c>; for access points (types <c>AP</c>,
/// <c>P2P-GO</c>, <c>mesh point</c>, <c>IBSS</c>) <c>clients</c> (associated stations, i, the name <c>snmp_wifi</c>
/// uses), <c>clients_authorized</c> (i), <c>signal_min_dbm</c>, <c>signal_max_dbm</c> (i), <c>signal_avg_dbm</c>,
/// <c>tx_bitrate_min_mbps</c>, <c>tx_bitrate_avg_mbps</c>, <c>rx_bitrate_avg_mbps</c> (float) over the stations that
/// report them (a station's signal is its <c>signal avg</c> when given, else its last <c>signal</c>); for a managed
/// interface the link to its AP: <c>signal_dbm</c> (i), <c>tx_bitrate_mbps</c>, <c>rx_bitrate_mbps</c> (float); from
/// the survey of the channel in use: <c>noise_dbm</c> (i), cumulative <c>channel_active_ms</c>,
/// <c>channel_busy_ms</c>, <c>channel_rx_ms</c>, <c>channel_tx_ms</c> (u) and, from the second collection on, the
/// share of the radio's on-channel time since the previous one <c>channel_busy_percent</c>,
/// <c>channel_rx_percent</c>, <c>channel_tx_percent</c> (float, 0–100).</item>
/// <item><c>wifi_station,interface=IF,ssid=S,station=MAC</c> — only with <see cref="WirelessOptions.PerStation"/>:
/// <c>signal_dbm</c>, <c>signal_avg_dbm</c>, <c>inactive_ms</c>, <c>connected_time_s</c> (i), <c>tx_bitrate_mbps</c>,
/// <c>rx_bitrate_mbps</c> (float), <c>rx_bytes</c>, <c>tx_bytes</c>, <c>rx_packets</c>, <c>tx_packets</c>,
/// <c>tx_retries</c>, <c>tx_failed</c> (u), <c>authorized</c> (bool).</item>
/// <item><c>wifi_collector</c> — the collector's own state: <c>iw_available</c> (bool), <c>interfaces</c> (i, reported),
/// and since start <c>command_failures</c>, <c>command_timeouts</c>, <c>parse_errors</c> (i).</item>
/// </list>
/// </summary>
/// <remarks>
/// Monitor, AP/VLAN and P2P-device interfaces are left out. The survey is run once per radio (<c>phy#N</c>) and shared
/// by its interfaces; the channel in use is the <c>[in use]</c> entry, or when the driver marks none the entry at the
/// interface's frequency. The busy share compares two collections; a counter that went back (driver reset) is taken as
/// counting from zero. When <c>iw</c> is missing the collector logs it once, publishes
/// <c>wifi_collector iw_available=false</c> and still reads <c>/proc/net/wireless</c>; a failing <c>iw</c> command
/// (brcmfmac answers <c>survey dump</c> with "Operation not supported") is counted and logged once, and the figures it
/// would give are left out; after a command timed out, the rest of the collection runs no other (a hung nl80211 hangs
/// them all), so a collection lasts at most about one <see cref="WirelessOptions.CommandTimeout"/> more. Unreadable lines are counted and reported together at the end of the collection (an
/// <see cref="InvalidDataException"/> the agent logs), after every readable figure was added.
/// </remarks>
internal sealed partial class WirelessCollector : IMetricCollector
{
    private static readonly HashSet<string> AccessPointTypes = new(["AP", "P2P-GO", "mesh point", "IBSS"], StringComparer.Ordinal);
    private static readonly HashSet<string> LeftOutTypes = new(["monitor", "AP/VLAN", "P2P-device"], StringComparer.Ordinal);

    private readonly IHostFileSystem _files;
    private readonly ICommandRunner _commands;
    private readonly WirelessOptions _options;
    private readonly ILogger<WirelessCollector> _logger;
    private readonly Dictionary<string, IwSurveyEntry> _previousSurvey = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loggedFailures = new(StringComparer.Ordinal);
    private bool _iwMissingLogged;
    private bool _timedOutThisRound;
    private long _commandFailures;
    private long _commandTimeouts;
    private long _parseErrors;

    /// <summary>Reads sysfs and procfs through <paramref name="files"/> and runs <c>iw</c> through <paramref name="commands"/>.</summary>
    public WirelessCollector(IHostFileSystem files, ICommandRunner commands, IOptions<WirelessOptions> options, ILogger<WirelessCollector> logger)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _files = files;
        _commands = commands;
        _options = options.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name => "wireless";

    /// <inheritdoc />
    public async ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (_options.Enabled == false)
        {
            return;
        }

        var problems = new List<string>();
        var procEntries = ReadProcNetWireless(problems);
        if (_options.Enabled is null && procEntries.Count == 0 && WirelessInterfaces.Detect(_files).Count == 0)
        {
            return;
        }

        foreach (var entry in procEntries)
        {
            sink.Add(ToPoint(entry));
        }

        var reported = 0;
        _timedOutThisRound = false;
        var iwAvailable = LocateIw();
        if (iwAvailable)
        {
            reported = await CollectIwAsync(sink, problems, cancellationToken);
        }

        sink.Add(new LinePoint("wifi_collector", [],
        [
            new("iw_available", FieldValue.Boolean(iwAvailable)),
            new("interfaces", FieldValue.Integer(reported)),
            new("command_failures", FieldValue.Integer(_commandFailures)),
            new("command_timeouts", FieldValue.Integer(_commandTimeouts)),
            new("parse_errors", FieldValue.Integer(_parseErrors)),
        ], null));

        if (problems.Count > 0)
        {
            throw new InvalidDataException(string.Join(" ", problems));
        }
    }

    private List<ProcNetWirelessEntry> ReadProcNetWireless(List<string> problems)
    {
        if (!_files.Exists(ProcNetWireless.Path))
        {
            return [];
        }

        try
        {
            return ProcNetWireless.Parse(_files.ReadAllText(ProcNetWireless.Path), _files.GetFullPath(ProcNetWireless.Path));
        }
        catch (InvalidDataException e)
        {
            _parseErrors++;
            problems.Add(e.Message);
            return [];
        }
    }

    private bool LocateIw()
    {
        var path = _commands.Locate(_options.IwCommand);
        if (path is null)
        {
            if (!_iwMissingLogged)
            {
                _iwMissingLogged = true;
                Log.IwMissing(_logger, _options.IwCommand);
            }

            return false;
        }

        if (_iwMissingLogged)
        {
            _iwMissingLogged = false;
            Log.IwFound(_logger, _options.IwCommand, path);
        }

        return true;
    }

    private async Task<int> CollectIwAsync(IMetricSink sink, List<string> problems, CancellationToken cancellationToken)
    {
        var devText = await RunAsync(["dev"], cancellationToken);
        if (devText is null)
        {
            return 0;
        }

        var parseProblems = new List<string>();
        var interfaces = IwDevParser.Parse(devText, $"{_options.IwCommand} dev", parseProblems)
            .Where(i => i.Type is null || !LeftOutTypes.Contains(i.Type))
            .ToList();
        var surveys = new Dictionary<string, SurveyFigures?>(StringComparer.Ordinal);
        foreach (var radio in interfaces)
        {
            var stations = await RunParsedAsync(["dev", radio.Name, "station", "dump"], IwStationDumpParser.Parse, parseProblems, cancellationToken);
            var radioKey = radio.Phy is { } phy ? $"phy{phy}" : radio.Name;
            if (!surveys.TryGetValue(radioKey, out var survey))
            {
                var entries = await RunParsedAsync(["dev", radio.Name, "survey", "dump"], IwSurveyDumpParser.Parse, parseProblems, cancellationToken);
                survey = entries is null ? null : Survey(radioKey, radio, entries);
                surveys[radioKey] = survey;
            }

            var point = ToPoint(radio, stations, survey);
            if (point is not null)
            {
                sink.Add(point);
            }

            if (_options.PerStation && stations is not null)
            {
                foreach (var station in stations)
                {
                    sink.Add(ToStationPoint(radio, station));
                }
            }
        }

        _parseErrors += parseProblems.Count;
        problems.AddRange(parseProblems);
        return interfaces.Count;
    }

    private async Task<List<T>?> RunParsedAsync<T>(
        string[] arguments, Func<string, string, ICollection<string>, List<T>> parse, List<string> problems, CancellationToken cancellationToken)
    {
        var text = await RunAsync(arguments, cancellationToken);
        return text is null ? null : parse(text, $"{_options.IwCommand} {string.Join(' ', arguments)}", problems);
    }

    private async Task<string?> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        if (_timedOutThisRound)
        {
            // iw hangs when nl80211 does: after one time-out the round runs no more commands, so that it stays short.
            return null;
        }

        var result = await _commands.RunAsync(_options.IwCommand, arguments, _options.CommandTimeout, cancellationToken);
        if (result.Succeeded)
        {
            return result.StandardOutput;
        }

        var command = $"{_options.IwCommand} {string.Join(' ', arguments)}";
        if (result.Outcome == CommandOutcome.TimedOut)
        {
            _commandTimeouts++;
            _timedOutThisRound = true;
            Log.CommandTimedOut(_logger, command, _options.CommandTimeout);
        }
        else
        {
            _commandFailures++;
            var reason = result.Describe();
            if (_loggedFailures.Add(command + "\n" + reason))
            {
                Log.CommandFailed(_logger, command, reason);
            }
        }

        return null;
    }

    private SurveyFigures? Survey(string radioKey, IwInterface radio, List<IwSurveyEntry> entries)
    {
        var entry = entries.FirstOrDefault(e => e.InUse)
            ?? (radio.FrequencyMhz is { } f ? entries.FirstOrDefault(e => e.FrequencyMhz == f) : null);
        if (entry is null)
        {
            return null;
        }

        _previousSurvey.TryGetValue(radioKey, out var previous);
        _previousSurvey[radioKey] = entry;
        if (previous is null || previous.FrequencyMhz != entry.FrequencyMhz || entry.ActiveMs is not { } active || previous.ActiveMs is not { } before)
        {
            return new SurveyFigures(entry, null, null, null);
        }

        // A counter that went back was reset by the driver: the figures since then are the current values.
        var reset = active < before || entry.BusyMs < previous.BusyMs || entry.ReceiveMs < previous.ReceiveMs || entry.TransmitMs < previous.TransmitMs;
        var elapsed = reset ? active : active - before;
        double? Share(ulong? now, ulong? then)
        {
            if (elapsed == 0 || now is not { } n || (!reset && then is null))
            {
                return null;
            }

            var delta = reset ? n : n - then!.Value;
            return Math.Clamp(100.0 * delta / elapsed, 0, 100);
        }

        return new SurveyFigures(entry, Share(entry.BusyMs, previous.BusyMs), Share(entry.ReceiveMs, previous.ReceiveMs), Share(entry.TransmitMs, previous.TransmitMs));
    }

    private static LinePoint ToPoint(ProcNetWirelessEntry e)
    {
        var fields = new List<KeyValuePair<string, FieldValue>> { new("status", FieldValue.Integer(e.Status)) };
        AddInteger(fields, "link", e.Link);
        AddInteger(fields, "level", e.Level);
        AddInteger(fields, "noise", e.Noise);
        fields.Add(new("nwid", FieldValue.Integer(e.Nwid)));
        fields.Add(new("crypt", FieldValue.Integer(e.Crypt)));
        fields.Add(new("frag", FieldValue.Integer(e.Frag)));
        fields.Add(new("retry", FieldValue.Integer(e.Retry)));
        fields.Add(new("misc", FieldValue.Integer(e.Misc)));
        fields.Add(new("missed_beacon", FieldValue.Integer(e.MissedBeacon)));
        return new LinePoint("wireless", [new("interface", e.Interface)], fields, null);
    }

    private static LinePoint? ToPoint(IwInterface radio, List<IwStation>? stations, SurveyFigures? survey)
    {
        var fields = new List<KeyValuePair<string, FieldValue>>();
        AddInteger(fields, "channel", radio.Channel);
        AddInteger(fields, "frequency_mhz", radio.FrequencyMhz);
        AddInteger(fields, "channel_width_mhz", radio.ChannelWidthMhz);
        AddFloat(fields, "txpower_dbm", radio.TxPowerDbm);
        if (stations is not null)
        {
            if (radio.Type is not null && AccessPointTypes.Contains(radio.Type))
            {
                AddClients(fields, stations);
            }
            else if (stations.Count > 0)
            {
                var link = stations[0];
                AddInteger(fields, "signal_dbm", link.Signal);
                AddFloat(fields, "tx_bitrate_mbps", link.TxBitrateMbps);
                AddFloat(fields, "rx_bitrate_mbps", link.RxBitrateMbps);
            }
        }

        if (survey is { } s)
        {
            AddInteger(fields, "noise_dbm", s.Entry.NoiseDbm);
            AddUnsigned(fields, "channel_active_ms", s.Entry.ActiveMs);
            AddUnsigned(fields, "channel_busy_ms", s.Entry.BusyMs);
            AddUnsigned(fields, "channel_rx_ms", s.Entry.ReceiveMs);
            AddUnsigned(fields, "channel_tx_ms", s.Entry.TransmitMs);
            AddFloat(fields, "channel_busy_percent", s.BusyPercent);
            AddFloat(fields, "channel_rx_percent", s.ReceivePercent);
            AddFloat(fields, "channel_tx_percent", s.TransmitPercent);
        }

        if (fields.Count == 0)
        {
            return null;
        }

        var tags = new List<KeyValuePair<string, string>> { new("interface", radio.Name) };
        AddTag(tags, "type", radio.Type);
        AddTag(tags, "ssid", radio.Ssid);
        AddTag(tags, "band", IwText.Band(radio.FrequencyMhz));
        return new LinePoint("wifi", tags, fields, null);
    }

    private static void AddClients(List<KeyValuePair<string, FieldValue>> fields, List<IwStation> stations)
    {
        var associated = stations.Where(s => s.Associated != false).ToList();
        fields.Add(new("clients", FieldValue.Integer(associated.Count)));
        if (associated.Count == 0 || associated.Any(s => s.Authorized is not null))
        {
            fields.Add(new("clients_authorized", FieldValue.Integer(associated.Count(s => s.Authorized == true))));
        }

        var signals = associated.Where(s => s.Signal is not null).Select(s => s.Signal!.Value).ToList();
        if (signals.Count > 0)
        {
            fields.Add(new("signal_min_dbm", FieldValue.Integer(signals.Min())));
            fields.Add(new("signal_avg_dbm", FieldValue.Float(signals.Average())));
            fields.Add(new("signal_max_dbm", FieldValue.Integer(signals.Max())));
        }

        var tx = associated.Where(s => s.TxBitrateMbps is not null).Select(s => s.TxBitrateMbps!.Value).ToList();
        if (tx.Count > 0)
        {
            fields.Add(new("tx_bitrate_min_mbps", FieldValue.Float(tx.Min())));
            fields.Add(new("tx_bitrate_avg_mbps", FieldValue.Float(tx.Average())));
        }

        var rx = associated.Where(s => s.RxBitrateMbps is not null).Select(s => s.RxBitrateMbps!.Value).ToList();
        if (rx.Count > 0)
        {
            fields.Add(new("rx_bitrate_avg_mbps", FieldValue.Float(rx.Average())));
        }
    }

    private static LinePoint ToStationPoint(IwInterface radio, IwStation s)
    {
        var fields = new List<KeyValuePair<string, FieldValue>>();
        AddInteger(fields, "signal_dbm", s.SignalDbm);
        AddInteger(fields, "signal_avg_dbm", s.SignalAvgDbm);
        AddFloat(fields, "tx_bitrate_mbps", s.TxBitrateMbps);
        AddFloat(fields, "rx_bitrate_mbps", s.RxBitrateMbps);
        AddInteger(fields, "inactive_ms", s.InactiveMs);
        AddInteger(fields, "connected_time_s", s.ConnectedSeconds);
        AddUnsigned(fields, "rx_bytes", s.RxBytes);
        AddUnsigned(fields, "tx_bytes", s.TxBytes);
        AddUnsigned(fields, "rx_packets", s.RxPackets);
        AddUnsigned(fields, "tx_packets", s.TxPackets);
        AddUnsigned(fields, "tx_retries", s.TxRetries);
        AddUnsigned(fields, "tx_failed", s.TxFailed);
        if (s.Authorized is { } authorized)
        {
            fields.Add(new("authorized", FieldValue.Boolean(authorized)));
        }

        if (fields.Count == 0)
        {
            fields.Add(new("associated", FieldValue.Boolean(s.Associated != false)));
        }

        var tags = new List<KeyValuePair<string, string>> { new("interface", radio.Name) };
        AddTag(tags, "ssid", radio.Ssid);
        tags.Add(new("station", s.Mac));
        return new LinePoint("wifi_station", tags, fields, null);
    }

    private static void AddTag(List<KeyValuePair<string, string>> tags, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            tags.Add(new(key, value));
        }
    }

    private static void AddInteger(List<KeyValuePair<string, FieldValue>> fields, string key, long? value)
    {
        if (value is { } v)
        {
            fields.Add(new(key, FieldValue.Integer(v)));
        }
    }

    private static void AddUnsigned(List<KeyValuePair<string, FieldValue>> fields, string key, ulong? value)
    {
        if (value is { } v)
        {
            fields.Add(new(key, FieldValue.UInteger(v)));
        }
    }

    private static void AddFloat(List<KeyValuePair<string, FieldValue>> fields, string key, double? value)
    {
        if (value is { } v)
        {
            fields.Add(new(key, FieldValue.Float(v)));
        }
    }

    /// <summary>The survey entry of the channel in use and the shares computed against the previous collection.</summary>
    private readonly record struct SurveyFigures(IwSurveyEntry Entry, double? BusyPercent, double? ReceivePercent, double? TransmitPercent);
}
