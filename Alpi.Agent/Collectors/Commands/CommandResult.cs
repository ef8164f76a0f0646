namespace Alpi.Agent.Collectors.Commands;

/// <summary>How a command run by <see cref="ICommandRunner"/> ended.</summary>
public enum CommandOutcome
{
    /// <summary>The process ran and exited by itself; see <see cref="CommandResult.ExitCode"/>.</summary>
    Completed,

    /// <summary>The executable was not found (not on <c>PATH</c>, or the given path does not exist).</summary>
    NotFound,

    /// <summary>The process did not exit within the time-out and was killed with its children.</summary>
    TimedOut,

    /// <summary>The process could not be started (permission denied, not an executable); see <see cref="CommandResult.StandardError"/>.</summary>
    StartFailed,
}

/// <summary>
/// What a command printed and how it ended. Output is decoded as UTF-8; each stream keeps at most
/// <see cref="ProcessCommandRunner.MaxOutputChars"/> characters, and <see cref="Truncated"/> says when more was dropped.
/// </summary>
/// <param name="Outcome">How the command ended.</param>
/// <param name="ExitCode">The exit status when <see cref="Outcome"/> is <see cref="CommandOutcome.Completed"/>, else -1.</param>
/// <param name="StandardOutput">What the command wrote on standard output.</param>
/// <param name="StandardError">What it wrote on standard error, or why it could not start.</param>
/// <param name="Truncated">True when an output stream was longer than the limit and was cut.</param>
public sealed record CommandResult(CommandOutcome Outcome, int ExitCode, string StandardOutput, string StandardError, bool Truncated = false)
{
    /// <summary>True when the command ran, exited with status 0 and its output was kept whole.</summary>
    public bool Succeeded => Outcome == CommandOutcome.Completed && ExitCode == 0 && !Truncated;

    /// <summary>A short reason for logs: the exit status and the first line of standard error, or the outcome.</summary>
    public string Describe()
    {
        var firstError = StandardError.Split('\n', 2)[0].Trim();
        return Outcome switch
        {
            CommandOutcome.Completed when Truncated => "output longer than the limit, cut",
            CommandOutcome.Completed => firstError.Length == 0 ? $"exit status {ExitCode}" : $"exit status {ExitCode}: {firstError}",
            CommandOutcome.NotFound => "not found",
            CommandOutcome.TimedOut => "timed out and killed",
            _ => $"could not start: {firstError}",
        };
    }
}
