using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using Alpi.HotspotController.Authentication;
using Alpi.HotspotController.Devices;
using Alpi.Protocols.Radius;

namespace Alpi.HotspotController.Accounting;

/// <summary>
/// What an Accounting-Request (RFC 2866 §4.1) says, read leniently: a missing or malformed optional attribute is
/// null, never an error. Octet counts combine Acct-Input/Output-Octets with Acct-Input/Output-Gigawords (RFC 2869
/// §5.1, §5.2) into 64-bit values.
/// </summary>
public sealed record AccountingRecord
{
    /// <summary>Acct-Status-Type (RFC 2866 §5.1); any number, known values in <see cref="AccountingStatusType"/>.</summary>
    public required AccountingStatusType StatusType { get; init; }

    /// <summary>Acct-Session-Id (RFC 2866 §5.5), or null (Accounting-On/Off may omit it).</summary>
    public string? AcctSessionId { get; init; }

    /// <summary>User-Name (RFC 2865 §5.1), or null.</summary>
    public string? UserName { get; init; }

    /// <summary>The Calling-Station-Id (RFC 2865 §5.31) as a MAC, or null.</summary>
    public MacAddress? Mac { get; init; }

    /// <summary>Framed-IP-Address (RFC 2865 §5.8) in dotted form, or null.</summary>
    public string? FramedIp { get; init; }

    /// <summary>Called-Station-Id (RFC 2865 §5.30) as sent, or null.</summary>
    public string? CalledStationId { get; init; }

    /// <summary>NAS-IP-Address (RFC 2865 §5.4) in dotted form, or null.</summary>
    public string? NasIp { get; init; }

    /// <summary>NAS-Identifier (RFC 2865 §5.32) as sent, or null.</summary>
    public string? NasIdentifier { get; init; }

    /// <summary>Acct-Session-Time (RFC 2866 §5.7), or null.</summary>
    public TimeSpan? SessionTime { get; init; }

    /// <summary>Acct-Delay-Time (RFC 2866 §5.2): how long the NAS has been trying to send this; zero when absent.</summary>
    public TimeSpan DelayTime { get; init; }

    /// <summary>Octets from the device: Acct-Input-Gigawords × 2³² + Acct-Input-Octets, or null when absent.</summary>
    public long? InputOctets { get; init; }

    /// <summary>Octets to the device: Acct-Output-Gigawords × 2³² + Acct-Output-Octets, or null when absent.</summary>
    public long? OutputOctets { get; init; }

    /// <summary>Acct-Terminate-Cause (RFC 2866 §5.10) by name (<c>User-Request</c>, <c>Idle-Timeout</c>…), the number for unknown values, or null.</summary>
    public string? TerminateCause { get; init; }

    /// <summary>Our Class (RFC 2865 §5.25) echoed from the Access-Accept, or null.</summary>
    public SessionClass? Class { get; init; }

    /// <summary>Reads an Accounting-Request.</summary>
    /// <param name="request">The decoded, verified request.</param>
    /// <param name="record">The record.</param>
    /// <param name="problem">When false is returned, which required attribute is missing.</param>
    /// <returns>False when Acct-Status-Type is missing, or Acct-Session-Id is missing for Start, Interim-Update or Stop (RFC 2866 §5.1, §5.5).</returns>
    public static bool TryRead(RadiusPacket request, [NotNullWhen(true)] out AccountingRecord? record, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        record = null;
        if (request.Find(RadiusAttributeType.AcctStatusType) is not { } statusAttribute || !statusAttribute.TryGetUInt32(out var status))
        {
            problem = "no Acct-Status-Type (RFC 2866 §5.1)";
            return false;
        }

        var type = (AccountingStatusType)status;
        var sessionId = request.Find(RadiusAttributeType.AcctSessionId)?.GetString();
        if (string.IsNullOrEmpty(sessionId) && type is AccountingStatusType.Start or AccountingStatusType.InterimUpdate or AccountingStatusType.Stop)
        {
            problem = "no Acct-Session-Id (RFC 2866 §5.5)";
            return false;
        }

        record = new AccountingRecord
        {
            StatusType = type,
            AcctSessionId = sessionId,
            UserName = request.Find(RadiusAttributeType.UserName)?.GetString(),
            Mac = MacAddress.TryParse(request.Find(RadiusAttributeType.CallingStationId)?.GetString(), out var mac) ? mac : null,
            FramedIp = ReadIPv4(request, FramedIpAddress),
            CalledStationId = request.Find(RadiusAttributeType.CalledStationId)?.GetString(),
            NasIp = ReadIPv4(request, RadiusAttributeType.NasIpAddress),
            NasIdentifier = request.Find(NasIdentifierType)?.GetString(),
            SessionTime = ReadUInt32(request, AcctSessionTime) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            DelayTime = TimeSpan.FromSeconds(ReadUInt32(request, AcctDelayTime) ?? 0),
            InputOctets = Octets(ReadUInt32(request, AcctInputOctets), ReadUInt32(request, AcctInputGigawords)),
            OutputOctets = Octets(ReadUInt32(request, AcctOutputOctets), ReadUInt32(request, AcctOutputGigawords)),
            TerminateCause = ReadUInt32(request, AcctTerminateCause) is { } cause ? TerminateCauseName(cause) : null,
            Class = request.Find(RadiusAttributeType.Class) is { } c && SessionClass.TryParse(c.Value.Span, out var parsed) ? parsed : null,
        };
        problem = null;
        return true;
    }

    /// <summary>
    /// A 64-bit octet count from a 32-bit counter and its Gigawords, the number of times it wrapped (RFC 2869 §5.1,
    /// §5.2): gigawords × 2³² + octets. Null when neither is present; a missing part counts as zero. Gigawords of 2³¹
    /// or more (8 EiB, a broken counter) saturate at <see cref="long.MaxValue"/>.
    /// </summary>
    public static long? Octets(uint? octets, uint? gigawords) =>
        octets is null && gigawords is null ? null
        : gigawords >= 0x8000_0000u ? long.MaxValue
        : ((long)(gigawords ?? 0) << 32) + (octets ?? 0);

    /// <summary>The RFC 2866 §5.10 name of an Acct-Terminate-Cause value, or its number as text when unknown.</summary>
    public static string TerminateCauseName(uint value) => value switch
    {
        1 => "User-Request",
        2 => "Lost-Carrier",
        3 => "Lost-Service",
        4 => "Idle-Timeout",
        5 => "Session-Timeout",
        6 => "Admin-Reset",
        7 => "Admin-Reboot",
        8 => "Port-Error",
        9 => "NAS-Error",
        10 => "NAS-Request",
        11 => "NAS-Reboot",
        12 => "Port-Unneeded",
        13 => "Port-Preempted",
        14 => "Port-Suspended",
        15 => "Service-Unavailable",
        16 => "Callback",
        17 => "User-Error",
        18 => "Host-Request",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    // Attribute numbers without a constant in RadiusAttributeType (RFC 2865 §5.8, RFC 2866 §5.2–§5.10, RFC 2869 §5.1–§5.2).
    private const byte FramedIpAddress = 8;
    private const byte NasIdentifierType = 32;
    private const byte AcctDelayTime = 41;
    private const byte AcctInputOctets = 42;
    private const byte AcctOutputOctets = 43;
    private const byte AcctSessionTime = 46;
    private const byte AcctTerminateCause = 49;
    private const byte AcctInputGigawords = 52;
    private const byte AcctOutputGigawords = 53;

    private static uint? ReadUInt32(RadiusPacket request, byte type) =>
        request.Find(type) is { } attribute && attribute.TryGetUInt32(out var value) ? value : null;

    private static string? ReadIPv4(RadiusPacket request, byte type) =>
        request.Find(type) is { Value.Length: 4 } attribute ? new IPAddress(attribute.Value.Span).ToString() : null;
}
