using Alpi.Agent.Collectors.Commands;

namespace Alpi.Agent.Tests.Collectors.Commands;

/// <summary>
/// An <see cref="ICommandRunner"/> that replays captured outputs: <c>iw dev wlan0 station dump</c> reads
/// <c>&lt;directory&gt;/iw-dev-wlan0-station-dump.&lt;Sample&gt;.txt</c>, else <c>….txt</c> (standard output, exit 0), else
/// <c>….err</c> (standard error, exit 1); <see cref="Outputs"/> entries (same key, no extension) win. A command with no
/// replay fails the test.
/// </summary>
internal sealed class ReplayCommandRunner(string? directory = null) : ICommandRunner
{
    /// <summary>Which collection the outputs are for (the <c>.1</c>/<c>.2</c> files).</summary>
    public int Sample { get; set; } = 1;

    /// <summary>Commands <see cref="Locate"/> does not find.</summary>
    public HashSet<string> Missing { get; } = new(StringComparer.Ordinal);

    /// <summary>Results by key (<c>iw-dev</c>), taking precedence over files.</summary>
    public Dictionary<string, CommandResult> Outputs { get; } = new(StringComparer.Ordinal);

    /// <summary>Every command run, as a command line.</summary>
    public List<string> Calls { get; } = [];

    public string? Locate(string command) => Missing.Contains(command) ? null : "/usr/sbin/" + command;

    public ValueTask<CommandResult> RunAsync(string command, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Calls.Add(string.Join(' ', [command, .. arguments]));
        if (Missing.Contains(command))
        {
            return ValueTask.FromResult(new CommandResult(CommandOutcome.NotFound, -1, "", $"{command}: not found"));
        }

        var key = string.Join('-', [command, .. arguments]);
        if (Outputs.TryGetValue(key, out var result))
        {
            return ValueTask.FromResult(result);
        }

        if (directory is not null)
        {
            foreach (var name in new[] { $"{key}.{Sample}.txt", $"{key}.txt" })
            {
                var path = Path.Join(directory, name);
                if (File.Exists(path))
                {
                    return ValueTask.FromResult(new CommandResult(CommandOutcome.Completed, 0, File.ReadAllText(path), ""));
                }
            }

            foreach (var name in new[] { $"{key}.{Sample}.err", $"{key}.err" })
            {
                var path = Path.Join(directory, name);
                if (File.Exists(path))
                {
                    return ValueTask.FromResult(new CommandResult(CommandOutcome.Completed, 1, "", File.ReadAllText(path)));
                }
            }
        }

        throw new InvalidOperationException($"No replay for `{string.Join(' ', [command, .. arguments])}` (key {key}) in {directory ?? "the outputs"}.");
    }

    /// <summary>A successful result with <paramref name="output"/> on standard output.</summary>
    public static CommandResult Ok(string output) => new(CommandOutcome.Completed, 0, output, "");

    /// <summary>A failed result (exit 1) with <paramref name="error"/> on standard error.</summary>
    public static CommandResult Fail(string error) => new(CommandOutcome.Completed, 1, "", error);
}
