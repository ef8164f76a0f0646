using System.Buffers;
using System.Data.Common;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Authentication;
using Alpi.HotspotController.Coa;
using Alpi.HotspotController.Radius;
using Alpi.HotspotController.Sessions;
using Alpi.Protocols.LineProtocol;
using Alpi.Protocols.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Telemetry;

/// <summary>
/// Every <see cref="TelemetryOptions.Interval"/> (and once at start), hands <see cref="TelemetryPublisher"/> one
/// <c>hotspot_terminal</c> point per NAS client on <c>alpi/&lt;tenant&gt;/&lt;terminal&gt;/metrics</c> (the tenant and
/// name of the NAS client), the controller's <c>alpi_hotspot</c> point on its own host topic
/// (<see cref="HotspotTelemetryPoints"/>), and, when a terminal's presence changes (<see cref="TerminalPresenceTracker"/>),
/// its retained <c>online</c>/<c>offline</c> <see cref="HostStatusMessage"/> on <c>alpi/&lt;tenant&gt;/&lt;terminal&gt;/status</c>,
/// so the collector's inventory, dashboard and presence alerts show the Wi-Fi terminals as hosts. Transitions are
/// logged. Issue 4, "Accounting and sessions". Only reads counters and the database; never touches RADIUS traffic.
/// </summary>
public sealed partial class HotspotTelemetryService : BackgroundService
{
    private readonly NasClientRegistry _clients;
    private readonly RadiusServerStatistics _statistics;
    private readonly SessionStore _sessions;
    private readonly CoaStatistics _coa;
    private readonly AuditStatistics _audit;
    private readonly TerminalTraffic _traffic;
    private readonly TelemetryPublisher _publisher;
    private readonly HotspotOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<HotspotTelemetryService> _logger;
    private readonly TerminalPresenceTracker _presence;
    private readonly HashSet<string> _reportedBadTopic = new(StringComparer.Ordinal);

    /// <summary>A session with no accounting message for this long is no longer followed for traffic (its Stop was lost).</summary>
    private static readonly TimeSpan SessionSilenceLimit = TimeSpan.FromDays(1);

    /// <summary>Creates the service; the presence clock starts now.</summary>
    /// <param name="clients">The NAS clients (terminals).</param>
    /// <param name="statistics">The RADIUS counters, per terminal.</param>
    /// <param name="sessions">The open sessions, counted per terminal.</param>
    /// <param name="coa">The Disconnect/CoA counters.</param>
    /// <param name="audit">The audit log's counters (<c>audit_failures</c>).</param>
    /// <param name="traffic">The octets counted from accounting, per terminal.</param>
    /// <param name="publisher">Where the messages go.</param>
    /// <param name="options">The <c>Hotspot</c> section (telemetry, and the policies' interim intervals).</param>
    /// <param name="timeProvider">The clock: points' timestamps, silence, the interval.</param>
    /// <param name="logger">The log.</param>
    public HotspotTelemetryService(
        NasClientRegistry clients,
        RadiusServerStatistics statistics,
        SessionStore sessions,
        CoaStatistics coa,
        AuditStatistics audit,
        TerminalTraffic traffic,
        TelemetryPublisher publisher,
        IOptions<HotspotOptions> options,
        TimeProvider timeProvider,
        ILogger<HotspotTelemetryService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _clients = clients;
        _statistics = statistics;
        _sessions = sessions;
        _coa = coa;
        _audit = audit;
        _traffic = traffic;
        _publisher = publisher;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _presence = new TerminalPresenceTracker(timeProvider.GetUtcNow());
    }

    /// <summary>The presence of every terminal at the last evaluation, by NAS client name.</summary>
    public IReadOnlyDictionary<string, TerminalState> States => _presence.States;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Telemetry.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.Telemetry.Interval, _timeProvider);
        try
        {
            do
            {
                await TickAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// One round: re-reads the NAS clients, evaluates each terminal's presence, queues its point and any status change,
    /// then the controller's point. A database that cannot be read leaves <c>active_sessions</c> out of this round.
    /// </summary>
    /// <param name="cancellationToken">Cancels the database reads.</param>
    internal async Task TickAsync(CancellationToken cancellationToken)
    {
        await RefreshClientsAsync(cancellationToken);
        IReadOnlyDictionary<string, int>? open = null;
        try
        {
            open = await _sessions.CountOpenByNasAsync(cancellationToken);
        }
        catch (DbException e)
        {
            Log.SessionsUnreadable(_logger, e.Message);
        }

        var now = _timeProvider.GetUtcNow();
        var clients = _clients.Clients;
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var client in clients)
        {
            if (!known.Add(client.Name))
            {
                continue;
            }

            var tenant = client.Client.Tenant;
            if (!AlpiTopic.IsValidLevel(tenant) || !AlpiTopic.IsValidLevel(client.Name))
            {
                if (_reportedBadTopic.Add(client.Name))
                {
                    Log.BadTopicLevel(_logger, client.Name, tenant);
                }

                continue;
            }

            var statistics = _statistics.Find(client.Name);
            var policy = AccessPolicyBuilder.Resolve(_options.Policies, client.Client.GroupName);
            var limit = TerminalPresenceTracker.SilenceLimit(policy.AcctInterimInterval);
            var presence = _presence.Evaluate(client.Name, statistics?.LastRequestAt, limit, now);
            if (presence.Changed && presence.State != TerminalState.Unknown)
            {
                PublishStatus(client, presence, statistics?.LastRequestAt, limit);
            }

            var active = open is null ? (int?)null : open.GetValueOrDefault(client.Name);
            // Terminals report octets at each interim update (at least every 60 s, as sent in Access-Accept).
            var traffic = _traffic.Sample(client.Name, now, TimeSpan.FromTicks(Math.Max(policy.AcctInterimInterval.Ticks, TimeSpan.TicksPerMinute)));
            byte[] payload;
            try
            {
                payload = Encode(HotspotTelemetryPoints.Terminal(client, statistics, active, presence.State, now, traffic));
            }
            catch (ArgumentException e)
            {
                // A name or group line protocol cannot carry (a newline): reported once, the other terminals go on.
                if (_reportedBadTopic.Add(client.Name))
                {
                    Log.BadPoint(_logger, client.Name, e.Message);
                }

                continue;
            }

            _publisher.Enqueue(new TelemetryMessage(AlpiTopic.Create(tenant, client.Name, AlpiTopicKind.Metrics).ToString(), payload));
        }

        foreach (var gone in _presence.Retain(known))
        {
            Log.TerminalRemoved(_logger, gone);
        }

        _traffic.RetainSamples(known);
        _traffic.Prune(now - SessionSilenceLimit);

        if (_publisher.MetricsTopic.Length > 0)
        {
            var controller = HotspotTelemetryPoints.Controller(
                _statistics, _coa, _presence.States.Values, open?.Values.Sum(), _publisher.Queued, _publisher.DroppedMessages, _publisher.RejectedMessages, _audit.WriteFailures, now);
            _publisher.Enqueue(new TelemetryMessage(_publisher.MetricsTopic, Encode(controller)));
        }
    }

    private async Task RefreshClientsAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A terminal added with "nas add" is supervised even before it sends anything.
            await _clients.RefreshAsync(cancellationToken);
        }
        catch (DbException e)
        {
            Log.ClientsUnreadable(_logger, e.Message);
        }
    }

    private void PublishStatus(NasClientEntry client, TerminalPresence presence, DateTimeOffset? lastRequestAt, TimeSpan limit)
    {
        var up = presence.State == TerminalState.Up;
        if (up)
        {
            Log.TerminalUp(_logger, client.Client.Tenant, client.Name, presence.Previous);
        }
        else
        {
            Log.TerminalDown(_logger, client.Client.Tenant, client.Name, limit, lastRequestAt);
        }

        var message = new HostStatusMessage
        {
            Status = up ? HostStatusMessage.Online : HostStatusMessage.Offline,
            Hostname = client.Name,
            Os = up ? "RADIUS NAS" : null,
            IpAddresses = up && client.Network.PrefixLength == (client.Network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
                ? [client.Network.BaseAddress.ToString()]
                : null,
        };
        _publisher.SetStatus(AlpiTopic.Create(client.Client.Tenant, client.Name, AlpiTopicKind.Status).ToString(), message.ToPayload());
    }

    private static byte[] Encode(LinePoint point)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        LineProtocolWriter.Write(point, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Terminal {Tenant}/{Terminal} is up (was {Previous})")]
        public static partial void TerminalUp(ILogger logger, string tenant, string terminal, TerminalState previous);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Terminal {Tenant}/{Terminal} is down: no RADIUS request for {Limit} (last request: {LastRequestAt}, none since the start when empty)")]
        public static partial void TerminalDown(ILogger logger, string tenant, string terminal, TimeSpan limit, DateTimeOffset? lastRequestAt);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Telemetry: open sessions could not be counted ({Reason}); active_sessions left out this round")]
        public static partial void SessionsUnreadable(ILogger logger, string reason);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Telemetry: the NAS clients could not be re-read ({Reason}); the previous list is used")]
        public static partial void ClientsUnreadable(ILogger logger, string reason);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Telemetry: terminal {Terminal} of tenant {Tenant} is not published: its name or tenant is not a valid MQTT topic level")]
        public static partial void BadTopicLevel(ILogger logger, string terminal, string tenant);

        [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Telemetry: terminal {Terminal} is not published: {Reason}")]
        public static partial void BadPoint(ILogger logger, string terminal, string reason);

        [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Telemetry: terminal {Terminal} is no longer a NAS client; no longer published")]
        public static partial void TerminalRemoved(ILogger logger, string terminal);
    }
}
