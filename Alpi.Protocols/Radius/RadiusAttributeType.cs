namespace Alpi.Protocols.Radius;

/// <summary>
/// Numbers of the attributes the codec and the server handle by name: RFC 2865 §5, RFC 2866 §5, RFC 2869 §5,
/// RFC 3579 §3. The full list with names and value types is <see cref="RadiusDictionary"/>.
/// </summary>
public static class RadiusAttributeType
{
    /// <summary>User-Name (RFC 2865 §5.1).</summary>
    public const byte UserName = 1;

    /// <summary>User-Password (RFC 2865 §5.2).</summary>
    public const byte UserPassword = 2;

    /// <summary>CHAP-Password (RFC 2865 §5.3).</summary>
    public const byte ChapPassword = 3;

    /// <summary>NAS-IP-Address (RFC 2865 §5.4).</summary>
    public const byte NasIpAddress = 4;

    /// <summary>NAS-Port (RFC 2865 §5.5).</summary>
    public const byte NasPort = 5;

    /// <summary>Service-Type (RFC 2865 §5.6).</summary>
    public const byte ServiceType = 6;

    /// <summary>Class (RFC 2865 §5.25).</summary>
    public const byte Class = 25;

    /// <summary>Vendor-Specific (RFC 2865 §5.26).</summary>
    public const byte VendorSpecific = 26;

    /// <summary>Session-Timeout (RFC 2865 §5.27).</summary>
    public const byte SessionTimeout = 27;

    /// <summary>Idle-Timeout (RFC 2865 §5.28).</summary>
    public const byte IdleTimeout = 28;

    /// <summary>Called-Station-Id (RFC 2865 §5.30).</summary>
    public const byte CalledStationId = 30;

    /// <summary>Calling-Station-Id (RFC 2865 §5.31).</summary>
    public const byte CallingStationId = 31;

    /// <summary>Proxy-State (RFC 2865 §5.33).</summary>
    public const byte ProxyState = 33;

    /// <summary>Acct-Status-Type (RFC 2866 §5.1).</summary>
    public const byte AcctStatusType = 40;

    /// <summary>Acct-Session-Id (RFC 2866 §5.5).</summary>
    public const byte AcctSessionId = 44;

    /// <summary>CHAP-Challenge (RFC 2865 §5.40).</summary>
    public const byte ChapChallenge = 60;

    /// <summary>EAP-Message (RFC 3579 §3.1).</summary>
    public const byte EapMessage = 79;

    /// <summary>Message-Authenticator (RFC 3579 §3.2).</summary>
    public const byte MessageAuthenticator = 80;

    /// <summary>Acct-Interim-Interval (RFC 2869 §5.16).</summary>
    public const byte AcctInterimInterval = 85;
}
