using Alpi.Collector.Alerting;
using Alpi.Collector.Alerting.Escalation;
using Alpi.Collector.Alerting.Evaluation;
using Alpi.Collector.Alerting.Maintenance;
using Alpi.Collector.Alerting.OnCall;
using Alpi.Collector.Alerting.History;
using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Alerting.Rules;
using Alpi.Collector.Inventory;
using Alpi.Collector.Relational;
using Alpi.Collector.Storage;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Alerting;

/// <summary>
/// The alert engine with everything but the network: rules from a temp YAML file, state in a temp <c>alerts.db</c> or
/// a fresh PostgreSQL database (<see cref="StateTestDatabase"/>), series and hosts from an in-memory
/// <see cref="FakeDataSource"/>, a recording channel, a <see cref="FakeTimeProvider"/>. <see cref="RestartAsync"/> starts
/// a new engine over the same state, as a collector restart does; <see cref="JoinAsync"/> a second collector of a cluster
/// over the same database, rules, series and clock, with its own channel.
/// </summary>
internal sealed class AlertingHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _folder = new("alpi-alerting");
    private readonly AlertingHarness? _first;
    private StateTestDatabase _state = null!;
    private CollectorDatabases _databases = null!;
    private AlertStore _store = null!;
    private NotificationDispatcher _dispatcher = null!;
    private int _ruleWrites;

    private AlertingHarness(AlertingHarness? first = null)
    {
        _first = first;
    }

    public FakeTimeProvider Time { get; private init; } = new(Start);

    public FakeDataSource Data { get; private init; } = new();

    public RecordingNotifier Channel { get; } = new();

    public AlertingService Service { get; private set; } = null!;

    public string RulesPath => Path.Combine((_first?._folder ?? _folder).Path, "alert-rules.yaml");

    public string OnCallPath => Path.Combine((_first?._folder ?? _folder).Path, "oncall.yaml");

    /// <summary>The alert store of this engine.</summary>
    public AlertStore Store => _store;

    /// <summary>The state (<c>alerts.db</c> or the PostgreSQL database).</summary>
    public StateTestDatabase State => _state;

    public MaintenanceRegistry Maintenance { get; private set; } = null!;

    /// <summary>Notifications delivered so far with their recipient: <c>firing cpu-high srv1 → alice</c> (<c>→ *</c> for the channel's default).</summary>
    public IReadOnlyList<string> SentTo => Channel.Messages.SelectMany(m => m.Items.Select(n => $"{AlertStore.Name(n.Event)} {n.Alert.Rule} {n.Alert.Host} → {m.Recipient ?? "*"}")).ToList();

    /// <summary>Notifications delivered so far, as "event rule host" strings (<c>firing cpu-high srv1</c>).</summary>
    public IReadOnlyList<string> Sent => Channel.Received.Select(n => $"{AlertStore.Name(n.Event)} {n.Alert.Rule} {n.Alert.Host}").ToList();

    public CollectorOptions Options { get; } = new();

    public static async Task<AlertingHarness> StartAsync(string rulesYaml, Action<CollectorOptions>? configure = null, string? onCallYaml = null, DateTimeOffset? start = null,
        string provider = StateOptions.Sqlite)
    {
        var harness = new AlertingHarness { Time = new FakeTimeProvider(start ?? Start) };
        harness._state = await StateTestDatabase.CreateAsync(provider);
        configure?.Invoke(harness.Options);
        harness._state.Apply(harness.Options);
        harness.Options.Alerting.Delivery.InitialBackoff = TimeSpan.FromSeconds(1);
        await File.WriteAllTextAsync(harness.RulesPath, rulesYaml);
        if (onCallYaml is not null)
        {
            await File.WriteAllTextAsync(harness.OnCallPath, onCallYaml);
        }

        await harness.StartServiceAsync();
        return harness;
    }

    /// <summary>
    /// A second collector over the same state, rule and on-call files, series and clock: a clustered engine when
    /// <paramref name="first"/>'s options say <c>Collector:Cluster:Enabled</c> on PostgreSQL. Its own store, dispatcher
    /// and channel.
    /// </summary>
    public static async Task<AlertingHarness> JoinAsync(AlertingHarness first)
    {
        ArgumentNullException.ThrowIfNull(first);
        var harness = new AlertingHarness(first) { Time = first.Time, Data = first.Data };
        harness._state = first._state;
        harness.Options.Alerting = first.Options.Alerting;
        harness.Options.Cluster = first.Options.Cluster;
        harness._state.Apply(harness.Options);
        await harness.StartServiceAsync();
        return harness;
    }

    /// <summary>Rewrites the on-call file (its time stamp moved forward so the change is seen).</summary>
    public async Task WriteOnCallAsync(string yaml)
    {
        await File.WriteAllTextAsync(OnCallPath, yaml);
        // Written a second ago by the test clock, so past the provider's quiet period (debounce); each write its own time.
        File.SetLastWriteTimeUtc(OnCallPath, Time.GetUtcNow().UtcDateTime.AddSeconds(-1).AddMilliseconds(++_ruleWrites));
    }

    public async Task RestartAsync()
    {
        Maintenance.Dispose();
        Service.Dispose();
        _dispatcher.Dispose();
        _store.Dispose();
        await _databases.DisposeAsync();
        await StartServiceAsync();
    }

    /// <summary>Rewrites the rule file (its time stamp moved forward so the change is seen).</summary>
    public async Task WriteRulesAsync(string yaml)
    {
        await File.WriteAllTextAsync(RulesPath, yaml);
        // Written a second ago by the test clock, so past the provider's quiet period (debounce); each write its own time.
        File.SetLastWriteTimeUtc(RulesPath, Time.GetUtcNow().UtcDateTime.AddSeconds(-1).AddMilliseconds(++_ruleWrites));
    }

    /// <summary>Moves the clock, runs one evaluation tick and delivers what it queued.</summary>
    public async Task TickAsync(TimeSpan? advance = null)
    {
        Time.Advance(advance ?? TimeSpan.FromSeconds(10));
        await Service.EvaluateAsync(CancellationToken.None);
        await _dispatcher.DeliverDueAsync(CancellationToken.None);
    }

    public async Task DeliverAsync() => await _dispatcher.DeliverDueAsync(CancellationToken.None);

    public async Task<IReadOnlyList<AlertSnapshot>> AlertsAsync(string? rule = null, bool openOnly = false) =>
        await Service.Store.QueryAsync(new AlertQuery(Rule: rule, OpenOnly: openOnly, Limit: 1000), CancellationToken.None);

    public async Task<AlertSnapshot> SingleOpenAsync(string rule, string? host = null)
    {
        var open = (await AlertsAsync(rule, openOnly: true)).Where(a => host is null || a.Host == host).ToList();
        open.Should().ContainSingle($"one open alert of {rule}");
        return open[0];
    }

    /// <summary>What the alerting service logged.</summary>
    public Microsoft.Extensions.Logging.Testing.FakeLogger<AlertingService> Log { get; } = new();

    public async Task<IReadOnlyList<string>> HistoryAsync(long id) =>
        (await Service.Store.HistoryAsync(id, CancellationToken.None)).Select(h => AlertStore.Name(h.Event) + (h.Detail is null ? "" : ": " + h.Detail)).ToList();

    public async ValueTask DisposeAsync()
    {
        Maintenance.Dispose();
        Service.Dispose();
        _dispatcher.Dispose();
        _store.Dispose();
        await _databases.DisposeAsync();
        if (_first is null)
        {
            await _state.DisposeAsync();
        }

        _folder.Dispose();
    }

    private async Task StartServiceAsync()
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        _databases = new CollectorDatabases(options);
        _store = new AlertStore(_databases);
        _dispatcher = new NotificationDispatcher(_store, [Channel], options, Time, NullLogger<NotificationDispatcher>.Instance);
        var rules = new RuleSetProvider(RulesPath, NullLogger<RuleSetProvider>.Instance, Time);
        var onCall = new OnCallConfigProvider(OnCallPath, null, NullLogger<OnCallConfigProvider>.Instance, Time);
        var policies = new EscalationPolicies(rules, onCall);
        Maintenance = new MaintenanceRegistry(_store, onCall, Time);
        INotificationFilter[] filters = [new MaintenanceFilter(Maintenance)];
        var router = new EscalationRouter(policies, [Channel]);
        Service = new AlertingService(rules, _store, Data, router, filters, options, Time,
            Log, _dispatcher, onCall, new EscalationScheduler(policies, filters, router), Maintenance);
        await Service.StartAsync(CancellationToken.None);
    }
}

/// <summary>A channel that keeps what it receives; its outcome can be set per call.</summary>
internal sealed class RecordingNotifier : IAlertNotifier
{
    public List<AlertNotification> Received { get; } = [];

    public Queue<NotifyResult> Outcomes { get; } = new();

    public int Attempts { get; private set; }

    public string Name => "recording";

    /// <summary>The messages delivered (one per group batch).</summary>
    public List<NotificationMessage> Messages { get; } = [];

    public ValueTask<NotifyResult> NotifyAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        Attempts++;
        var result = Outcomes.Count > 0 ? Outcomes.Dequeue() : NotifyResult.Delivered;
        if (result.Outcome == NotifyOutcome.Delivered)
        {
            Messages.Add(message);
            Received.AddRange(message.Items);
        }

        return ValueTask.FromResult(result);
    }
}

/// <summary>Series, points and hosts in memory for the rules to read.</summary>
internal sealed class FakeDataSource : IAlertDataSource
{
    private readonly Dictionary<SeriesInfo, List<(long, double)>> _points = [];
    private readonly Dictionary<(string, string), HostRecord> _hosts = [];
    private long _nextId = 1;

    /// <summary>Adds a point to the series <paramref name="measurement"/>/<paramref name="field"/> of a host with extra tags (<c>cpu=cpu-total</c>).</summary>
    public void Add(string tenant, string host, string measurement, string field, string tags, DateTimeOffset at, double value)
    {
        var allTags = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["tenant"] = tenant, ["host"] = host };
        foreach (var pair in tags.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Split('=', 2)))
        {
            allTags[pair[0]] = pair[1];
        }

        var series = _points.Keys.FirstOrDefault(s => s.Measurement == measurement && s.Field == field && s.Tags.SequenceEqual(allTags));
        if (series is null)
        {
            series = new SeriesInfo(_nextId++, measurement, field, tenant, host, new Dictionary<string, string>(allTags));
            _points[series] = [];
        }

        _points[series].Add((Alpi.Collector.Api.QueryRequest.ToNs(at), value));
        SetHost(tenant, host, _hosts.GetValueOrDefault((tenant, host))?.Status ?? "online", at);
    }

    public void SetHost(string tenant, string host, string status, DateTimeOffset lastSeen) =>
        _hosts[(tenant, host)] = new HostRecord(tenant, host, status, lastSeen, null, 0);

    public IReadOnlyList<SeriesInfo> ListSeries(SeriesSelector selector, string? tenant, string? host) =>
        _points.Keys.Where(s => s.Measurement == selector.Measurement && s.Field == selector.Field && selector.Matches(s.Tags)
            && (tenant is null || s.Tenant == tenant) && (host is null || s.Host == host)).ToList();

    public Task<IReadOnlyList<SeriesPoints>> ReadAsync(SeriesSelector selector, string? tenant, string? host, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, CancellationToken cancellationToken)
    {
        var from = Alpi.Collector.Api.QueryRequest.ToNs(rangeStart);
        var to = Alpi.Collector.Api.QueryRequest.ToNs(rangeEnd);
        IReadOnlyList<SeriesPoints> result = ListSeries(selector, tenant, host)
            .Select(s => new SeriesPoints(s, _points[s].Where(p => p.Item1 >= from && p.Item1 < to).OrderBy(p => p.Item1).ToList()))
            .ToList();
        return Task.FromResult(result);
    }

    public IReadOnlyList<HostRecord> ListHosts() => _hosts.Values.ToList();
}
