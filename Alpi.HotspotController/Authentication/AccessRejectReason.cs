namespace Alpi.HotspotController.Authentication;

/// <summary>Why an Access-Request was rejected; <see cref="AccessRejectReasons.ToReplyMessage"/> gives the Reply-Message (RFC 2865 §5.18).</summary>
public enum AccessRejectReason
{
    /// <summary>Unknown login, wrong password or no valid logon token (one reason for all, so logins cannot be probed).</summary>
    WrongCredentials,

    /// <summary>The account is blocked by an administrator.</summary>
    AccountBlocked,

    /// <summary>The device (Calling-Station-Id or MAC User-Name) is blocked by an administrator.</summary>
    DeviceBlocked,

    /// <summary>MAC authentication of a device that is not registered: the terminal shows the portal.</summary>
    UnknownDevice,

    /// <summary>MAC authentication of a device whose registration expired: the terminal shows the portal.</summary>
    DeviceExpired,

    /// <summary>MAC authentication with a password that is not the terminal's MAC password.</summary>
    WrongMacPassword,

    /// <summary>No User-Name, or no User-Password or CHAP-Password for an account.</summary>
    MissingCredentials,

    /// <summary>A method the controller does not serve (EAP-Message, RFC 3579).</summary>
    UnsupportedMethod,

    /// <summary>A User-Password whose length is not a multiple of 16 or above 128 octets (RFC 2865 §5.2).</summary>
    MalformedPassword,

    /// <summary>
    /// A logon token issued by the portal for one device, presented with another Calling-Station-Id (or none): a token
    /// copied to another device would otherwise log it on and register it to the account.
    /// </summary>
    TokenForAnotherDevice,

    /// <summary>
    /// MAC authentication whose User-Name MAC is not the Calling-Station-Id's MAC (RFC 2865 §5.31): the request claims a
    /// device that is not the one calling (<see cref="MacAuthentication.IsCallingStation"/>).
    /// </summary>
    MacForAnotherDevice,
}

/// <summary>The Reply-Message texts of <see cref="AccessRejectReason"/>.</summary>
public static class AccessRejectReasons
{
    /// <summary>A short English text for the Reply-Message (CoovaChilli passes it to the portal as <c>reply</c>); never names a secret.</summary>
    public static string ToReplyMessage(this AccessRejectReason reason) => reason switch
    {
        AccessRejectReason.WrongCredentials => "Wrong login or password",
        AccessRejectReason.AccountBlocked => "Account blocked",
        AccessRejectReason.DeviceBlocked => "Device blocked",
        AccessRejectReason.UnknownDevice => "Device not registered",
        AccessRejectReason.DeviceExpired => "Device registration expired",
        AccessRejectReason.WrongMacPassword => "Wrong MAC authentication password",
        AccessRejectReason.MissingCredentials => "No login or password given",
        AccessRejectReason.UnsupportedMethod => "Authentication method not supported",
        AccessRejectReason.MalformedPassword => "Malformed password",
        AccessRejectReason.TokenForAnotherDevice => "Logon token issued for another device",
        AccessRejectReason.MacForAnotherDevice => "MAC authentication for another device",
        _ => "Rejected",
    };

    /// <summary>The snake_case name, for logs and metrics (e.g. <c>unknown_device</c>).</summary>
    public static string ToName(this AccessRejectReason reason) => reason switch
    {
        AccessRejectReason.WrongCredentials => "wrong_credentials",
        AccessRejectReason.AccountBlocked => "account_blocked",
        AccessRejectReason.DeviceBlocked => "device_blocked",
        AccessRejectReason.UnknownDevice => "unknown_device",
        AccessRejectReason.DeviceExpired => "device_expired",
        AccessRejectReason.WrongMacPassword => "wrong_mac_password",
        AccessRejectReason.MissingCredentials => "missing_credentials",
        AccessRejectReason.UnsupportedMethod => "unsupported_method",
        AccessRejectReason.MalformedPassword => "malformed_password",
        AccessRejectReason.TokenForAnotherDevice => "token_for_another_device",
        AccessRejectReason.MacForAnotherDevice => "mac_for_another_device",
        _ => reason.ToString(),
    };
}
