namespace Alpi.HotspotController.Authentication;

/// <summary>How an Access-Request authenticated (or tried to).</summary>
public enum AuthenticationMethod
{
    /// <summary>No usable credentials (e.g. EAP, which the controller does not serve).</summary>
    None,

    /// <summary>An account's login with User-Password (RFC 2865 §5.2): its password or a portal logon token.</summary>
    Pap,

    /// <summary>An account's login with CHAP-Password (RFC 2865 §5.3) computed from a portal logon token.</summary>
    Chap,

    /// <summary>A device's MAC address as User-Name (MAC authentication), recognised from its registration.</summary>
    Mac,
}
