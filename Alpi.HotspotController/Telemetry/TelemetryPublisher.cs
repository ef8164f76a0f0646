using System.Reflection;
using System.Threading.Channels;
using Alpi.Protocols.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.HotspotController.Telemetry;

/// <summary>
/// Keeps the controller connected to its MQTT 5 broker (<c>Hotspot:Telemetry:Broker</c>) and publishes, with QoS 1:
/// the retained status messages (<see cref="SetStatus"/>: the terminals' presence and the controller's own
/// <c>online</c> birth message, re-sent after every reconnection, since the broker may have lost them), then the
/// queued metrics messages in order (<see cref="Enqueue"/>); a message the broker refuses is given up and counted (<see cref="RejectedMessages"/>). The controller's own status topic carries <c>offline</c>
/// as the MQTT last will; on a clean stop the queue is flushed (up to 5 seconds) and <c>offline</c> published, since
/// a clean DISCONNECT does not fire the will (MQTT 5 §3.1.2.5).
/// <para>
/// Nothing here ever blocks the RADIUS servers: producers only add to a bounded memory queue
/// (<see cref="TelemetryOptions.QueueLimit"/> messages). While the broker is away, messages accumulate; when the
/// queue is full the oldest is dropped and counted (<see cref="DroppedMessages"/>). A message leaves the queue only
/// once the broker acknowledged it (PUBACK); on failure it is retried after reconnecting.
/// </para>
/// The same design as the agent's <c>MqttPublishLoop</c> and <c>MetricBacklog</c>, which are bound to the agent's
/// options and its single topic; this one publishes on many hosts' topics (one per terminal).
/// </summary>
public sealed partial class TelemetryPublisher : BackgroundService
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(5);
    private readonly TelemetryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TelemetryPublisher> _logger;
    private readonly Channel<TelemetryMessage> _queue;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _statusLock = new();
    private readonly Dictionary<string, (byte[] Payload, long Version)> _statuses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _sentStatuses = new(StringComparer.Ordinal);
    private long _statusVersion;
    private long _dropped;
    private long _published;
    private long _rejected;
    private IMqttClient? _client;

    /// <summary>Creates the publisher; nothing connects until the host starts it.</summary>
    /// <param name="options">The <c>Hotspot</c> section; <c>Hotspot:Telemetry</c> is used.</param>
    /// <param name="timeProvider">The clock (reconnection delays, the birth message's start time).</param>
    /// <param name="logger">The log.</param>
    public TelemetryPublisher(IOptions<HotspotOptions> options, TimeProvider timeProvider, ILogger<TelemetryPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Value.Telemetry;
        _timeProvider = timeProvider;
        _logger = logger;
        _queue = Channel.CreateBounded<TelemetryMessage>(
            new BoundedChannelOptions(Math.Max(1, _options.QueueLimit)) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
        StatusTopic = AlpiTopic.IsValidLevel(_options.Tenant) && AlpiTopic.IsValidLevel(_options.Host)
            ? AlpiTopic.Create(_options.Tenant, _options.Host, AlpiTopicKind.Status).ToString()
            : "";
        MetricsTopic = StatusTopic.Length == 0 ? "" : AlpiTopic.Create(_options.Tenant, _options.Host, AlpiTopicKind.Metrics).ToString();
        if (StatusTopic.Length > 0)
        {
            SetStatus(StatusTopic, new HostStatusMessage
            {
                Status = HostStatusMessage.Online,
                Hostname = Environment.MachineName,
                Os = OperatingSystem.IsWindows() ? "Windows" : OperatingSystem.IsLinux() ? "Linux" : null,
                AgentVersion = "alpi-hotspot " + (typeof(TelemetryPublisher).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0"),
                StartedAt = timeProvider.GetUtcNow(),
            }.ToPayload());
        }
    }

    /// <summary>The controller's own metrics topic, <c>alpi/&lt;Tenant&gt;/&lt;Host&gt;/metrics</c> (empty when the options are invalid).</summary>
    public string MetricsTopic { get; }

    /// <summary>The controller's own status topic, with the birth message and the last will (empty when the options are invalid).</summary>
    public string StatusTopic { get; }

    /// <summary>Messages waiting to be published.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Messages dropped, oldest first, because the queue was full, since the start.</summary>
    public long DroppedMessages => Interlocked.Read(ref _dropped);

    /// <summary>Metrics messages acknowledged by the broker since the start.</summary>
    public long PublishedMessages => Interlocked.Read(ref _published);

    /// <summary>Metrics messages the broker refused (e.g. not authorised on the topic) and that were given up, since the start.</summary>
    public long RejectedMessages => Interlocked.Read(ref _rejected);

    /// <summary>True while connected to the broker.</summary>
    public bool IsConnected => _client?.IsConnected == true;

    /// <summary>Queues a metrics message; never blocks (drops the oldest when full).</summary>
    /// <param name="message">The topic and line-protocol payload.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public void Enqueue(TelemetryMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _queue.Writer.TryWrite(message);
        _wake.Writer.TryWrite(true);
    }

    /// <summary>
    /// Sets the retained status message of a topic (<c>alpi/&lt;tenant&gt;/&lt;host&gt;/status</c>); only the latest
    /// per topic is kept, and it is published before the queued metrics, and again after each reconnection.
    /// </summary>
    /// <param name="topic">The status topic.</param>
    /// <param name="payload">The <see cref="HostStatusMessage"/> JSON.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public void SetStatus(string topic, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(payload);
        lock (_statusLock)
        {
            _statuses[topic] = (payload, ++_statusVersion);
        }

        _wake.Writer.TryWrite(true);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled || StatusTopic.Length == 0)
        {
            return;
        }

        using var client = new MqttClientFactory().CreateMqttClient();
        _client = client;
        TelemetryMessage? pending = null;
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!client.IsConnected)
            {
                if (!await TryConnectAsync(client, stoppingToken))
                {
                    await DelayAsync(delay, stoppingToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.Broker.MaxReconnectDelay.Ticks));
                    continue;
                }

                delay = TimeSpan.FromSeconds(1);
            }

            try
            {
                await PublishStatusesAsync(client, stoppingToken);
                if (pending is null && !_queue.Reader.TryRead(out pending))
                {
                    await _wake.Reader.ReadAsync(stoppingToken);
                    continue;
                }

                // A refused message is given up and counted: a broker that refuses the topic refuses it again.
                await PublishAsync(client, pending, stoppingToken);
                pending = null;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
            {
                Log.PublishFailed(_logger, e.Message, Queued);
            }
        }

        await ShutdownAsync(client, pending);
    }

    private async Task<bool> TryConnectAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        var broker = _options.Broker;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId(broker.ClientId ?? $"alpi-hotspot-{_options.Tenant}-{_options.Host}")
            .WithCleanStart(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithWillTopic(StatusTopic)
            .WithWillPayload(new HostStatusMessage { Status = HostStatusMessage.Offline }.ToPayload())
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain(true);
        if (broker.Username is not null)
        {
            builder = builder.WithCredentials(broker.Username, broker.Password);
        }

        if (broker.UseTls)
        {
            builder = builder.WithTlsOptions(o => o.UseTls());
        }

        try
        {
            var result = await client.ConnectAsync(builder.Build(), cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                Log.ConnectRefused(_logger, broker.Host, broker.Port, result.ResultCode.ToString());
                return false;
            }

            lock (_statusLock)
            {
                // The broker may have restarted without persistence: every retained status is sent again.
                _sentStatuses.Clear();
            }

            Log.Connected(_logger, broker.Host, broker.Port, Queued);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException or IOException)
        {
            Log.ConnectFailed(_logger, broker.Host, broker.Port, e.Message, Queued);
            return false;
        }
    }

    private async Task PublishStatusesAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        while (NextStatus() is { } status)
        {
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(status.Topic)
                .WithPayload(status.Payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(true)
                .WithContentType("application/json")
                .Build();
            var result = await client.PublishAsync(message, cancellationToken);
            if (!result.IsSuccess && result.ReasonCode != MqttClientPublishReasonCode.NoMatchingSubscribers)
            {
                // Not retried until the next reconnection: a broker that refuses the topic will refuse it again.
                Log.PublishRejected(_logger, status.Topic, result.ReasonCode.ToString(), result.ReasonString ?? "");
            }

            lock (_statusLock)
            {
                _sentStatuses[status.Topic] = status.Version;
            }
        }
    }

    private (string Topic, byte[] Payload, long Version)? NextStatus()
    {
        lock (_statusLock)
        {
            foreach (var (topic, (payload, version)) in _statuses)
            {
                if (!_sentStatuses.TryGetValue(topic, out var sent) || sent != version)
                {
                    return (topic, payload, version);
                }
            }

            return null;
        }
    }

    private async Task<bool> PublishAsync(IMqttClient client, TelemetryMessage batch, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(batch.Topic)
            .WithPayload(batch.Payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithContentType("text/plain; charset=utf-8")
            .Build();
        var result = await client.PublishAsync(message, cancellationToken);
        if (result.IsSuccess || result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers)
        {
            Interlocked.Increment(ref _published);
            return true;
        }

        Interlocked.Increment(ref _rejected);
        Log.PublishRejected(_logger, batch.Topic, result.ReasonCode.ToString(), result.ReasonString ?? "");
        return false;
    }

    private async Task ShutdownAsync(IMqttClient client, TelemetryMessage? pending)
    {
        if (!client.IsConnected)
        {
            return;
        }

        using var flush = new CancellationTokenSource(FlushTimeout);
        try
        {
            await PublishStatusesAsync(client, flush.Token);
            if (pending is not null)
            {
                await PublishAsync(client, pending, flush.Token);
            }

            while (_queue.Reader.TryRead(out var message))
            {
                await PublishAsync(client, message, flush.Token);
            }

            var offline = new MqttApplicationMessageBuilder()
                .WithTopic(StatusTopic)
                .WithPayload(new HostStatusMessage { Status = HostStatusMessage.Offline }.ToPayload())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(true)
                .Build();
            await client.PublishAsync(offline, flush.Token);
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), flush.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            Log.ShutdownIncomplete(_logger, e.Message, Queued);
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _timeProvider, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop condition ends the loop.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Telemetry: connected to broker {Host}:{Port}; {Queued} messages queued")]
        public static partial void Connected(ILogger logger, string host, int port, int queued);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Telemetry: broker {Host}:{Port} unreachable ({Reason}); {Queued} messages queued")]
        public static partial void ConnectFailed(ILogger logger, string host, int port, string reason, int queued);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Telemetry: broker {Host}:{Port} refused the connection: {ResultCode}")]
        public static partial void ConnectRefused(ILogger logger, string host, int port, string resultCode);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Telemetry: publishing failed, will retry after reconnecting ({Reason}); {Queued} messages queued")]
        public static partial void PublishFailed(ILogger logger, string reason, int queued);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Telemetry: the broker rejected a message on {Topic}: {ReasonCode} {ReasonString}")]
        public static partial void PublishRejected(ILogger logger, string topic, string reasonCode, string reasonString);

        [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Telemetry: stopped before everything was flushed ({Reason}); {Queued} messages left")]
        public static partial void ShutdownIncomplete(ILogger logger, string reason, int queued);
    }
}
