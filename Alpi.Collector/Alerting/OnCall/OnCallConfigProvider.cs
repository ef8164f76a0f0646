using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Alerting.Rules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Alerting.OnCall;

/// <summary>
/// Holds the on-call file's configuration and reloads it when it changes (checked by <see cref="Refresh"/> at every
/// evaluation tick), with the rule file's watcher behaviour: the same <see cref="ChangedFileReader"/> and quiet period
/// (<see cref="RuleSetProvider.QuietPeriod"/>), so that a file rewritten in place is read only once whole. A file with
/// any error, an empty one included (what a reader sees of a file being rewritten), never replaces a good one: its
/// errors are logged with the file's path, counted (<see cref="ReloadFailures"/>, also in the collector's self-metrics)
/// and kept for <c>/healthz</c>. A missing file means no people, schedules, policies or windows.
/// </summary>
public sealed partial class OnCallConfigProvider
{
    private readonly ILogger<OnCallConfigProvider> _logger;
    private readonly IReadOnlySet<string>? _channels;
    private readonly Lock _lock = new();
    private readonly ChangedFileReader _file;

    /// <summary>Creates the provider over <see cref="AlertingOptions.OnCallFile"/>, relative to the rule file's folder.</summary>
    public OnCallConfigProvider(IOptions<CollectorOptions> options, RuleSetProvider rules, IEnumerable<IAlertNotifier> notifiers, ILogger<OnCallConfigProvider> logger,
        TimeProvider timeProvider)
        : this(ResolvePath(options?.Value.Alerting.OnCallFile ?? throw new ArgumentNullException(nameof(options)), rules?.Path ?? throw new ArgumentNullException(nameof(rules))),
            notifiers?.Select(n => n.Name).ToHashSet(StringComparer.Ordinal), logger, timeProvider)
    {
    }

    /// <summary>Creates the provider over an explicit path.</summary>
    /// <param name="path">The file.</param>
    /// <param name="channels">Configured channel names (checked in <c>via</c> and <c>channels</c>), or null not to check.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="timeProvider">The clock of the quiet period (debounce); null for the system clock.</param>
    public OnCallConfigProvider(string path, IReadOnlySet<string>? channels, ILogger<OnCallConfigProvider> logger, TimeProvider? timeProvider = null)
    {
        Path = path;
        _file = new ChangedFileReader(path, timeProvider ?? TimeProvider.System, RuleSetProvider.QuietPeriod);
        _channels = channels;
        _logger = logger;
    }

    /// <summary>The file's absolute path.</summary>
    public string Path { get; }

    /// <summary>The configuration in force.</summary>
    public OnCallConfig Current { get; private set; } = OnCallConfig.Empty;

    /// <summary>Good files loaded since start.</summary>
    public long Reloads { get; private set; }

    /// <summary>Bad files rejected since start.</summary>
    public long ReloadFailures { get; private set; }

    /// <summary>The errors of the last rejected file, or empty.</summary>
    public IReadOnlyList<RuleError> LastErrors { get; private set; } = [];

    /// <summary>Resolves a configured path: absolute as is, else in the rule file's folder.</summary>
    public static string ResolvePath(string configured, string rulesPath)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(rulesPath);
        return System.IO.Path.IsPathRooted(configured)
            ? configured
            : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(rulesPath) ?? ".", configured);
    }

    /// <summary>Reloads the file if it changed since the last call.</summary>
    /// <returns>True when a new configuration was put in force.</returns>
    public bool Refresh()
    {
        lock (_lock)
        {
            var info = new FileInfo(Path);
            if (!info.Exists)
            {
                if (_file.WasPresent)
                {
                    Log.Missing(_logger, Path);
                    Current = OnCallConfig.Empty;
                    _file.MarkMissing(forgetContent: true);
                    return true;
                }

                _file.MarkMissing(forgetContent: false);
                return false;
            }

            var text = _file.ReadIfChanged(info, reason => Log.Unreadable(_logger, Path, reason));
            if (text is null)
            {
                return false;
            }

            var config = OnCallFileParser.Parse(text, _channels, out var errors);
            if (config is null)
            {
                ReloadFailures++;
                LastErrors = errors;
                Log.Rejected(_logger, Path, errors.Count);
                foreach (var error in errors)
                {
                    Log.FileError(_logger, Path, error.ToString());
                }

                return false;
            }

            Current = config;
            LastErrors = [];
            Reloads++;
            Log.Loaded(_logger, Path, config.People.Count, config.Schedules.Count, config.Policies.Count, config.Maintenance.Count);
            foreach (var gap in Unreachable(config, _channels))
            {
                Log.Unreachable(_logger, Path, gap);
            }

            return true;
        }
    }

    /// <summary>
    /// The people of escalation steps who have no address on any channel the step would use them by (its <c>via</c>,
    /// else every configured channel when <paramref name="channels"/> is known): <c>policy infra step 1: person nomail
    /// has no address for email (via: email)</c>. Such a step pages nobody through them; the file is still accepted.
    /// </summary>
    /// <param name="config">The on-call configuration.</param>
    /// <param name="channels">The configured channel names, or null when unknown (then only steps with <c>via</c> are checked).</param>
    public static IReadOnlyList<string> Unreachable(OnCallConfig config, IReadOnlySet<string>? channels)
    {
        ArgumentNullException.ThrowIfNull(config);
        var result = new List<string>();
        foreach (var policy in config.Policies.Values)
        {
            for (var i = 0; i < policy.Steps.Count; i++)
            {
                var step = policy.Steps[i];
                IReadOnlyCollection<string>? via = step.Via.Count > 0 ? step.Via.ToList() : channels;
                if (via is null)
                {
                    continue;
                }

                var people = step.People.Concat(step.Schedules.Where(config.Schedules.ContainsKey).SelectMany(s => config.Schedules[s].Rotation)).Distinct();
                foreach (var name in people)
                {
                    if (config.People.TryGetValue(name, out var person) && !person.Contacts.Keys.Any(via.Contains))
                    {
                        var viaText = step.Via.Count > 0 ? "via: " + string.Join(", ", step.Via) : "any configured channel";
                        result.Add($"policy {policy.Name} step {i + 1}: person {name} has no address for {string.Join(" or ", via)} ({viaText})");
                    }
                }
            }
        }

        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "On-call file {Path} loaded: {People} people, {Schedules} schedules, {Policies} policies, {Windows} maintenance windows")]
        public static partial void Loaded(ILogger logger, string path, int people, int schedules, int policies, int windows);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "On-call file {Path} rejected with {ErrorCount} error(s); the configuration in force is kept")]
        public static partial void Rejected(ILogger logger, string path, int errorCount);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Path}: {Error}")]
        public static partial void FileError(ILogger logger, string path, string error);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "On-call file {Path} was removed: no schedules, policies or maintenance windows")]
        public static partial void Missing(ILogger logger, string path);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "On-call file {Path} could not be read, retried at the next tick: {Reason}")]
        public static partial void Unreadable(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "On-call file {Path}: {Gap}; that step pages nobody through them")]
        public static partial void Unreachable(ILogger logger, string path, string gap);
    }
}
