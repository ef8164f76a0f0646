using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Alpi.Agent.Collectors.Commands;

/// <summary>The real <see cref="ICommandRunner"/>: <see cref="Process"/> with redirected, size-capped output.</summary>
internal sealed class ProcessCommandRunner : ICommandRunner
{
    /// <summary>Most characters kept from each output stream (1 Mi): a station dump of 200 clients is about 300 k.</summary>
    public const int MaxOutputChars = 1 << 20;

    private static readonly string[] SystemDirectories = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

    /// <inheritdoc />
    public string? Locate(string command)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        if (command.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(command) ? command : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(SystemDirectories))
        {
            var candidate = Path.Join(directory, command);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public async ValueTask<CommandResult> RunAsync(string command, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var executable = Locate(command);
        if (executable is null)
        {
            return new CommandResult(CommandOutcome.NotFound, -1, "", $"{command}: not found");
        }

        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["LC_ALL"] = "C";
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new CommandResult(CommandOutcome.StartFailed, -1, "", $"{executable}: {e.Message}");
        }

        process.StandardInput.Close();
        var output = ReadCappedAsync(process.StandardOutput);
        var error = ReadCappedAsync(process.StandardError);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            var (partialOutput, _) = await output;
            var (partialError, _) = await error;
            return new CommandResult(CommandOutcome.TimedOut, -1, partialOutput, partialError);
        }

        var (stdout, outCut) = await output;
        var (stderr, errCut) = await error;
        return new CommandResult(CommandOutcome.Completed, process.ExitCode, stdout, stderr, outCut || errCut);
    }

    private static async Task<(string Text, bool Truncated)> ReadCappedAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        var buffer = new char[8192];
        var truncated = false;
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            var keep = Math.Min(read, MaxOutputChars - text.Length);
            text.Append(buffer, 0, keep);
            truncated |= keep < read;
        }

        return (text.ToString(), truncated);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the time-out and the kill.
        }
    }
}
