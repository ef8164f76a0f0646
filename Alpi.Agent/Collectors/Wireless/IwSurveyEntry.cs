namespace Alpi.Agent.Collectors.Wireless;

/// <summary>
/// One channel of <c>iw dev IF survey dump</c> (iw <c>survey.c</c>, <c>print_survey_handler</c>; nl80211
/// <c>NL80211_SURVEY_INFO_*</c>). The radio's counters are cumulative milliseconds on most drivers (mac80211); a value
/// the driver does not report is null.
/// </summary>
internal sealed class IwSurveyEntry
{
    /// <summary>The interface named in <c>Survey data from wlan0</c>.</summary>
    public required string Interface { get; init; }

    /// <summary><c>frequency</c> in MHz.</summary>
    public int? FrequencyMhz { get; set; }

    /// <summary>True when iw marked the channel <c>[in use]</c> (the radio's operating channel).</summary>
    public bool InUse { get; set; }

    /// <summary><c>noise</c>: the noise floor in dBm.</summary>
    public int? NoiseDbm { get; set; }

    /// <summary><c>channel active time</c>: milliseconds the radio spent on the channel.</summary>
    public ulong? ActiveMs { get; set; }

    /// <summary><c>channel busy time</c>: milliseconds the channel was sensed busy.</summary>
    public ulong? BusyMs { get; set; }

    /// <summary><c>extension channel busy time</c> (HT40 secondary channel).</summary>
    public ulong? ExtensionBusyMs { get; set; }

    /// <summary><c>channel receive time</c>.</summary>
    public ulong? ReceiveMs { get; set; }

    /// <summary><c>channel transmit time</c>.</summary>
    public ulong? TransmitMs { get; set; }
}
