using Alpi.Protocols.Logging;
using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Accounting;

/// <summary>
/// Logs the accounting messages whose content is not trusted — an implausible Acct-Delay-Time (RFC 2866 §5.2) or
/// Acct-Session-Time (§5.7), a Stop dated before its session's start, a Class naming an account the request does not
/// show (RFC 2865 §5.25) — at most once per NAS and kind per minute (<see cref="LogThrottle"/>), each line saying how
/// many of that kind from that NAS were held back since the previous one: a broken terminal sending thousands does
/// not flood the log. Counting every message is the caller's (<see cref="Radius.RadiusNasStatistics"/>). Never a
/// password or a secret; the NAS and the Acct-Session-Id identify the message. Thread-safe.
/// </summary>
public sealed partial class AccountingAnomalyLog(TimeProvider timeProvider, ILogger<AccountingAnomalyLog> logger)
{
    private readonly LogThrottle _throttle = new(timeProvider, TimeSpan.FromMinutes(1));

    /// <summary>Reports a time attribute above its <c>Hotspot:Accounting</c> maximum, not trusted.</summary>
    /// <param name="nas">The NAS client's name.</param>
    /// <param name="acctSessionId">The message's Acct-Session-Id, or null.</param>
    /// <param name="attribute"><c>Acct-Delay-Time</c> or <c>Acct-Session-Time</c>.</param>
    /// <param name="seconds">The value sent, in seconds.</param>
    /// <param name="maxSeconds">The maximum trusted, in seconds.</param>
    /// <param name="instead">What is done instead, for people.</param>
    public void ImplausibleTime(string nas, string? acctSessionId, string attribute, long seconds, long maxSeconds, string instead)
    {
        if (_throttle.ShouldLog(Key(nas, attribute), 1, out var suppressed))
        {
            Log.ImplausibleTime(logger, nas, acctSessionId ?? "(none)", attribute, seconds, maxSeconds, instead, suppressed);
        }
    }

    /// <summary>Reports a Stop that its Acct-Delay-Time dates before the session's recorded start.</summary>
    /// <param name="nas">The NAS client's name.</param>
    /// <param name="acctSessionId">The session's Acct-Session-Id.</param>
    /// <param name="delaySeconds">Its Acct-Delay-Time, in seconds.</param>
    public void StopBeforeStart(string nas, string acctSessionId, long delaySeconds)
    {
        if (_throttle.ShouldLog(Key(nas, "stop-before-start"), 1, out var suppressed))
        {
            Log.StopBeforeStart(logger, nas, acctSessionId, delaySeconds, suppressed);
        }
    }

    /// <summary>Reports a Class whose account is neither the User-Name's nor the Calling-Station-Id device's.</summary>
    /// <param name="nas">The NAS client's name.</param>
    /// <param name="acctSessionId">The message's Acct-Session-Id, or null.</param>
    /// <param name="sessionClass">The Class as text (our <c>alpi:&lt;account id&gt;:&lt;method&gt;</c>).</param>
    public void ClassNotMatching(string nas, string? acctSessionId, string sessionClass)
    {
        if (_throttle.ShouldLog(Key(nas, "class"), 1, out var suppressed))
        {
            Log.ClassNotMatching(logger, nas, acctSessionId ?? "(none)", sessionClass, suppressed);
        }
    }

    private static string Key(string nas, string kind) => string.Concat(nas, "\u001f", kind);

    private static partial class Log
    {
        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "NAS {Nas} Acct-Session-Id {AcctSessionId}: {Attribute} = {Seconds} s is implausible (more than {MaxSeconds} s, Hotspot:Accounting); not trusted ({Instead}); the request is recorded and acknowledged ({Suppressed} more of these from this NAS since the last report)")]
        public static partial void ImplausibleTime(ILogger logger, string nas, string acctSessionId, string attribute, long seconds, long maxSeconds, string instead, int suppressed);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "NAS {Nas} Acct-Session-Id {AcctSessionId}: Class {Class} names an account that neither the User-Name nor the Calling-Station-Id belongs to (an id given again, or a Class from another session); attributed by User-Name and MAC instead ({Suppressed} more of these from this NAS since the last report)")]
        public static partial void ClassNotMatching(ILogger logger, string nas, string acctSessionId, string @class, int suppressed);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "NAS {Nas} Acct-Session-Id {AcctSessionId}: the Stop, dated back by its Acct-Delay-Time = {Seconds} s, comes before the session's recorded start; the session is stopped at its start; the request is recorded and acknowledged ({Suppressed} more of these from this NAS since the last report)")]
        public static partial void StopBeforeStart(ILogger logger, string nas, string acctSessionId, long seconds, int suppressed);
    }
}
