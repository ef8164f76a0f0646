using System.Globalization;
using Alpi.Protocols.LineProtocol;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.Ber;
using Alpi.Protocols.Snmp.Manager;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Collectors.Snmp;

/// <summary>
/// Polls the configured SNMP devices (RFC 3416 GET and GETBULK walks over one shared <see cref="SnmpClient"/>) with
/// the profile each one's sysObjectID selects, and publishes their values as line protocol. Devices are polled in
/// parallel, at most <see cref="SnmpPollingOptions.MaxConcurrency"/> at once, each at its own interval: a device whose
/// interval has not elapsed is skipped this round. A dead device costs its own timeout × (retries + 1) and never holds
/// the others. Every point carries <c>device</c> = the device's name; the agent adds its own <c>host</c>, as the
/// collector enforces from the topic (an agent publishes only under its own host), so a device's series read
/// "polled by host H"; each polled device also gets <c>snmp_poll up,duration_ms,varbinds</c>, tagged <c>site</c> too when
/// the device has a site of its own (<see cref="SnmpDeviceOptions.Site"/>). A device addressed by a DNS
/// name is resolved at poll time (<see cref="SnmpAddressResolver"/>); a name that does not resolve is a down device.
/// </summary>
internal sealed partial class SnmpDevicePoller : IMetricCollector, IAsyncDisposable, IDisposable
{
    private static readonly Oid SysUpTime = Oid.Parse("1.3.6.1.2.1.1.3.0");
    private static readonly Oid SysObjectId = Oid.Parse("1.3.6.1.2.1.1.2.0");

    /// <summary>A device is due when its next poll is at most this far ahead, so that round jitter does not skip it.</summary>
    private static readonly TimeSpan DueSlack = TimeSpan.FromMilliseconds(500);

    private const int ScalarsPerGet = 16;

    private readonly Device[] _devices;
    private readonly SnmpProfileCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _concurrency;
    private readonly SnmpClient _client;
    private readonly SnmpAddressResolver _resolver;
    private readonly CounterRates _rates = new();
    private readonly long _origin;

    /// <summary>Creates the poller from validated options.</summary>
    public SnmpDevicePoller(IOptions<SnmpPollingOptions> options, TimeProvider time, ILogger<SnmpDevicePoller> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var o = options.Value;
        _catalog = SnmpProfileCatalog.Load(o.ProfilesDirectory);
        var errors = new List<string>();
        _devices = [.. o.Devices.Select((d, i) =>
        {
            var (address, target) = SnmpDeviceTarget.TryCreate(d, string.Create(CultureInfo.InvariantCulture, $"{SnmpPollingOptions.SectionName}:Devices:{i}"), errors)
                ?? throw new OptionsValidationException(SnmpPollingOptions.SectionName, typeof(SnmpPollingOptions), errors);
            return new Device(d, address, target, d.Profile is { } p ? _catalog.Get(p) : null);
        })];
        _time = time;
        _logger = logger;
        _concurrency = new SemaphoreSlim(Math.Max(1, o.MaxConcurrency));
        _client = new SnmpClient(time);
        _resolver = new SnmpAddressResolver(time);
        _origin = time.GetTimestamp();
    }

    /// <inheritdoc />
    public string Name => "snmp";

    /// <inheritdoc />
    public async ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var now = _time.GetElapsedTime(_origin);
        var due = _devices.Where(d => d.NextPoll - DueSlack <= now).ToList();
        foreach (var device in due)
        {
            device.NextPoll = now + device.Options.Interval;
        }

        var results = await Task.WhenAll(due.Select(d => PollAsync(d, cancellationToken)));
        foreach (var points in results)
        {
            foreach (var point in points)
            {
                sink.Add(point);
            }
        }

        if (due.Count > 0 && LeniencyPoint(_client.Leniencies) is { } leniency)
        {
            sink.Add(leniency);
        }
    }

    /// <summary>
    /// <c>snmp_ber_leniency non_minimal_integer=…i,unsigned_without_leading_zero=…i,…</c>: responses, since the agent
    /// started, that carried each BER deviation the decoder tolerated; null while none was seen.
    /// </summary>
    internal static LinePoint? LeniencyPoint(BerLeniencyCounter counter)
    {
        var counts = counter.Snapshot();
        if (counts.Count == 0)
        {
            return null;
        }

        var fields = counts.OrderBy(c => c.Key)
            .Select(c => new KeyValuePair<string, FieldValue>(BerLeniencyCounter.Name(c.Key), FieldValue.Integer(c.Value)))
            .ToList();
        return new LinePoint("snmp_ber_leniency", [], fields, null);
    }

    /// <summary>Closes the client's socket (a container disposed synchronously calls this).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        _concurrency.Dispose();
    }

    private async Task<List<LinePoint>> PollAsync(Device device, CancellationToken cancellationToken)
    {
        await _concurrency.WaitAsync(cancellationToken);
        try
        {
            var start = _time.GetTimestamp();
            var poll = new DevicePoll(this, device, _time.GetElapsedTime(_origin));
            bool up;
            using (var budget = new CancellationTokenSource(device.Options.Interval, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token))
            {
                try
                {
                    up = await PollResolvedAsync(device, poll, linked.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    Log.PollOverran(_logger, device.Options.Name, device.Options.Interval);
                    up = false;
                }
            }

            var elapsed = _time.GetElapsedTime(start);
            poll.Points.Add(new LinePoint("snmp_poll", poll.PollTags,
            [
                new("up", FieldValue.Boolean(up)),
                new("duration_ms", FieldValue.Float(elapsed.TotalMilliseconds)),
                new("varbinds", FieldValue.Integer(poll.Varbinds)),
            ], null));
            return poll.Points;
        }
        finally
        {
            _concurrency.Release();
        }
    }

    /// <summary>
    /// Resolves the device's address (a DNS name: cached, see <see cref="SnmpAddressResolver"/>) and polls it. A name that
    /// does not resolve within the time one request may take (timeout × (retries + 1)) makes the device down, logged
    /// with the name; a device that does not answer has its cached address forgotten, so a moved device is found again.
    /// </summary>
    private async Task<bool> PollResolvedAsync(Device device, DevicePoll poll, CancellationToken cancellationToken)
    {
        var resolveTimeout = device.Options.Timeout * (device.Options.Retries + 1);
        var resolution = await _resolver.ResolveAsync(device.Address, resolveTimeout, cancellationToken);
        if (resolution.EndPoint is not { } endPoint)
        {
            Log.NameUnresolved(_logger, device.Options.Name, device.Address.Host, resolution.Error ?? "no address");
            return false;
        }

        var up = await poll.RunAsync(device.Target with { EndPoint = endPoint }, cancellationToken);
        if (!up && device.Address.IsName)
        {
            _resolver.Forget(device.Address.Host);
        }

        return up;
    }

    /// <summary>The state kept per configured device between rounds.</summary>
    private sealed class Device(SnmpDeviceOptions options, SnmpDeviceAddress address, SnmpTarget target, SnmpProfile? forcedProfile)
    {
        public SnmpDeviceOptions Options { get; } = options;

        public SnmpDeviceAddress Address { get; } = address;

        /// <summary>The target, whose end point is replaced at each poll by the resolved address.</summary>
        public SnmpTarget Target { get; } = target;

        public SnmpProfile? ForcedProfile { get; } = forcedProfile;

        public TimeSpan NextPoll { get; set; }

        public Oid? LastSysObjectId { get; set; }

        public SnmpProfile? SelectedProfile { get; set; }
    }
}
