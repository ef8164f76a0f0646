using Alpi.HotspotController.Accounting;
using Alpi.Protocols.Radius;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Radius;

/// <summary>
/// The accounting server on <c>Hotspot:Radius:AcctPort</c> (1813, RFC 2866 §3): each Accounting-Request is recorded by
/// <see cref="AccountingRequestHandler"/> and only then acknowledged with an Accounting-Response (RFC 2866 §4.1), so
/// the NAS retries whatever was not stored. Status-Server is answered with Accounting-Response (RFC 5997 §3).
/// </summary>
public sealed class RadiusAccountingServer(
    AccountingRequestHandler handler,
    NasClientRegistry clients,
    RadiusServerStatistics statistics,
    RadiusDropLog dropLog,
    IOptions<HotspotOptions> options,
    TimeProvider timeProvider,
    ILogger<RadiusAccountingServer> logger)
    : RadiusUdpServer(clients, statistics, dropLog, (options ?? throw new ArgumentNullException(nameof(options))).Value.Radius, timeProvider, logger)
{
    private readonly int _port = options.Value.Radius.AcctPort;

    /// <inheritdoc />
    protected override string ServerName => "accounting";

    /// <inheritdoc />
    protected override int Port => _port;

    /// <inheritdoc />
    protected override RadiusCode StatusServerReplyCode => RadiusCode.AccountingResponse;

    /// <inheritdoc />
    protected override bool Serves(RadiusCode code) => code == RadiusCode.AccountingRequest;

    /// <inheritdoc />
    protected override async ValueTask<RadiusOutcome> HandleAsync(RadiusRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!AccountingRecord.TryRead(request.Packet, out var record, out var problem))
        {
            return RadiusOutcome.Drop(RadiusDropReason.MissingAttribute, problem);
        }

        var source = request.Source.Address.IsIPv4MappedToIPv6 ? request.Source.Address.MapToIPv4() : request.Source.Address;
        await handler.HandleAsync(request.Client.Client, source.ToString(), record, request.ReceivedAt, cancellationToken);
        request.Statistics.CountAccounting(record.StatusType);
        return RadiusOutcome.Reply(RadiusCode.AccountingResponse, [], messageAuthenticator: false);
    }
}
