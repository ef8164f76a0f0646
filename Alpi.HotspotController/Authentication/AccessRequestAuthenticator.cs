using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Devices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Authentication;

/// <summary>
/// Decides Access-Requests (RFC 2865 §4.1) against the accounts, the portal's logon tokens and the registered devices.
/// <list type="bullet">
/// <item>MAC authentication (<see cref="MacAuthentication"/>): a device registered and still valid, neither it nor its
/// account blocked, is accepted and its registration renewed (at most every <see cref="RenewalInterval"/>): the roaming
/// recognition. An unknown or expired device is rejected so that the terminal shows the portal. A User-Name MAC that is
/// not the Calling-Station-Id's MAC is rejected (<see cref="AccessRejectReason.MacForAnotherDevice"/>); without a
/// Calling-Station-Id MAC, the User-Name is trusted.</item>
/// <item>PAP: the User-Password is the account's password (verified against its hash, through
/// <see cref="VerifiedPasswordCache"/>) or one of its unexpired logon
/// tokens, which is then consumed.</item>
/// <item>CHAP: the CHAP-Password verifies against one of the account's unexpired logon tokens (the clear secret CHAP
/// needs, RFC 1994 §4.1; passwords are only stored hashed), which is then consumed.</item>
/// </list>
/// A login with a logon token registers the Calling-Station-Id device to the account, so the next terminal recognises
/// it; when the device was another account's, the move is audited as a portal registration is
/// (<see cref="AuditActions.DeviceRegister"/> with <c>previous_login</c>, actor <see cref="AuditActors.Radius"/>), once
/// per move: a later login of the device to the same account changes no owner and writes nothing. A token the portal issued for one device (<see cref="LogonToken.Mac"/>) is refused from any other Calling-Station-Id
/// (<see cref="AccessRejectReason.TokenForAnotherDevice"/>). A blocked account, or a blocked device in Calling-Station-Id, is rejected. Accounts, tokens and devices are read
/// through <see cref="AuthenticationView"/>, exact and in memory.
/// </summary>
public sealed partial class AccessRequestAuthenticator(
    AuthenticationView view,
    DeviceStore devices,
    LogonTokenStore tokens,
    VerifiedPasswordCache verifiedPasswords,
    AuditLog audit,
    IOptions<HotspotOptions> options,
    TimeProvider timeProvider,
    ILogger<AccessRequestAuthenticator> logger)
{
    /// <summary>
    /// Least time between two renewals of a device's registration by MAC authentication. A renewal is a durable
    /// database write; terminals re-authenticate a device every Session-Timeout and on every roam, so renewing each time
    /// would make the disk the limit of the accept rate, for a 90-day validity that moves by minutes.
    /// </summary>
    public static readonly TimeSpan RenewalInterval = TimeSpan.FromMinutes(15);

    /// <summary>Decides one Access-Request.</summary>
    /// <param name="credentials">What the request offers.</param>
    /// <param name="macPassword">The terminal's MAC-authentication password, or empty for the MAC-or-empty rule.</param>
    /// <param name="cancellationToken">Cancels the database work.</param>
    /// <returns>Accept or reject, never null.</returns>
    /// <exception cref="System.Data.Common.DbException">The database cannot be read or written.</exception>
    public async Task<AccessDecision> AuthenticateAsync(AccessRequestCredentials credentials, string macPassword, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.HasEapMessage)
        {
            return AccessDecision.Reject(AuthenticationMethod.None, AccessRejectReason.UnsupportedMethod);
        }

        if (credentials.MalformedPassword)
        {
            return AccessDecision.Reject(AuthenticationMethod.None, AccessRejectReason.MalformedPassword);
        }

        var radius = options.Value.Radius;
        if (MacAuthentication.TryGetDevice(credentials, radius.MacSuffix, out var mac))
        {
            return await AuthenticateDeviceAsync(credentials, mac.Value, macPassword, cancellationToken);
        }

        var login = credentials.UserName?.Trim();
        if (string.IsNullOrEmpty(login))
        {
            return AccessDecision.Reject(AuthenticationMethod.None, AccessRejectReason.MissingCredentials);
        }

        if (credentials.ChapPassword is not null)
        {
            return await AuthenticateAccountAsync(credentials, login, AuthenticationMethod.Chap, cancellationToken);
        }

        if (credentials.Password is not null)
        {
            return await AuthenticateAccountAsync(credentials, login, AuthenticationMethod.Pap, cancellationToken);
        }

        return AccessDecision.Reject(AuthenticationMethod.None, AccessRejectReason.MissingCredentials, login: login);
    }

    private async Task<AccessDecision> AuthenticateDeviceAsync(AccessRequestCredentials credentials, MacAddress mac, string macPassword, CancellationToken cancellationToken)
    {
        if (!MacAuthentication.IsCallingStation(credentials, mac))
        {
            // Before the password: the MAC-or-empty rule would let anyone name any registered device.
            return AccessDecision.Reject(AuthenticationMethod.Mac, AccessRejectReason.MacForAnotherDevice, mac);
        }

        if (!MacAuthentication.IsPasswordAccepted(credentials, mac, macPassword))
        {
            return AccessDecision.Reject(AuthenticationMethod.Mac, AccessRejectReason.WrongMacPassword, mac);
        }

        var snapshot = await view.OpenAsync(cancellationToken);
        var device = await snapshot.FindDeviceAsync(mac, cancellationToken);
        var now = timeProvider.GetUtcNow();
        if (device is { } seen && !seen.IsRecognisedAt(now) && !seen.Blocked && !seen.AccountBlocked)
        {
            // Expiry is the one thing the view may have old: another controller may have renewed the registration.
            device = await snapshot.RereadDeviceAsync(mac, cancellationToken);
        }

        if (device is null)
        {
            return AccessDecision.Reject(AuthenticationMethod.Mac, AccessRejectReason.UnknownDevice, mac);
        }

        if (device.AccountBlocked)
        {
            return AccessDecision.Reject(AuthenticationMethod.Mac, AccessRejectReason.AccountBlocked, mac, device.Login);
        }

        if (device.Blocked)
        {
            return AccessDecision.Reject(AuthenticationMethod.Mac, AccessRejectReason.DeviceBlocked, mac, device.Login);
        }

        if (!device.IsRecognisedAt(now))
        {
            return AccessDecision.Reject(AuthenticationMethod.Mac, AccessRejectReason.DeviceExpired, mac, device.Login);
        }

        if (now.ToUnixTimeMilliseconds() - device.LastSeenUnixMs >= (long)RenewalInterval.TotalMilliseconds)
        {
            await snapshot.RenewAsync(mac, device, now, Validity, cancellationToken);
        }

        return AccessDecision.Accept(AuthenticationMethod.Mac, device.AccountId, device.Login, mac);
    }

    private async Task<AccessDecision> AuthenticateAccountAsync(AccessRequestCredentials credentials, string login, AuthenticationMethod method, CancellationToken cancellationToken)
    {
        var mac = credentials.CallingStationMac;
        var snapshot = await view.OpenAsync(cancellationToken);
        var account = await snapshot.FindAccountAsync(login, cancellationToken);
        if (account is null)
        {
            return AccessDecision.Reject(method, AccessRejectReason.WrongCredentials, mac, login);
        }

        var now = timeProvider.GetUtcNow();
        var usedToken = false;
        foreach (var token in await snapshot.ListValidTokensAsync(account.Login, now, cancellationToken))
        {
            if (method == AuthenticationMethod.Chap ? credentials.ChapMatches(token.Token) : credentials.PasswordEquals(token.Token))
            {
                if (!token.IsForDevice(mac))
                {
                    // Issued for another device: refused and kept, so that the device it was issued for can still use it.
                    Log.TokenForAnotherDevice(logger, account.Id, token.Mac, mac?.Value);
                    return AccessDecision.Reject(method, AccessRejectReason.TokenForAnotherDevice, mac, account.Login);
                }

                // Single use, decided by the database: a concurrent request that consumed it first wins.
                usedToken = await tokens.ConsumeAsync(account.Login, token.Token, cancellationToken);
                break;
            }
        }

        if (!usedToken && (method == AuthenticationMethod.Chap || !verifiedPasswords.Verify(account, credentials.Password!)))
        {
            return AccessDecision.Reject(method, AccessRejectReason.WrongCredentials, mac, account.Login);
        }

        if (account.Blocked)
        {
            return AccessDecision.Reject(method, AccessRejectReason.AccountBlocked, mac, account.Login);
        }

        if (mac is { } device)
        {
            var registered = await snapshot.FindDeviceAsync(device, cancellationToken);
            if (registered is { Blocked: true })
            {
                return AccessDecision.Reject(method, AccessRejectReason.DeviceBlocked, mac, account.Login);
            }

            if (usedToken)
            {
                var deviceOptions = options.Value.Devices;
                await devices.RegisterAsync(device, account.Id, now, Validity, deviceOptions.MaxDevicesPerAccount, cancellationToken);
                Log.DeviceRegistered(logger, account.Id);
                if (registered is not null && registered.AccountId != account.Id)
                {
                    // The device changed hands: proof of who had it before, as the portal's registration keeps.
                    await audit.WriteAsync(AuditActors.Radius, AuditActions.DeviceRegister,
                        [new("mac", device.Value), new("login", account.Login), new("previous_login", registered.Login)], cancellationToken);
                }
            }
        }

        if (now.ToUnixTimeMilliseconds() - account.LastActiveUnixMs >= (long)RenewalInterval.TotalMilliseconds)
        {
            // Activity only drives the inactivity purge (days): like device renewals, at most every RenewalInterval.
            await snapshot.TouchAsync(login, account, now, cancellationToken);
        }

        return AccessDecision.Accept(method, account.Id, account.Login, mac, usedToken);
    }

    private TimeSpan Validity => TimeSpan.FromDays(options.Value.Devices.ValidityDays);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "A device was registered to account {AccountId} by a portal login")]
        public static partial void DeviceRegistered(ILogger logger, long accountId);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Logon token of account {AccountId} issued for device {TokenMac} refused from Calling-Station-Id {CallingStation}")]
        public static partial void TokenForAnotherDevice(ILogger logger, long accountId, string? tokenMac, string? callingStation);
    }
}
