using Alpi.HotspotController.Authentication;
using Alpi.Protocols.Logging;
using Alpi.Protocols.Radius;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Radius;

/// <summary>
/// The authentication server on <c>Hotspot:Radius:AuthPort</c> (1812, RFC 2865 §3): Access-Requests are decided by
/// <see cref="AccessRequestAuthenticator"/>; an Access-Accept carries the policy of the NAS's terminal group
/// (<see cref="AccessPolicyBuilder"/>), an Access-Reject a Reply-Message with the reason (RFC 2865 §5.18). Both start
/// with a Message-Authenticator (CVE-2024-3596). Status-Server is answered with Access-Accept (RFC 5997 §3).
/// A MAC authentication naming another device than the Calling-Station-Id (<see cref="AccessRejectReason.MacForAnotherDevice"/>)
/// is counted (<see cref="RadiusNasStatistics.MacAuthMismatches"/>) and logged as a warning naming the NAS and both MACs,
/// at most once per NAS a minute, the line saying how many were held back.
/// </summary>
public sealed partial class RadiusAuthenticationServer(
    AccessRequestAuthenticator authenticator,
    NasClientRegistry clients,
    RadiusServerStatistics statistics,
    RadiusDropLog dropLog,
    IOptions<HotspotOptions> options,
    TimeProvider timeProvider,
    ILogger<RadiusAuthenticationServer> logger)
    : RadiusUdpServer(clients, statistics, dropLog, (options ?? throw new ArgumentNullException(nameof(options))).Value.Radius, timeProvider, logger)
{
    private readonly HotspotOptions _options = options.Value;
    private readonly LogThrottle _mismatchThrottle = new(timeProvider, TimeSpan.FromMinutes(1));

    /// <inheritdoc />
    protected override string ServerName => "authentication";

    /// <inheritdoc />
    protected override int Port => _options.Radius.AuthPort;

    /// <inheritdoc />
    protected override RadiusCode StatusServerReplyCode => RadiusCode.AccessAccept;

    /// <inheritdoc />
    protected override bool Serves(RadiusCode code) => code == RadiusCode.AccessRequest;

    /// <inheritdoc />
    protected override async ValueTask<RadiusOutcome> HandleAsync(RadiusRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var credentials = AccessRequestCredentials.Read(request.Packet, request.Client.Secret);
        var decision = await authenticator.AuthenticateAsync(credentials, request.Client.MacPassword, cancellationToken);
        if (decision.Accepted)
        {
            request.Statistics.CountAccept();
            var policy = AccessPolicyBuilder.Resolve(_options.Policies, request.Client.Client.GroupName);
            return RadiusOutcome.Reply(RadiusCode.AccessAccept, AccessPolicyBuilder.Build(policy, decision), messageAuthenticator: true);
        }

        request.Statistics.CountReject();
        if (decision.RejectReason == AccessRejectReason.MacForAnotherDevice)
        {
            request.Statistics.CountMacAuthMismatch();
            if (_mismatchThrottle.ShouldLog(request.Client.Name, 1, out var suppressed))
            {
                Log.MacForAnotherDevice(Logger, request.Client.Name, decision.Mac?.Value ?? "?", credentials.CallingStationMac?.Value ?? "?", suppressed);
            }
        }

        var message = decision.RejectReason!.Value.ToReplyMessage();
        return RadiusOutcome.Reply(RadiusCode.AccessReject, [RadiusAttribute.FromString(ReplyMessage, message)], messageAuthenticator: true);
    }

    /// <summary>Reply-Message (RFC 2865 §5.18).</summary>
    private const byte ReplyMessage = 18;
}
