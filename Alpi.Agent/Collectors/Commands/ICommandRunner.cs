namespace Alpi.Agent.Collectors.Commands;

/// <summary>
/// Runs the host's command-line tools (<c>iw</c>, <c>chilli_query</c>) for collectors, with a time-out, so that tests
/// can replay captured outputs instead (Telegraf's inputs that shell out do the same through an exec helper).
/// </summary>
public interface ICommandRunner
{
    /// <summary>
    /// The full path of <paramref name="command"/>: itself when it contains a <c>/</c> and exists, else the first match in
    /// the directories of <c>PATH</c>, then <c>/usr/local/sbin</c>, <c>/usr/sbin</c>, <c>/sbin</c> (where <c>iw</c> lives,
    /// often missing from a service's <c>PATH</c>). Null when not found.
    /// </summary>
    /// <param name="command">A command name (<c>iw</c>) or path (<c>/usr/sbin/iw</c>).</param>
    string? Locate(string command);

    /// <summary>
    /// Runs <paramref name="command"/> with <paramref name="arguments"/> (no shell: arguments are passed as they are),
    /// with <c>LC_ALL=C</c>, and returns its output. Never throws for the command's own failures: a missing executable,
    /// a non-zero exit status and a time-out are outcomes in the result.
    /// </summary>
    /// <param name="command">A command name or path, located as <see cref="Locate"/> does.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="timeout">Longest run; past it the process and its children are killed (<see cref="CommandOutcome.TimedOut"/>).</param>
    /// <param name="cancellationToken">Stops the run: the process is killed and <see cref="OperationCanceledException"/> thrown.</param>
    ValueTask<CommandResult> RunAsync(string command, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken);
}
