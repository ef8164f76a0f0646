using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Cli;

/// <summary>
/// The CLI's only log: the warnings of the database's migrations (category <c>Alpi.HotspotController.Storage.*</c>),
/// written to standard error as <c>warning: …</c> in the daemon log's words. The CLI may be the first to open a
/// database after an upgrade, and a migration's warning (logins left apart by schema 7, for the administrator to keep
/// one) would otherwise be lost. Other categories stay silent: the commands print their own outcomes.
/// </summary>
/// <param name="error">Standard error (the CLI's error writer).</param>
internal sealed class CliWarningLog(TextWriter error) : ILoggerProvider
{
    /// <summary>The category prefix whose warnings are shown: the database and its migrations.</summary>
    public const string Category = "Alpi.HotspotController.Storage";

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith(Category, StringComparison.Ordinal) ? new Writer(error) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Writer(TextWriter error) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                error.WriteLine((logLevel == LogLevel.Warning ? "warning: " : "error: ") + formatter(state, exception));
            }
        }
    }
}
