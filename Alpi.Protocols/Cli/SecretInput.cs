namespace Alpi.Protocols.Cli;

/// <summary>
/// Reads a password or shared secret for an administration command without it ever being an argument (arguments are
/// visible to every user in <c>ps</c> and <c>/proc/PID/cmdline</c>, and stay in the shell's history): from a named
/// environment variable, else from standard input — typed twice without echo at a terminal, or one line when piped
/// (<c>printf '%s\n' "$PW" | … users add alice</c>). The line's end (LF or CRLF) is not part of the secret.
/// </summary>
public static class SecretInput
{
    /// <summary>Where a secret is read from when no environment variable is named.</summary>
    /// <param name="Input">Standard input.</param>
    /// <param name="IsTerminal">True when a person types at a terminal (<c>!Console.IsInputRedirected</c>): the secret is then typed twice without echo.</param>
    /// <param name="Prompts">Where prompts and errors go: standard error, so that standard output stays the command's result.</param>
    public sealed record Source(TextReader Input, bool IsTerminal, TextWriter Prompts);

    /// <summary>
    /// Reads the secret: the value of <paramref name="environmentVariable"/> when one is named, else from
    /// <paramref name="source"/> as the type's remarks say.
    /// </summary>
    /// <param name="source">Standard input and error.</param>
    /// <param name="what">What is read, for the prompt and the errors (<c>the password of alice</c>).</param>
    /// <param name="environmentVariable">The name of the environment variable holding the secret, or null.</param>
    /// <param name="readEnvironment">Reads an environment variable (tests pass their own); null: <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    /// <returns>The secret, or null after an error was written to <see cref="Source.Prompts"/>: the variable unset or empty, nothing on standard input, or the two typings different.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="what"/> is null.</exception>
    public static async Task<string?> ReadAsync(Source source, string what, string? environmentVariable, Func<string, string?>? readEnvironment = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(what);
        if (!string.IsNullOrEmpty(environmentVariable))
        {
            var value = (readEnvironment ?? Environment.GetEnvironmentVariable)(environmentVariable);
            if (string.IsNullOrEmpty(value))
            {
                await source.Prompts.WriteLineAsync($"error: the environment variable {environmentVariable} that should hold {what} is not set or empty");
                return null;
            }

            return value;
        }

        if (!source.IsTerminal)
        {
            var line = await source.Input.ReadLineAsync();
            if (string.IsNullOrEmpty(line))
            {
                await source.Prompts.WriteLineAsync($"error: {what} was not given: type it at the prompt, pipe it as one line on standard input, or name an environment variable that holds it");
                return null;
            }

            return line;
        }

        var first = await TypeAsync(source.Prompts, $"{what}: ");
        if (first.Length == 0)
        {
            await source.Prompts.WriteLineAsync($"error: {what} was not given");
            return null;
        }

        var second = await TypeAsync(source.Prompts, "again: ");
        if (first != second)
        {
            await source.Prompts.WriteLineAsync("error: the two typings differ");
            return null;
        }

        return first;
    }

    // At a terminal: the keys are read without echo; Backspace removes the last character.
    private static async Task<string> TypeAsync(TextWriter prompts, string prompt)
    {
        await prompts.WriteAsync(prompt);
        await prompts.FlushAsync();
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        await prompts.WriteLineAsync();
        return text.ToString();
    }
}
