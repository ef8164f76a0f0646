using Alpi.HotspotController.Devices;

namespace Alpi.HotspotController.Authentication;

/// <summary>The outcome of authenticating an Access-Request: accepted for an account (and device), or rejected with a reason.</summary>
public sealed record AccessDecision
{
    /// <summary>True for Access-Accept.</summary>
    public bool Accepted { get; init; }

    /// <summary>How the request authenticated or tried to.</summary>
    public AuthenticationMethod Method { get; init; }

    /// <summary>Why it was rejected; null when accepted.</summary>
    public AccessRejectReason? RejectReason { get; init; }

    /// <summary>The account's identifier (the login's, or the device owner's), or null.</summary>
    public long? AccountId { get; init; }

    /// <summary>The account's login, or null.</summary>
    public string? Login { get; init; }

    /// <summary>The device: the MAC of a MAC authentication, else the Calling-Station-Id MAC, or null.</summary>
    public MacAddress? Mac { get; init; }

    /// <summary>True when a portal logon token (not the account password) was used; the device was then registered.</summary>
    public bool UsedLogonToken { get; init; }

    /// <summary>An accept.</summary>
    public static AccessDecision Accept(AuthenticationMethod method, long accountId, string login, MacAddress? mac, bool usedLogonToken = false) =>
        new() { Accepted = true, Method = method, AccountId = accountId, Login = login, Mac = mac, UsedLogonToken = usedLogonToken };

    /// <summary>A reject.</summary>
    public static AccessDecision Reject(AuthenticationMethod method, AccessRejectReason reason, MacAddress? mac = null, string? login = null) =>
        new() { Accepted = false, Method = method, RejectReason = reason, Mac = mac, Login = login };
}
