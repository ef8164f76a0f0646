namespace Alpi.Collector.Security;

/// <summary>
/// What access control has to tell the person at the console once the collector listens: the first administrator's
/// account and initial password (the password only when the console is a terminal), a reminder while that password is
/// unchanged, or that no account can log in yet. <see cref="SecurityStartup"/> sets it before the HTTP server listens;
/// the host prints it (<see cref="WriteTo"/>) after its own start-up lines (<c>Alpi dashboard: …</c>, the captive
/// portal's), so that it is the last thing the person reads. Never logged: it may hold a password.
/// </summary>
public sealed class StartupNotice
{
    private IReadOnlyList<string> _lines = [];

    /// <summary>The lines to print, in order; empty when there is nothing to say.</summary>
    public IReadOnlyList<string> Lines => _lines;

    /// <summary>Replaces the lines to print.</summary>
    /// <param name="lines">The lines, in order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="lines"/> is null.</exception>
    public void Set(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        _lines = lines;
    }

    /// <summary>Writes every line to <paramref name="writer"/> (the console), nothing when there is none.</summary>
    /// <param name="writer">Where to write: <see cref="Console.Out"/> in the shipped program.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var line in _lines)
        {
            writer.WriteLine(line);
        }
    }
}
