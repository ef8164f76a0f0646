using System.Globalization;
using System.Net;
using Alpi.HotspotController.Devices;
using Alpi.Protocols.Json;

namespace Alpi.HotspotController.LegalLog;

/// <summary>
/// Which sessions of the connection log to return: those that overlap [<see cref="From"/>, <see cref="To"/>] (started
/// at or before <c>To</c>, and stopped at or after <c>From</c>, or never stopped and last accounted at or after
/// <c>From</c> minus <see cref="ConnectionLogQuery.OpenSessionGrace"/>), with every other criterion given.
/// A requisition asking who used an address at one instant gives the same instant as both bounds.
/// </summary>
public sealed record ConnectionLogCriteria
{
    /// <summary>Start of the period (inclusive), or null for no lower bound.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>End of the period (inclusive), or null for no upper bound.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>The device's IP address (Framed-IP-Address) in canonical text form, or null.</summary>
    public string? Ip { get; init; }

    /// <summary>The device's MAC in canonical form (<see cref="MacAddress"/>), or null.</summary>
    public string? Mac { get; init; }

    /// <summary>The account: matches the account login or the User-Name in any case or spelling (<see cref="Accounts.AccountLogins.Canonical"/>); or null.</summary>
    public string? Account { get; init; }

    /// <summary>
    /// Every spelling of <see cref="Account"/>'s login the log holds, found by
    /// <see cref="ConnectionLogQuery.WithAccountSpellingsAsync"/> before a query; null until then (the typed account and
    /// its canonical form are compared). Not part of what a person asks: never audited.
    /// </summary>
    internal IReadOnlyList<string>? AccountSpellings { get; init; }

    /// <summary>The NAS client's name, or null.</summary>
    public string? Nas { get; init; }

    /// <summary>Only sessions not yet stopped.</summary>
    public bool OpenOnly { get; init; }

    /// <summary>
    /// Reads criteria typed by a person (API query string or CLI options): ISO-8601 times (<c>2026-11-29T14:00:00Z</c>,
    /// a date alone meaning its midnight; no offset means UTC), an IPv4 or IPv6 address (dotted-decimal IPv4 only: the
    /// shorthands inet_aton reads as another address are refused as <see cref="Alpi.HotspotController.Nas.NasAddressSpelling"/> refuses them), a MAC in any usual spelling.
    /// </summary>
    /// <param name="from">Start of the period, or null/empty.</param>
    /// <param name="to">End of the period, or null/empty.</param>
    /// <param name="ip">IP address, or null/empty.</param>
    /// <param name="mac">MAC address, or null/empty.</param>
    /// <param name="account">Account login or User-Name, or null/empty.</param>
    /// <param name="nas">NAS name, or null/empty.</param>
    /// <param name="criteria">The criteria when valid.</param>
    /// <param name="error">Otherwise what is wrong, naming the parameter, e.g. <c>from: "x" is not an ISO-8601 time such as 2026-11-29T14:00:00Z</c>.</param>
    /// <returns>Whether every value was readable and <c>from</c> is not after <c>to</c>.</returns>
    public static bool TryParse(string? from, string? to, string? ip, string? mac, string? account, string? nas,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConnectionLogCriteria? criteria,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        var read = TryRead(from, to, ip, mac, account, nas, out criteria, out var refusal);
        error = refusal?.Sentence;
        return read;
    }

    /// <summary>
    /// Reads the criteria as <see cref="TryParse"/> does, the refusal with its code and values
    /// (<see cref="RefusalCodes.WifiSearchTime"/>, <see cref="RefusalCodes.WifiSearchRange"/>, <see cref="RefusalCodes.WifiSearchIp"/>,
    /// <see cref="RefusalCodes.WifiSearchMac"/>, or a <c>nas.address.…</c> code of <see cref="Alpi.HotspotController.Nas.NasAddressSpelling"/> for an
    /// address spelt so that inet_aton reads another one), for the collector's dashboard.
    /// </summary>
    /// <param name="from">Start of the period, or null/empty.</param>
    /// <param name="to">End of the period, or null/empty.</param>
    /// <param name="ip">IP address, or null/empty.</param>
    /// <param name="mac">MAC address, or null/empty.</param>
    /// <param name="account">Account login or User-Name, or null/empty.</param>
    /// <param name="nas">NAS name, or null/empty.</param>
    /// <param name="criteria">The criteria when valid.</param>
    /// <param name="error">Otherwise what is wrong: its sentence is <see cref="TryParse"/>'s, naming the parameter.</param>
    /// <returns>Whether every value was readable and <c>from</c> is not after <c>to</c>.</returns>
    public static bool TryRead(string? from, string? to, string? ip, string? mac, string? account, string? nas,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConnectionLogCriteria? criteria,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out Refusal? error)
    {
        criteria = null;
        DateTimeOffset? fromTime = null;
        DateTimeOffset? toTime = null;
        if (!TryParseTime("from", from, ref fromTime, out error) || !TryParseTime("to", to, ref toTime, out error))
        {
            return false;
        }

        if (fromTime > toTime)
        {
            error = Refusal.Of(RefusalCodes.WifiSearchRange, $"from: {fromTime:O} is after to ({toTime:O})",
                ("from", fromTime.Value.ToString("O", CultureInfo.InvariantCulture)), ("to", toTime!.Value.ToString("O", CultureInfo.InvariantCulture)));
            return false;
        }

        string? ipText = null;
        if (!string.IsNullOrWhiteSpace(ip))
        {
            // A shorthand inet_aton reads as another address (010.0.0.1 as 8.0.0.1, 10.2 as 10.0.0.2) would search for
            // that other address and find nobody: refused as the NAS administration refuses it, saying what it reads.
            if (Alpi.HotspotController.Nas.NasAddressSpelling.Refusal(ip.Trim()) is { } spelling)
            {
                error = spelling.Prefixed("ip: ");
                return false;
            }

            if (!IPAddress.TryParse(ip.Trim(), out var address))
            {
                error = Refusal.Of(RefusalCodes.WifiSearchIp, $"ip: \"{ip}\" is not an IPv4 or IPv6 address", ("value", ip));
                return false;
            }

            ipText = (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
        }

        string? macText = null;
        if (!string.IsNullOrWhiteSpace(mac))
        {
            if (!MacAddress.TryParse(mac, out var parsed))
            {
                error = Refusal.Of(RefusalCodes.WifiSearchMac, $"mac: \"{mac}\" is not a MAC address such as AA-BB-CC-DD-EE-FF", ("value", mac));
                return false;
            }

            macText = parsed.Value.Value;
        }

        criteria = new ConnectionLogCriteria
        {
            From = fromTime,
            To = toTime,
            Ip = ipText,
            Mac = macText,
            Account = string.IsNullOrWhiteSpace(account) ? null : account.Trim(),
            Nas = string.IsNullOrWhiteSpace(nas) ? null : nas.Trim(),
        };
        error = null;
        return true;
    }

    /// <summary>The criteria for the audit log, in a fixed order; times as ISO-8601 UTC, absent ones omitted.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToAuditDetails()
    {
        if (From is { } from)
        {
            yield return new("from", from.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        }

        if (To is { } to)
        {
            yield return new("to", to.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        }

        if (Ip is not null)
        {
            yield return new("ip", Ip);
        }

        if (Mac is not null)
        {
            yield return new("mac", Mac);
        }

        if (Account is not null)
        {
            yield return new("user", Account);
        }

        if (Nas is not null)
        {
            yield return new("nas", Nas);
        }
    }

    private static bool TryParseTime(string name, string? text, ref DateTimeOffset? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out Refusal? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            error = Refusal.Of(RefusalCodes.WifiSearchTime, $"{name}: \"{text}\" is not an ISO-8601 time such as 2026-11-29T14:00:00Z", ("parameter", name), ("value", text));
            return false;
        }

        value = parsed;
        return true;
    }
}
