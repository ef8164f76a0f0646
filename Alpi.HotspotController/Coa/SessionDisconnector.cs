using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Sessions;

namespace Alpi.HotspotController.Coa;

/// <summary>
/// Cuts sessions at their terminals with Disconnect-Request (RFC 5176 §3.1): one session, or all the open sessions of
/// a blocked account or device, side by side. The session stays open in the connection log until its NAS sends the
/// Accounting-Stop that follows an ACK.
/// </summary>
public sealed class SessionDisconnector(NasClientStore nasClients, CoaClient coa)
{
    /// <summary>Disconnects each session at its NAS, all at once.</summary>
    /// <param name="sessions">The sessions (usually open ones).</param>
    /// <param name="cancellationToken">Stops waiting for answers.</param>
    /// <returns>One entry per session, in the order given; a session whose NAS is no longer declared gets <see cref="CoaOutcome.NotSent"/>.</returns>
    public async Task<IReadOnlyList<SessionDisconnection>> DisconnectAsync(IReadOnlyList<HotspotSession> sessions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        if (sessions.Count == 0)
        {
            return [];
        }

        var clients = (await nasClients.ListAsync(cancellationToken)).ToDictionary(n => n.Name, StringComparer.Ordinal);
        return await Task.WhenAll(sessions.Select(async session =>
        {
            if (!clients.TryGetValue(session.Nas, out var nas))
            {
                return new SessionDisconnection(session.Nas, session.AcctSessionId,
                    new CoaResult(CoaOutcome.NotSent, null, 0, 0, $"NAS {session.Nas} is no longer declared: nothing to send the request to"));
            }

            var result = await coa.DisconnectAsync(nas, CoaSessionIdentity.From(session, nas), cancellationToken);
            return new SessionDisconnection(session.Nas, session.AcctSessionId, result);
        }));
    }
}

/// <summary>The outcome of disconnecting one session.</summary>
/// <param name="Nas">The NAS client's name.</param>
/// <param name="AcctSessionId">The session's Acct-Session-Id.</param>
/// <param name="Result">What the NAS answered.</param>
public sealed record SessionDisconnection(string Nas, string AcctSessionId, CoaResult Result);
