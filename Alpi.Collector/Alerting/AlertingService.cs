using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Alpi.Collector.Alerting.Escalation;
using Alpi.Collector.Alerting.Evaluation;
using Alpi.Collector.Alerting.Evaluation.RecentPoints;
using Alpi.Collector.Alerting.Maintenance;
using Alpi.Collector.Alerting.OnCall;
using Alpi.Collector.Alerting.History;
using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Alerting.Notifications.Grouping;
using Alpi.Collector.Alerting.Rules;
using Alpi.Collector.Traps;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Alerting;

/// <summary>
/// The alert engine's front: loads its state at start, and runs every step — the evaluation tick, the evaluation of
/// one host after an ingest, a trap, an acknowledgement — one at a time: reload the rules if the file changed,
/// evaluate, apply to the <see cref="AlertEngine"/>, persist (alerts, history and queued notifications in one
/// transaction), wake the <see cref="NotificationDispatcher"/>. A failed save is logged, counted and retried with
/// the next step; evaluation goes on from memory meanwhile.
/// </summary>
/// <remarks>
/// With <c>Collector:Cluster:Enabled</c> (several collectors on one PostgreSQL database), every step is taken in turn
/// across the collectors (<see cref="AlertStore.BeginTurnAsync"/>): a collector whose in-memory state is older than the
/// stored one (another saved since, as the generation tells) reloads it first — open alerts, flap histories, escalation
/// progress, silences and API windows — so the engine's memory is a cache of the shared store, and a transition is
/// computed, saved and queued for notification once. A failed save is then not kept for the next step: the state is
/// reloaded and the step's changes are found again by the next tick.
/// </remarks>
public sealed partial class AlertingService : IHostedService, IDisposable
{
    private readonly RuleSetProvider _rules;
    private readonly AlertStore _store;
    private readonly IAlertDataSource _source;
    private readonly IAlertNotificationRouter _router;
    private readonly NotificationDispatcher? _dispatcher;
    private readonly OnCallConfigProvider? _onCall;
    private readonly EscalationScheduler? _escalation;
    private readonly MaintenanceRegistry? _maintenance;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertingService> _logger;
    private readonly AlertingOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AlertEngine _engine;
    private readonly NotificationGrouping _grouping;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _clustered;
    private long _generation = -1;
    private long _reloads;
    private long _turnFailures;
    private RuleEvaluator? _evaluator;
    private AlertChanges? _unsaved;
    private long _evaluations;
    private long _evaluationFailures;
    private long _saveFailures;
    private long _trapEvents;
    private DateTimeOffset? _lastEvaluation;
    private double _lastEvaluationMs;

    /// <summary>Creates the service (nothing is read before <see cref="StartAsync"/>).</summary>
    public AlertingService(
        RuleSetProvider rules,
        AlertStore store,
        IAlertDataSource source,
        IAlertNotificationRouter router,
        IEnumerable<INotificationFilter> filters,
        IOptions<CollectorOptions> options,
        TimeProvider timeProvider,
        ILogger<AlertingService> logger,
        NotificationDispatcher? dispatcher = null,
        OnCallConfigProvider? onCall = null,
        EscalationScheduler? escalation = null,
        MaintenanceRegistry? maintenance = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rules = rules;
        _store = store;
        _source = source;
        _router = router;
        _dispatcher = dispatcher;
        _onCall = onCall;
        _escalation = escalation;
        _maintenance = maintenance;
        _time = timeProvider;
        _logger = logger;
        _options = options.Value.Alerting;
        _clustered = options.Value.Cluster.Enabled && options.Value.State.IsPostgreSql;
        _engine = new AlertEngine(_options.Flapping, filters);
        _grouping = new NotificationGrouping(_options.Grouping);
    }

    /// <summary>Completes once the state is loaded.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The rule file provider (path, errors, reload counters).</summary>
    public RuleSetProvider Rules => _rules;

    /// <summary>The alert store (queries, history).</summary>
    public AlertStore Store => _store;

    /// <summary>The on-call file provider, or null when not configured.</summary>
    public OnCallConfigProvider? OnCall => _onCall;

    /// <summary>Maintenance windows and silences, or null when not configured.</summary>
    public MaintenanceRegistry? Maintenance => _maintenance;

    /// <summary>Loads the alert state and the rules; resolves the alerts of rules removed while the collector was stopped.</summary>
    /// <exception cref="DbException">The alerts database cannot be reached or migrated.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _store.InitializeAsync(cancellationToken);
        if (!_options.Enabled)
        {
            // The API still answers: no rules, no evaluation.
            _ready.TrySetResult();
            return;
        }

        _onCall?.Refresh();
        var now = _time.GetUtcNow();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Clustered: the turn loads the state (the generation is unknown yet). Alone: load it here.
            await using (var turn = await TakeTurnAsync(cancellationToken))
            {
                if (turn is null)
                {
                    await ReloadAsync(cancellationToken);
                }

                _evaluator = new RuleEvaluator(_source, now);
                _rules.Refresh();
                await PrepareSourceAsync(now, cancellationToken);
                if (_rules.FileExists && _rules.LastErrors.Count == 0)
                {
                    await SaveAsync(_engine.RemoveStaleRules(_rules.Current, now), now, cancellationToken);
                }
            }

            Log.Started(_logger, _engine.Open.Count, _rules.Current.Rules.Count, _rules.Path);
        }
        finally
        {
            _gate.Release();
        }

        _ready.TrySetResult();
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The evaluation tick: reload the rules if changed, evaluate every tick-driven rule over all hosts, apply, persist.</summary>
    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        if (_evaluator is null)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var turn = await TryTakeTurnAsync(cancellationToken);
            if (_clustered && turn is null)
            {
                return;
            }

            var started = Stopwatch.GetTimestamp();
            var now = _time.GetUtcNow();
            var changes = new AlertChanges();
            if (_rules.Refresh())
            {
                changes.Merge(_engine.RemoveStaleRules(_rules.Current, now));
            }

            _onCall?.Refresh();
            await PrepareSourceAsync(now, cancellationToken);

            var rules = _rules.Current;
            var observations = new List<AlertObservation>();
            var scopes = new List<EvaluationScope>();
            foreach (var rule in rules.Rules)
            {
                try
                {
                    var (found, scope) = await _evaluator.EvaluateAsync(rule, null, null, now, IsOpen, cancellationToken);
                    observations.AddRange(found);
                    if (scope is not null)
                    {
                        scopes.Add(scope);
                    }
                }
                catch (Exception e) when (e is InvalidOperationException or IOException or System.Data.Common.DbException)
                {
                    // One rule whose read fails must not stop the others; its alerts keep their state.
                    Interlocked.Increment(ref _evaluationFailures);
                    Log.RuleFailed(_logger, rule.Name, e.Message);
                }
            }

            changes.Merge(_engine.Apply(rules, observations, scopes, now));
            changes.Merge(_engine.ReleaseHeld(now));
            if (_escalation is not null)
            {
                // Stage first so that alerts notified in this very step start their progress before it advances.
                _escalation.Stage(changes);
                changes.Merge(_escalation.Advance(_engine.Open, now));
            }

            await SaveAsync(changes, now, cancellationToken);
            _lastEvaluation = now;
            _lastEvaluationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Interlocked.Increment(ref _evaluations);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Evaluates at once, for one host, the threshold rules on the measurements just stored for it (the ingest
    /// hook), so that a crossing is seen without waiting for the tick.
    /// </summary>
    public async Task EvaluateHostAsync(string tenant, string host, IReadOnlySet<string> measurements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        if (_evaluator is null)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var turn = await TryTakeTurnAsync(cancellationToken);
            if (_clustered && turn is null)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var rules = _rules.Current;
            var observations = new List<AlertObservation>();
            var scopes = new List<EvaluationScope>();
            foreach (var rule in rules.Rules.OfType<ThresholdRule>().Where(r => measurements.Contains(r.Selector.Measurement)))
            {
                try
                {
                    var (found, scope) = await _evaluator.EvaluateAsync(rule, tenant, host, now, IsOpen, cancellationToken);
                    observations.AddRange(found);
                    scopes.Add(scope!);
                }
                catch (Exception e) when (e is InvalidOperationException or IOException or System.Data.Common.DbException)
                {
                    Interlocked.Increment(ref _evaluationFailures);
                    Log.RuleFailed(_logger, rule.Name, e.Message);
                }
            }

            if (observations.Count > 0 || scopes.Count > 0)
            {
                await SaveAsync(_engine.Apply(rules, observations, scopes, now), now, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies a received SNMP trap to the trap rules: opens or resolves alerts.</summary>
    /// <exception cref="DbException">Clustered: the turn could not be taken (the database is unreachable); the trap was not applied.</exception>
    public async Task ApplyTrapAsync(TrapEvent trap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trap);
        if (_evaluator is null)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var turn = await TakeTurnAsync(cancellationToken);
            Interlocked.Increment(ref _trapEvents);
            var now = _time.GetUtcNow();
            var observations = RuleEvaluator.MatchTrap(_rules.Current, trap);
            if (observations.Count > 0)
            {
                await SaveAsync(_engine.Apply(_rules.Current, observations, [], now), now, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Acknowledges a firing alert (see <see cref="AlertEngine.Acknowledge"/>).</summary>
    /// <returns>The outcome and, when acknowledged, the alert.</returns>
    /// <exception cref="DbException">Clustered: the turn could not be taken (the database is unreachable); nothing changed.</exception>
    public async Task<(AckResult Result, AlertSnapshot? Alert)> AcknowledgeAsync(long id, string by, string? comment, bool sticky, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var turn = await TakeTurnAsync(cancellationToken);
            var now = _time.GetUtcNow();
            var result = _engine.Acknowledge(id, by, comment, sticky, now, out var changes);
            if (changes is not null)
            {
                await SaveAsync(changes, now, cancellationToken);
            }

            return (result, _engine.FindOpen(id)?.Snapshot());
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Figures for <c>/healthz</c>.</summary>
    public AlertingStatus Status() => new(
        _options.Enabled, _rules.Path, _rules.FileExists, _rules.Current.Rules.Count, _rules.Reloads, _rules.ReloadFailures,
        _rules.LastErrors.Select(e => e.ToString()).ToList(), Interlocked.Read(ref _evaluations), Interlocked.Read(ref _evaluationFailures),
        _lastEvaluation, Math.Round(_lastEvaluationMs, 2), _engine.Open.Count, Interlocked.Read(ref _saveFailures), Interlocked.Read(ref _trapEvents),
        _dispatcher?.Delivered ?? 0, _dispatcher?.Failed ?? 0, _dispatcher?.Retries ?? 0,
        _onCall?.Path, _onCall?.Reloads ?? 0, _onCall?.ReloadFailures ?? 0, _onCall?.LastErrors.Select(e => e.ToString()).ToList() ?? [],
        (_source as RecentPointsWindow)?.Status(), UnknownPolicies(), _clustered, Interlocked.Read(ref _reloads), Interlocked.Read(ref _turnFailures),
        _escalation?.StepsReachedNobody ?? 0, _dispatcher?.Requeued ?? 0);

    /// <summary>
    /// Rules naming an escalation policy the on-call file does not have (their alerts fall back to the default
    /// policy): <c>rule: policy</c>, so that a typo shows in <c>/healthz</c> rather than only in who gets paged.
    /// </summary>
    private List<string> UnknownPolicies()
    {
        var policies = _onCall?.Current.Policies;
        return _rules.Current.Rules
            .Where(r => r.Policy is not null && (policies is null || !policies.ContainsKey(r.Policy)))
            .Select(r => $"{r.Name}: {r.Policy}")
            .ToList();
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _gate.Dispose();

    private bool IsOpen(string fingerprint) => _engine.FindOpen(fingerprint) is not null;

    /// <summary>
    /// Clustered: waits for this collector's turn at the engine and, when another collector saved since this one last
    /// did or read, reloads the state first. Alone: null, nothing to wait for. Called under <see cref="_gate"/>.
    /// </summary>
    /// <exception cref="DbException">The database cannot be reached.</exception>
    private async Task<EngineTurn?> TakeTurnAsync(CancellationToken cancellationToken)
    {
        if (!_clustered)
        {
            return null;
        }

        var turn = await _store.BeginTurnAsync(cancellationToken);
        try
        {
            if (turn.Generation != _generation)
            {
                await ReloadAsync(cancellationToken);
                Interlocked.Increment(ref _reloads);
            }

            _generation = turn.Generation;
            return turn;
        }
        catch
        {
            await turn.DisposeAsync();
            throw;
        }
    }

    /// <summary><see cref="TakeTurnAsync"/>, but a database that cannot be reached is logged and counted, and the step skipped (null).</summary>
    private async Task<EngineTurn?> TryTakeTurnAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await TakeTurnAsync(cancellationToken);
        }
        catch (DbException e)
        {
            Interlocked.Increment(ref _turnFailures);
            Log.TurnFailed(_logger, e.Message);
            return null;
        }
    }

    /// <summary>Reads the state from the store into the engine, the escalation scheduler and the maintenance registry, replacing what they held.</summary>
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var (open, flaps, nextId) = await _store.LoadAsync(cancellationToken);
        var escalations = await _store.LoadEscalationsAsync(cancellationToken);
        if (_maintenance is not null)
        {
            await _maintenance.LoadAsync(cancellationToken);
        }

        _engine.Load(open, flaps, nextId);
        _escalation?.Load(escalations);
        _unsaved = null;
    }

    /// <summary>Lets the data source load what the current rules read; a failure leaves the reads to the store.</summary>
    private async Task PrepareSourceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await _source.PrepareAsync(_rules.Current, now, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.Data.Common.DbException)
        {
            Interlocked.Increment(ref _evaluationFailures);
            Log.RuleFailed(_logger, "(recent points)", e.Message);
        }
    }

    private async Task SaveAsync(AlertChanges changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_unsaved is not null)
        {
            _unsaved.Merge(changes);
            changes = _unsaved;
        }

        if (changes.IsEmpty)
        {
            return;
        }

        _escalation?.Stage(changes);
        try
        {
            var generation = await _store.SaveAsync(changes, _router, now, cancellationToken, _grouping);
            _unsaved = null;
            if (generation is { } saved)
            {
                // A silence created meanwhile on another collector advanced it too: read everything again next turn.
                _generation = saved == _generation + 1 ? saved : -1;
            }
        }
        catch (DbException e)
        {
            // Alone: kept and saved with the next step. Clustered: another collector may step before this one; the
            // state is read again at the next turn and the changes found again.
            _unsaved = _clustered ? null : changes;
            if (_clustered)
            {
                _generation = -1;
            }

            Interlocked.Increment(ref _saveFailures);
            Log.SaveFailed(_logger, e.Message);
            return;
        }

        foreach (var entry in changes.History.Where(h => h.Event is AlertEventKind.Firing or AlertEventKind.Resolved or AlertEventKind.Acknowledged or AlertEventKind.FlappingStarted or AlertEventKind.FlappingStopped or AlertEventKind.Suppressed))
        {
            if (entry.Detail is null || !entry.Detail.StartsWith("not notified", StringComparison.Ordinal))
            {
                LogTransition(entry, changes);
            }
        }

        foreach (var entry in changes.History.Where(h => h.Event == AlertEventKind.NotificationFailed
            && h.Detail is not null && h.Detail.Contains(EscalationScheduler.ReachedNobody, StringComparison.Ordinal)))
        {
            changes.TryGetAlert(entry.AlertId, out var alert);
            Log.ReachedNobody(_logger, entry.AlertId, alert?.Rule ?? "?", alert?.Tenant ?? "?", alert?.Host ?? "?", entry.Detail!);
        }

        if (changes.Notifications.Count > 0)
        {
            _dispatcher?.Signal();
        }
    }

    /// <summary>
    /// Logs a transition with what a technician reading the log at night needs: the rule, the tenant and host, the
    /// series or trap instance, the value, and the history's detail (who acknowledged, which silence).
    /// </summary>
    private void LogTransition(AlertHistoryEntry entry, AlertChanges changes)
    {
        changes.TryGetAlert(entry.AlertId, out var alert);
        var value = entry.Value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "none";
        var detail = string.IsNullOrEmpty(entry.Detail) ? "" : "; " + entry.Detail;
        Log.Transition(_logger, entry.AlertId, alert?.Rule ?? "?", alert?.Tenant ?? "?", alert?.Host ?? "?",
            string.IsNullOrEmpty(alert?.Instance) ? "" : " (" + alert.Instance + ")", entry.Event, entry.Severity, value, detail);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Alerting started: {OpenCount} open alerts restored, {RuleCount} rules from {Path}")]
        public static partial void Started(ILogger logger, int openCount, int ruleCount, string path);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Rule {Rule} could not be evaluated, its alerts keep their state: {Reason}")]
        public static partial void RuleFailed(ILogger logger, string rule, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Alert state not saved, retried at the next step: {Reason}")]
        public static partial void SaveFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Alert {AlertId} {Rule} on {Tenant}/{Host}{Instance}: {Event} ({Severity}), value {Value}{Detail}")]
        public static partial void Transition(ILogger logger, long alertId, string rule, string tenant, string host, string instance, AlertEventKind @event, Severity severity, string value, string detail);

        [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Alert engine turn not taken (cluster), step skipped until the next: {Reason}")]
        public static partial void TurnFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Alert {AlertId} {Rule} on {Tenant}/{Host}: escalation {Detail}")]
        public static partial void ReachedNobody(ILogger logger, long alertId, string rule, string tenant, string host, string detail);
    }
}

/// <summary>The alert engine's figures in <c>/healthz</c>.</summary>
/// <param name="Enabled">Whether the engine runs.</param>
/// <param name="RulesFile">The rule file's path.</param>
/// <param name="RulesFileExists">Whether it exists.</param>
/// <param name="Rules">Rules in force.</param>
/// <param name="Reloads">Good files loaded since start.</param>
/// <param name="ReloadFailures">Bad files rejected since start.</param>
/// <param name="RuleErrors">Errors of the last rejected file (line, column, key, message); empty when the last file read was good.</param>
/// <param name="Evaluations">Ticks run since start.</param>
/// <param name="EvaluationFailures">Rule evaluations that failed since start.</param>
/// <param name="LastEvaluation">When the last tick ran, or null.</param>
/// <param name="LastEvaluationMs">How long it took, milliseconds.</param>
/// <param name="OpenAlerts">Unresolved alerts.</param>
/// <param name="SaveFailures">Failed saves of alert state since start.</param>
/// <param name="TrapEvents">Trap events received by the engine since start.</param>
/// <param name="NotificationsDelivered">Notifications delivered since start.</param>
/// <param name="NotificationsFailed">Notifications given up since start.</param>
/// <param name="NotificationRetries">Retryable delivery attempts since start.</param>
/// <param name="OnCallFile">The on-call file's path, or null.</param>
/// <param name="OnCallReloads">Good on-call files loaded since start.</param>
/// <param name="OnCallReloadFailures">Bad on-call files rejected since start.</param>
/// <param name="OnCallErrors">Errors of the last rejected on-call file (line, column, key, message).</param>
/// <param name="RecentPoints">The in-memory window the rules read, or null when the rules read another source.</param>
/// <param name="UnknownPolicies">Rules whose <c>policy:</c> the on-call file does not define, as <c>rule: policy</c> (they use the default policy).</param>
/// <param name="Clustered">Whether steps are taken in turn with other collectors (<c>Collector:Cluster:Enabled</c>).</param>
/// <param name="StateReloads">Clustered: times the state was read again because another collector changed it.</param>
/// <param name="TurnFailures">Clustered: steps skipped because the turn could not be taken (database unreachable).</param>
/// <param name="EscalationStepsReachedNobody">Escalation steps that reached nobody since start (no address for their channels; the alert's history says why).</param>
/// <param name="NotificationsRequeued">Given-up notifications queued again since start because their alert still fires.</param>
public sealed record AlertingStatus(
    bool Enabled, string RulesFile, bool RulesFileExists, int Rules, long Reloads, long ReloadFailures, IReadOnlyList<string> RuleErrors,
    long Evaluations, long EvaluationFailures, DateTimeOffset? LastEvaluation, double LastEvaluationMs, int OpenAlerts, long SaveFailures,
    long TrapEvents, long NotificationsDelivered, long NotificationsFailed, long NotificationRetries,
    string? OnCallFile, long OnCallReloads, long OnCallReloadFailures, IReadOnlyList<string> OnCallErrors,
    RecentPointsStatus? RecentPoints = null, IReadOnlyList<string>? UnknownPolicies = null, bool Clustered = false, long StateReloads = 0, long TurnFailures = 0,
    long EscalationStepsReachedNobody = 0, long NotificationsRequeued = 0);
