namespace Alpi.HotspotController.Sessions;

/// <summary>
/// One Wi-Fi session as accounted by its NAS (RFC 2866), keyed by NAS name and Acct-Session-Id; also the legal
/// connection log record (CPCE R10-13: who, which device and address, where, when, how much — never what).
/// </summary>
public sealed record HotspotSession
{
    /// <summary>Name of the NAS client that accounted it.</summary>
    public required string Nas { get; init; }

    /// <summary>Acct-Session-Id (RFC 2866 §5.5).</summary>
    public required string AcctSessionId { get; init; }

    /// <summary>User-Name as the NAS sent it (a login or a MAC), or null.</summary>
    public string? UserName { get; init; }

    /// <summary>The account's login when the user or the device is known, or null.</summary>
    public string? AccountLogin { get; init; }

    /// <summary>The device MAC (from Calling-Station-Id) in canonical form, or null.</summary>
    public string? Mac { get; init; }

    /// <summary>Framed-IP-Address given to the device, or null.</summary>
    public string? FramedIp { get; init; }

    /// <summary>Called-Station-Id (BSSID:SSID) as sent, or null.</summary>
    public string? CalledStationId { get; init; }

    /// <summary>NAS-IP-Address, or the source address, or null.</summary>
    public string? NasIp { get; init; }

    /// <summary>
    /// NAS-Identifier (RFC 2865 §5.32) the terminal reported, or null: the <c>nasid</c> of CoovaChilli's portal URLs,
    /// which need not be <see cref="Nas"/>, the name the controller knows the NAS client by.
    /// </summary>
    public string? NasIdentifier { get; init; }

    /// <summary>Start, Unix milliseconds (for a session first seen by an Interim-Update or Stop: now minus Acct-Session-Time).</summary>
    public long StartedUnixMs { get; init; }

    /// <summary>Last accounting message, Unix milliseconds.</summary>
    public long UpdatedUnixMs { get; init; }

    /// <summary>Stop, Unix milliseconds, or null while open.</summary>
    public long? StoppedUnixMs { get; init; }

    /// <summary>Octets received from the device (Acct-Input-Octets with Acct-Input-Gigawords, RFC 2869 §5.1).</summary>
    public long InputOctets { get; init; }

    /// <summary>Octets sent to the device (Acct-Output-Octets with Acct-Output-Gigawords).</summary>
    public long OutputOctets { get; init; }

    /// <summary>Acct-Terminate-Cause name (RFC 2866 §5.10), or null.</summary>
    public string? TerminateCause { get; init; }
}
