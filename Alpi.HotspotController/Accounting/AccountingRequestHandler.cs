using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Devices;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Sessions;
using Alpi.HotspotController.Telemetry;
using Alpi.HotspotController.Radius;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Accounting;

/// <summary>
/// Records Accounting-Requests (RFC 2866) in the <see cref="SessionStore"/>: Start, Interim-Update and Stop update the
/// session keyed by NAS name and Acct-Session-Id; Accounting-On and Accounting-Off close the NAS's open sessions.
/// The event time is the reception time minus Acct-Delay-Time (RFC 2866 §5.2); an Acct-Delay-Time or Acct-Session-Time
/// (§5.7) above its <see cref="AccountingOptions"/> maximum is not trusted: logged (NAS, Acct-Session-Id, attribute,
/// value; at most one line per NAS and kind a minute, <see cref="AccountingAnomalyLog"/>), counted for every message
/// (<see cref="RadiusNasStatistics.AccountingImplausibleTimes"/>), and the request recorded and acknowledged without it
/// (the NAS would otherwise retry it for ever). The session's account is resolved from our Class (the account
/// accepted) when the User-Name or MAC belongs to it, else from the User-Name (a MAC's device owner, or the account
/// with that login), else from the Calling-Station-Id device's owner; a Class that does not match is logged the same
/// way and counted (<see cref="RadiusNasStatistics.AccountingClassMismatches"/>). The caller answers only once the returned task completes, so an
/// acknowledged message is on disk (RFC 2866 §4.1: the response means "recorded"). Each open session recorded is
/// then handed to <see cref="QuotaEnforcer"/>, which never delays the answer, and its octet counts to
/// <see cref="TerminalTraffic"/> (the terminal's traffic in the telemetry).
/// </summary>
public sealed partial class AccountingRequestHandler(
    SessionStore sessions,
    AccountStore accounts,
    DeviceStore devices,
    QuotaEnforcer quotas,
    TerminalTraffic traffic,
    RadiusServerStatistics statistics,
    AccountingAnomalyLog anomalies,
    IOptions<HotspotOptions> options,
    ILogger<AccountingRequestHandler> logger)
{
    /// <summary>The terminate cause recorded for sessions closed by Accounting-On or Accounting-Off (RFC 2866 §5.10).</summary>
    public const string NasRebootCause = "NAS-Reboot";

    /// <summary>Records one accounting message.</summary>
    /// <param name="nas">The NAS client the request came from (sessions are keyed by its name).</param>
    /// <param name="sourceAddress">The request's source address, recorded when NAS-IP-Address is absent.</param>
    /// <param name="record">The message.</param>
    /// <param name="receivedAt">When it arrived.</param>
    /// <param name="cancellationToken">Cancels the database work.</param>
    /// <returns>True when recorded; false for a status type that carries nothing to record (acknowledged all the same).</returns>
    /// <exception cref="System.Data.Common.DbException">The database cannot be written: do not acknowledge.</exception>
    public async Task<bool> HandleAsync(NasClient nas, string sourceAddress, AccountingRecord record, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nas);
        ArgumentNullException.ThrowIfNull(record);
        var (delayTime, sessionTime) = TrustedTimes(nas.Name, record);
        var at = receivedAt - delayTime;
        switch (record.StatusType)
        {
            case AccountingStatusType.AccountingOn or AccountingStatusType.AccountingOff:
                var closed = await sessions.CloseOpenAsync(nas.Name, at, NasRebootCause, cancellationToken);
                quotas.ForgetNas(nas.Name);
                traffic.ForgetNas(nas.Name);
                Log.NasRestarted(logger, nas.Name, record.StatusType == AccountingStatusType.AccountingOn ? "Accounting-On" : "Accounting-Off", closed);
                return true;
            case AccountingStatusType.Start or AccountingStatusType.InterimUpdate or AccountingStatusType.Stop:
                var sessionEvent = record.StatusType switch
                {
                    AccountingStatusType.Start => SessionEvent.Start,
                    AccountingStatusType.InterimUpdate => SessionEvent.InterimUpdate,
                    _ => SessionEvent.Stop,
                };
                var session = await sessions.ApplyAsync(new SessionUpdate
                {
                    Nas = nas.Name,
                    AcctSessionId = record.AcctSessionId!,
                    Event = sessionEvent,
                    At = at,
                    SessionTime = sessionTime,
                    UserName = record.UserName,
                    AccountLogin = await ResolveLoginAsync(nas.Name, record, cancellationToken),
                    Mac = record.Mac?.Value,
                    FramedIp = record.FramedIp,
                    CalledStationId = record.CalledStationId,
                    NasIp = record.NasIp ?? sourceAddress,
                    NasIdentifier = record.NasIdentifier,
                    InputOctets = record.InputOctets,
                    OutputOctets = record.OutputOctets,
                    TerminateCause = record.TerminateCause,
                }, cancellationToken);
                if (sessionEvent == SessionEvent.Stop && at.ToUnixTimeMilliseconds() < session.StartedUnixMs)
                {
                    // Its Acct-Delay-Time dates the Stop before the session's recorded start: stopped at its start instead.
                    anomalies.StopBeforeStart(nas.Name, record.AcctSessionId!, (long)delayTime.TotalSeconds);
                    statistics.For(nas.Name).CountImplausibleTime();
                }

                traffic.Record(session, sessionEvent);
                quotas.Check(nas, session);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Acct-Delay-Time (zero when implausible) and Acct-Session-Time (null when absent or implausible).</summary>
    private (TimeSpan DelayTime, TimeSpan? SessionTime) TrustedTimes(string nas, AccountingRecord record)
    {
        var limits = options.Value.Accounting;
        var delayTime = record.DelayTime;
        if (delayTime > limits.MaxDelayTime)
        {
            anomalies.ImplausibleTime(nas, record.AcctSessionId, "Acct-Delay-Time", (long)delayTime.TotalSeconds, (long)limits.MaxDelayTime.TotalSeconds, "the event is dated at its reception");
            statistics.For(nas).CountImplausibleTime();
            delayTime = TimeSpan.Zero;
        }

        var sessionTime = record.SessionTime;
        if (sessionTime > limits.MaxSessionTime)
        {
            anomalies.ImplausibleTime(nas, record.AcctSessionId, "Acct-Session-Time", (long)sessionTime.Value.TotalSeconds, (long)limits.MaxSessionTime.TotalSeconds, "a session not seen before starts at this message");
            statistics.For(nas).CountImplausibleTime();
            sessionTime = null;
        }

        return (delayTime, sessionTime);
    }

    /// <summary>
    /// The account of the session: our Class's account when the request shows it is that account's (the User-Name is
    /// its login, or the User-Name's or Calling-Station-Id's MAC is its device), else the User-Name's (a MAC's device
    /// owner, or the account with that login), else the Calling-Station-Id device's owner. The Class is not signed and
    /// names an id: an id given again to another account, or a Class copied from another session, must not attribute
    /// this session to someone the request does not name.
    /// </summary>
    private async Task<string?> ResolveLoginAsync(string nas, AccountingRecord record, CancellationToken cancellationToken)
    {
        var userName = record.UserName?.Trim();
        MacAddress? userMac = MacAddress.TryParse(userName, out var parsed) ? parsed : null;
        // The Calling-Station-Id when it names another device than the User-Name (MAC authentication sends one MAC in
        // both): each device is read at most once, by the Class check or by the fallback after it.
        MacAddress? callingMac = record.Mac is { } mac && mac != userMac ? mac : null;
        RegisteredDevice? userDevice = null, callingDevice = null;
        var devicesRead = false;
        if (record.Class is { } sessionClass && await accounts.FindByIdAsync(sessionClass.AccountId, cancellationToken) is { } accepted)
        {
            if (AccountLogins.Same(accepted.Login, userName))
            {
                return accepted.Login;
            }

            userDevice = userMac is { } user ? await devices.FindAsync(user, cancellationToken) : null;
            callingDevice = callingMac is { } calling ? await devices.FindAsync(calling, cancellationToken) : null;
            if (userDevice?.AccountId == accepted.Id || callingDevice?.AccountId == accepted.Id)
            {
                return accepted.Login;
            }

            devicesRead = true;
            anomalies.ClassNotMatching(nas, record.AcctSessionId, sessionClass.ToString());
            statistics.For(nas).CountClassMismatch();
        }

        if (userMac is { } byUserName)
        {
            return (devicesRead ? userDevice : await devices.FindAsync(byUserName, cancellationToken))?.Login;
        }

        if (!string.IsNullOrEmpty(userName) && await accounts.FindByLoginAsync(userName, cancellationToken) is { } account)
        {
            return account.Login;
        }

        return callingMac is { } byCallingStation
            ? (devicesRead ? callingDevice : await devices.FindAsync(byCallingStation, cancellationToken))?.Login
            : null;
    }
}
