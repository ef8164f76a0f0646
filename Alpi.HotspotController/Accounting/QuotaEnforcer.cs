using System.Collections.Concurrent;
using Alpi.HotspotController.Authentication;
using Alpi.HotspotController.Coa;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Accounting;

/// <summary>
/// Cuts a session whose octets exceed its terminal group's total quota (<see cref="AccessPolicyOptions.MaxTotalOctets"/>,
/// the ChilliSpot-Max-Total-Octets of its Access-Accept): when an accounted Start or Interim-Update leaves an open
/// session with Acct-Input-Octets + Acct-Output-Octets (Gigawords included, RFC 2869 §5.1) above the quota, a
/// Disconnect-Request (RFC 5176 §3.1) goes to its NAS, once per session, in the background: the Accounting-Response
/// never waits for it. The terminal normally enforces the quota itself; this is the backstop for one that does not, or
/// that missed the attribute.
/// <para>
/// "Once per session" is kept in memory (NAS name and Acct-Session-Id, forgotten at the session's Stop or the NAS's
/// Accounting-On/Off): a NAK or a time-out is logged and counted, not retried on the next Interim-Update; after a
/// restart, an over-quota session still open gets one more Disconnect-Request. Thread-safe.
/// </para>
/// </summary>
public sealed partial class QuotaEnforcer(CoaClient coa, IOptions<HotspotOptions> options, ILogger<QuotaEnforcer> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Nas, string AcctSessionId), byte> _disconnected = new();
    private readonly ConcurrentDictionary<Task, byte> _pending = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _exceeded;
    private long _acked;
    private long _failed;

    /// <summary>Sessions found over quota, each counted once: the Disconnect-Requests started.</summary>
    public long Exceeded => Interlocked.Read(ref _exceeded);

    /// <summary>Quota Disconnect-Requests the NAS acknowledged (Disconnect-ACK).</summary>
    public long Acked => Interlocked.Read(ref _acked);

    /// <summary>Quota Disconnect-Requests that failed: NAK, no authenticated answer, bad answer or not sent (see <see cref="CoaOutcome"/>).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>
    /// Checks a session just recorded from an accounting message of <paramref name="nas"/>; when it is open, over its
    /// group's total octet quota and not yet cut for it, starts its Disconnect-Request and returns at once. A stopped
    /// session is forgotten.
    /// </summary>
    /// <param name="nas">The NAS client that accounted the session (its group gives the policy, its address and CoA port the destination).</param>
    /// <param name="session">The session as stored after the message.</param>
    /// <returns>True when a Disconnect-Request was started.</returns>
    public bool Check(NasClient nas, HotspotSession session)
    {
        ArgumentNullException.ThrowIfNull(nas);
        ArgumentNullException.ThrowIfNull(session);
        if (session.StoppedUnixMs is not null)
        {
            _disconnected.TryRemove((session.Nas, session.AcctSessionId), out _);
            return false;
        }

        var quota = AccessPolicyBuilder.Resolve(options.Value.Policies, nas.GroupName).MaxTotalOctets;
        var total = session.InputOctets + session.OutputOctets;
        if (quota <= 0 || total <= quota || !_disconnected.TryAdd((session.Nas, session.AcctSessionId), 0))
        {
            return false;
        }

        Interlocked.Increment(ref _exceeded);
        Log.QuotaExceeded(logger, nas.Name, session.AcctSessionId, total, quota);
        var task = Task.Run(() => DisconnectAsync(nas, session, _stopping.Token));
        _pending.TryAdd(task, 0);
        _ = task.ContinueWith(t => _pending.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    /// <summary>Forgets the sessions of <paramref name="nas"/>, closed by its Accounting-On or Accounting-Off (RFC 2866 §5.1).</summary>
    public void ForgetNas(string nas)
    {
        foreach (var key in _disconnected.Keys)
        {
            if (string.Equals(key.Nas, nas, StringComparison.Ordinal))
            {
                _disconnected.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Completes when the Disconnect-Requests started so far have their outcome.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_pending.Keys);

    /// <summary>Stops waiting for answers and waits for the requests in flight to end.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await WhenIdleAsync();
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task DisconnectAsync(NasClient nas, HotspotSession session, CancellationToken cancellationToken)
    {
        var result = await coa.DisconnectAsync(nas, CoaSessionIdentity.From(session, nas), cancellationToken);
        if (result.Outcome == CoaOutcome.Acked)
        {
            Interlocked.Increment(ref _acked);
            Log.Disconnected(logger, nas.Name, session.AcctSessionId);
        }
        else
        {
            Interlocked.Increment(ref _failed);
            Log.DisconnectFailed(logger, nas.Name, session.AcctSessionId, result.Outcome, result.Detail);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Session {AcctSessionId} of NAS {Nas} is over its quota ({Octets} > {Quota} octets): sending a Disconnect-Request")]
        public static partial void QuotaExceeded(ILogger logger, string nas, string acctSessionId, long octets, long quota);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Session {AcctSessionId} of NAS {Nas} cut for its quota (Disconnect-ACK)")]
        public static partial void Disconnected(ILogger logger, string nas, string acctSessionId);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Session {AcctSessionId} of NAS {Nas} is over its quota but the Disconnect-Request failed: {Outcome} {Detail}")]
        public static partial void DisconnectFailed(ILogger logger, string nas, string acctSessionId, CoaOutcome outcome, string? detail);
    }
}
