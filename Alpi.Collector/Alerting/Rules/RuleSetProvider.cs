using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Alerting.Rules;

/// <summary>
/// Holds the current rules and reloads the rule file when it changes (checked by <see cref="Refresh"/>, which the
/// evaluation calls at every tick: a stat, and a read and hash only when size or time changed and the file has been
/// quiet for <see cref="QuietPeriod"/> — robust against editors that replace the file, unlike a file watcher). A file
/// with any error, an empty one included (<c>rules: []</c> is how to have no rules), never replaces good rules: its
/// errors are logged once, counted (<see cref="ReloadFailures"/>) and kept for <c>/healthz</c> until a good file is loaded.
/// </summary>
public sealed partial class RuleSetProvider
{
    private readonly ILogger<RuleSetProvider> _logger;
    private readonly Lock _lock = new();
    private readonly ChangedFileReader _file;

    /// <summary>
    /// How long a changed rule file must stay unchanged before it is read (300 ms): a file rewritten in place by an
    /// editor or a deployment tool is then read whole, not while it is empty or half written.
    /// </summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(300);

    /// <summary>Creates the provider over the configured <see cref="AlertingOptions.RulesFile"/>.</summary>
    public RuleSetProvider(IOptions<CollectorOptions> options, ILogger<RuleSetProvider> logger, TimeProvider timeProvider)
        : this(ResolvePath(options?.Value.Alerting.RulesFile ?? throw new ArgumentNullException(nameof(options))), logger, timeProvider)
    {
    }

    /// <summary>Creates the provider over an explicit file path.</summary>
    /// <param name="path">The rule file.</param>
    /// <param name="logger">Where loads and rejections are logged.</param>
    /// <param name="timeProvider">The clock of the <see cref="QuietPeriod"/> (debounce); null for the system clock.</param>
    public RuleSetProvider(string path, ILogger<RuleSetProvider> logger, TimeProvider? timeProvider = null)
    {
        Path = path;
        _file = new ChangedFileReader(path, timeProvider ?? TimeProvider.System, QuietPeriod);
        _logger = logger;
    }

    /// <summary>The rule file's absolute path.</summary>
    public string Path { get; }

    /// <summary>The rules in force (empty until a good file is loaded).</summary>
    public RuleSet Current { get; private set; } = RuleSet.Empty;

    /// <summary>Increases each time new rules are put in force.</summary>
    public int Version { get; private set; }

    /// <summary>Good files loaded since start.</summary>
    public long Reloads { get; private set; }

    /// <summary>Bad files rejected since start.</summary>
    public long ReloadFailures { get; private set; }

    /// <summary>The errors of the last rejected file, or empty when the last file read was good.</summary>
    public IReadOnlyList<RuleError> LastErrors { get; private set; } = [];

    /// <summary>False while the file does not exist (no rules then).</summary>
    public bool FileExists { get; private set; }

    /// <summary>
    /// Resolves a configured path: absolute as is; relative in the current directory if the file is there, else
    /// beside the binary (where the sample ships), else in the current directory (where it may appear later).
    /// </summary>
    public static string ResolvePath(string configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        if (System.IO.Path.IsPathRooted(configured))
        {
            return configured;
        }

        var inCurrent = System.IO.Path.GetFullPath(configured);
        var besideBinary = System.IO.Path.Combine(AppContext.BaseDirectory, configured);
        return File.Exists(inCurrent) || !File.Exists(besideBinary) ? inCurrent : besideBinary;
    }

    /// <summary>Reloads the file if it changed since the last call.</summary>
    /// <returns>True when new rules were put in force.</returns>
    public bool Refresh()
    {
        lock (_lock)
        {
            var info = new FileInfo(Path);
            if (!info.Exists)
            {
                if (FileExists || !_file.Checked)
                {
                    Log.Missing(_logger, Path);
                }

                FileExists = false;
                _file.MarkMissing(forgetContent: false);
                return false;
            }

            FileExists = true;
            // Being written: read again at the next tick.
            var text = _file.ReadIfChanged(info, reason => Log.Unreadable(_logger, Path, reason));
            if (text is null)
            {
                return false;
            }

            var rules = RuleFileParser.Parse(text, out var errors);
            if (rules is null)
            {
                ReloadFailures++;
                LastErrors = errors;
                Log.Rejected(_logger, Path, errors.Count, Current.Rules.Count);
                foreach (var error in errors)
                {
                    Log.RuleError(_logger, Path, error.ToString());
                }

                return false;
            }

            Current = rules;
            LastErrors = [];
            Reloads++;
            Version++;
            Log.Loaded(_logger, Path, rules.Rules.Count, rules.Dependencies.Count);
            return true;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Alert rules loaded from {Path}: {RuleCount} rules, {DependencyCount} host dependencies")]
        public static partial void Loaded(ILogger logger, string path, int ruleCount, int dependencyCount);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Alert rule file {Path} rejected with {ErrorCount} error(s); the {RuleCount} rules in force are kept")]
        public static partial void Rejected(ILogger logger, string path, int errorCount, int ruleCount);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Path}: {Error}")]
        public static partial void RuleError(ILogger logger, string path, string error);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Alert rule file {Path} does not exist: no alert rules")]
        public static partial void Missing(ILogger logger, string path);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Alert rule file {Path} could not be read, retried at the next tick: {Reason}")]
        public static partial void Unreadable(ILogger logger, string path, string reason);
    }
}
