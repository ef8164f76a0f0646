using System.CommandLine;
using Alpi.Collector.Security.Storage;
using Alpi.Protocols.Cli;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Security.Cli;

/// <summary>
/// The access-control command line of the collector's own binary (<c>dotnet run --project Alpi.Collector -- users add
/// alice --role technician</c>), parsed with System.CommandLine: accounts (<c>users</c>), bearer tokens (<c>tokens</c>)
/// and the audit log (<c>audit</c>). It reads the daemon's configuration sources (<c>collector.json</c>, <c>ALPI_</c>
/// variables, and <c>--Collector:Key=value</c> switches anywhere on the line) and opens the same
/// <c>&lt;DataDirectory&gt;/security.db</c>, which SQLite lets it share with a running collector; changes are audited as
/// <c>cli:&lt;system user&gt;</c>. Passwords are never taken from the command line (they would stay in the shell's history
/// and the process list): they are read from standard input — one line — or, on a terminal, typed twice without echo.
/// Exit codes: 0 done; 1 not found, already exists, last administrator, or the database cannot be used; 2 bad arguments,
/// password or configuration (with the usage text on standard error).
/// </summary>
public static class SecurityCli
{
    /// <summary>The executable's name in the usage text.</summary>
    public const string ProgramName = "Alpi.Collector";

    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal) { "users", "tokens", "audit", "help", "--help", "-h", "-?" };

    /// <summary>True when the first argument, configuration switches aside, is a CLI verb: <c>Program</c> then runs the CLI instead of the daemon.</summary>
    public static bool IsCommand(string[] args) => args is not null && Split(args).Command is [var verb, ..] && Verbs.Contains(verb);

    /// <summary>Runs one command.</summary>
    /// <param name="args">The command line, e.g. <c>["users", "add", "alice", "--role", "administrator"]</c>.</param>
    /// <param name="console">Where passwords and tokens are read from and results written to.</param>
    /// <param name="configure">Extra configuration applied last (tests), or null.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <returns>The exit code: 0, 1 or 2 (see the type's remarks).</returns>
    public static async Task<int> RunAsync(string[] args, CliConsole console, Action<IConfigurationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var (commandArgs, configArgs) = Split(args);
        if (commandArgs is ["help", .. var rest])
        {
            commandArgs = [.. rest, "--help"];
        }

        var context = new SecurityCliContext(configArgs, configure, console);
        var root = SecurityCliCommands.Build(context);
        var parse = root.Parse(commandArgs);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await console.Error.WriteLineAsync("error: " + problem.Message);
            }

            await console.Error.WriteLineAsync();
            var path = new List<string>();
            for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
            {
                path.Insert(0, result.Command.Name);
            }

            await root.Parse([.. path, "--help"]).InvokeAsync(new InvocationConfiguration { Output = console.Error, Error = console.Error }, cancellationToken);
            return 2;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Output, Error = console.Error }, cancellationToken);
    }

    /// <summary>Separates <c>--Collector:…</c> and <c>--Logging:…</c> configuration switches (<c>=value</c> or next argument) from the command.</summary>
    private static (string[] Command, string[] Configuration) Split(string[] args) => ConfigurationSwitches.Split(args, "Collector", "Logging");
}

/// <summary>The CLI's input and outputs.</summary>
/// <param name="Input">Where a password or token is read from when <paramref name="IsTerminal"/> is false: one line.</param>
/// <param name="Output">Results.</param>
/// <param name="Error">Errors, prompts and usage text.</param>
/// <param name="IsTerminal">True when a person types at a terminal: passwords are then read without echo, twice.</param>
public sealed record CliConsole(TextReader Input, TextWriter Output, TextWriter Error, bool IsTerminal)
{
    /// <summary>The process's console.</summary>
    public static CliConsole Standard { get; } = new(Console.In, Console.Out, Console.Error, !Console.IsInputRedirected);
}

/// <summary>What every command needs: the configuration sources, the console, and the services built from them.</summary>
internal sealed class SecurityCliContext(string[] configArgs, Action<IConfigurationBuilder>? configure, CliConsole console)
{
    public CliConsole Console { get; } = console;

    /// <summary>The audit log's actor: <c>cli:&lt;login of the user running the command&gt;</c>.</summary>
    public static string Actor => "cli:" + Environment.UserName;

    /// <summary>Builds the security services on the collector's configuration, checks it, migrates the database, then runs <paramref name="body"/>.</summary>
    public async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var builder = new ConfigurationBuilder();
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "collector.json"), optional: true, reloadOnChange: false);
        builder.AddEnvironmentVariables("ALPI_");
        builder.AddCommandLine(configArgs);
        configure?.Invoke(builder);
        var configuration = builder.Build();
        var services = new ServiceCollection();
        services.AddOptions<CollectorOptions>().Bind(configuration.GetSection(CollectorOptions.SectionName));
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.SectionName));
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        SecurityServiceCollectionExtensions.AddStores(services);
        services.AddSingleton<Accounts.AccountSessionValidator>();
        services.AddSingleton<Accounts.AccountAdministration>();
        await using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<SecurityOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("error: the configuration has these problems:");
            foreach (var failure in e.Failures)
            {
                await Console.Error.WriteLineAsync("  - " + failure);
            }

            return 2;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync("error: the configuration has this problem: " + e.Message);
            return 2;
        }

        var database = provider.GetRequiredService<SecurityDatabase>();
        try
        {
            await database.MigrateAsync(cancellationToken);
            return await body(provider, cancellationToken);
        }
        catch (SqliteException e)
        {
            await Console.Error.WriteLineAsync($"error: {database.Path} cannot be used ({e.Message})");
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            await Console.Error.WriteLineAsync($"error: {database.Path} cannot be used ({e.Message})");
            return 1;
        }
    }

    /// <summary>
    /// Reads a secret (<see cref="Alpi.Protocols.Cli.SecretInput"/>): one line of <see cref="CliConsole.Input"/>, or on a
    /// terminal typed twice without echo after <paramref name="prompt"/>. Null (with the error printed) when nothing was
    /// given or the two typings differ.
    /// </summary>
    public Task<string?> ReadSecretAsync(string prompt) =>
        Alpi.Protocols.Cli.SecretInput.ReadAsync(new Alpi.Protocols.Cli.SecretInput.Source(Console.Input, Console.IsTerminal, Console.Error), prompt, null);

    /// <summary>Prints the refusal of an account change: 2 for an invalid value, else 1.</summary>
    public async Task<int> FailAsync(Accounts.AccountResult result)
    {
        await Console.Error.WriteLineAsync("error: " + result.Message);
        return result.Error == Accounts.AccountError.Invalid ? 2 : 1;
    }

    /// <summary>Writes rows as columns separated by two spaces, each as wide as its widest value; null shows as <c>-</c>.</summary>
    public async Task WriteTableAsync(string[] header, IEnumerable<string?[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows.Select(r => r.Select(v => v ?? "-").ToArray()));
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
        {
            await Console.Output.WriteLineAsync(string.Join("  ", row.Select((v, i) => i == row.Length - 1 ? v : v.PadRight(widths[i]))).TrimEnd());
        }
    }

    /// <summary>A time as <c>2026-11-29 14:00:00Z</c>, or null.</summary>
    public static string? Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
