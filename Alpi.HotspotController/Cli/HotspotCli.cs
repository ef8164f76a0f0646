using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Alpi.HotspotController.Admin;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Coa;
using Alpi.HotspotController.LegalLog;
using Alpi.HotspotController.Storage;
using Alpi.Protocols.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Cli;

/// <summary>
/// The administration command line of the controller's own binary (<c>Alpi.HotspotController users add …</c>),
/// parsed with System.CommandLine. It reads the daemon's configuration sources (<c>hotspot.json</c>, <c>ALPI_</c>
/// variables, and <c>--Hotspot:Key=value</c> switches anywhere on the line) and opens the same database
/// (<c>hotspot.db</c>, which SQLite lets it share with a running daemon, or PostgreSQL); changes go through
/// <see cref="HotspotAdministration"/> and are audited as <c>cli:&lt;user&gt;</c>. Whoever can run it on the file (or
/// with the PostgreSQL connection string) can export: access to the database is its authorisation. Passwords and RADIUS
/// shared secrets are never arguments (<c>ps</c> and the shell's history would show them): <see cref="SecretInput"/> reads
/// them from standard input or from the environment variable named by <c>--password-env</c> / <c>--secret-env</c>, and
/// <c>--password</c> / <c>--secret</c> are refused saying so. Exit codes: 0 done;
/// 1 not found, already exists, the terminal did not confirm a disconnection, or the database cannot be used;
/// 2 bad arguments or configuration (with the usage text on standard error).
/// </summary>
public static class HotspotCli
{
    /// <summary>The executable's name in the usage text.</summary>
    public const string ProgramName = "Alpi.HotspotController";

    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal) { "users", "devices", "sessions", "nas", "export", "audit", "help", "--help", "-h", "-?" };

    /// <summary>
    /// True when the first argument, configuration switches aside, is a CLI verb (or a request for help):
    /// <c>Program</c> then runs the CLI instead of the daemon.
    /// </summary>
    public static bool IsCommand(string[] args) => args is not null && Split(args).Command is [var verb, ..] && Verbs.Contains(verb);

    /// <summary>Runs one command.</summary>
    /// <param name="args">The command line, e.g. <c>["nas", "add", "mairie", "--address", "192.0.2.10", "--secret-env", "NAS_SECRET"]</c>.</param>
    /// <param name="output">Receives the results.</param>
    /// <param name="error">Receives errors and usage text.</param>
    /// <param name="configure">Extra configuration applied last (tests), or null.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <returns>The exit code: 0, 1 or 2 (see the type's remarks).</returns>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<IConfigurationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        return RunAsync(args, new SecretInput.Source(Console.In, !Console.IsInputRedirected, error), output, error, configure, cancellationToken);
    }

    /// <summary>Runs one command, reading passwords and shared secrets from <paramref name="input"/> (<see cref="SecretInput"/>).</summary>
    /// <param name="args">The command line.</param>
    /// <param name="input">Where a password or shared secret is read from when no environment variable is named: standard input, and whether it is a terminal.</param>
    /// <param name="output">Receives the results.</param>
    /// <param name="error">Receives errors and usage text.</param>
    /// <param name="configure">Extra configuration applied last (tests), or null.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <returns>The exit code: 0, 1 or 2 (see the type's remarks).</returns>
    public static async Task<int> RunAsync(string[] args, SecretInput.Source input, TextWriter output, TextWriter error, Action<IConfigurationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var (commandArgs, configArgs) = Split(args);
        if (commandArgs is ["help", .. var rest])
        {
            commandArgs = [.. rest, "--help"];
        }

        var context = new CliContext(configArgs, configure, input, output, error);
        var root = CliCommands.Build(context);
        var parse = root.Parse(commandArgs);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync("error: " + problem.Message);
            }

            await error.WriteLineAsync();
            var path = new List<string>();
            for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
            {
                path.Insert(0, result.Command.Name);
            }

            await root.Parse([.. path, "--help"]).InvokeAsync(new InvocationConfiguration { Output = error, Error = error }, cancellationToken);
            return 2;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    /// <summary>Separates <c>--Hotspot:…</c> and <c>--Logging:…</c> configuration switches (<c>=value</c> or next argument) from the command.</summary>
    private static (string[] Command, string[] Configuration) Split(string[] args) => ConfigurationSwitches.Split(args, "Hotspot", "Logging");
}

/// <summary>What every command needs: the configuration sources, the writers, and the services built from them.</summary>
internal sealed class CliContext(string[] configArgs, Action<IConfigurationBuilder>? configure, SecretInput.Source input, TextWriter output, TextWriter error)
{
    /// <summary>Standard input, for passwords (<see cref="SecretInput"/>).</summary>
    public SecretInput.Source Input { get; } = input;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>The audit log's actor: <c>cli:&lt;login of the user running the command&gt;</c>.</summary>
    public static string Actor => "cli:" + Environment.UserName;

    /// <summary>
    /// Builds the controller's services on its configuration, checks it, migrates the database (its warnings on standard
    /// error, <see cref="CliWarningLog"/>), then runs <paramref name="body"/>.
    /// </summary>
    public async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var builder = new ConfigurationBuilder();
        HotspotApplication.AddConfiguration(builder, configArgs);
        configure?.Invoke(builder);
        var configuration = builder.Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(new CliWarningLog(Error)));
        services.AddAlpiHotspot(configuration);
        await using var provider = services.BuildServiceProvider();
        var problems = HotspotApplication.ValidateConfiguration(provider);
        if (problems.Count > 0)
        {
            await Error.WriteLineAsync("error: the configuration has these problems:");
            foreach (var problem in problems)
            {
                await Error.WriteLineAsync("  - " + problem);
            }

            return 2;
        }

        var database = provider.GetRequiredService<HotspotDatabase>();
        try
        {
            await database.MigrateAsync(cancellationToken);
            return await body(provider, cancellationToken);
        }
        catch (DbException e)
        {
            await Error.WriteLineAsync($"error: the {database.Description} cannot be used ({e.Message})");
            return 1;
        }
    }

    /// <summary>Prints the error of a failed operation; 1 for not found or conflict, 2 for an invalid value.</summary>
    public async Task<int> FailAsync<T>(AdminResult<T> result)
    {
        await Error.WriteLineAsync("error: " + result.Error);
        return result.Status == AdminStatus.Invalid ? 2 : 1;
    }

    /// <summary>
    /// Writes rows as columns separated by two spaces, each as wide as its widest value on a terminal
    /// (<see cref="DisplayWidth"/>: an accent typed apart takes no column, a CJK character or an emoji two); null shows as <c>-</c>.
    /// </summary>
    public async Task WriteTableAsync(string[] header, IEnumerable<string?[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows.Select(r => r.Select(v => v ?? "-").ToArray()));
        var widths = header.Select((_, i) => all.Max(r => DisplayWidth.Of(r[i]))).ToArray();
        foreach (var row in all)
        {
            await Output.WriteLineAsync(string.Join("  ", row.Select((v, i) => i == row.Length - 1 ? v : DisplayWidth.PadRight(v, widths[i]))).TrimEnd());
        }
    }

    /// <summary>A Unix-milliseconds time as <c>2026-11-29 14:00:00Z</c>.</summary>
    public static string Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Prints disconnections; 0 when every session is gone, else 1.</summary>
    public async Task<int> WriteDisconnectionsAsync(IReadOnlyList<SessionDisconnection> disconnections)
    {
        if (disconnections.Count == 0)
        {
            await Output.WriteLineAsync("no open session to disconnect");
            return 0;
        }

        await WriteTableAsync(["NAS", "ACCT-SESSION-ID", "OUTCOME", "ERROR-CAUSE", "ATTEMPTS", "DETAIL"], disconnections.Select(d => new[]
        {
            d.Nas, d.AcctSessionId, d.Result.Outcome.ToString(),
            d.Result.ErrorCause is { } cause ? $"{cause} {d.Result.ErrorCauseName}" : null,
            d.Result.Attempts.ToString(CultureInfo.InvariantCulture), d.Result.Detail,
        }));
        return disconnections.All(d => d.Result.SessionGone) ? 0 : 1;
    }

    /// <summary>Reads criteria options; prints the error and returns null when one is unreadable.</summary>
    public async Task<ConnectionLogCriteria?> CriteriaAsync(string? from, string? to, string? ip, string? mac, string? user, string? nas)
    {
        if (ConnectionLogCriteria.TryParse(from, to, ip, mac, user, nas, out var criteria, out var problem))
        {
            return criteria;
        }

        await Error.WriteLineAsync("error: " + problem);
        return null;
    }

    /// <summary>Opens <paramref name="path"/> for a new export, readable by its owner only on Unix; <c>-</c> is standard output.</summary>
    public static Stream? OpenExport(string path, out string? problem)
    {
        problem = null;
        if (path == "-")
        {
            return Console.OpenStandardOutput();
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            return new FileStream(path, options);
        }
        catch (IOException e)
        {
            problem = $"{path} cannot be created ({e.Message}); an export never overwrites a file";
        }
        catch (UnauthorizedAccessException e)
        {
            problem = $"{path} cannot be created ({e.Message})";
        }

        return null;
    }

    /// <summary>Lists the audit log.</summary>
    public async Task<int> WriteAuditAsync(IReadOnlyList<AuditEntry> entries)
    {
        await WriteTableAsync(["AT", "ACTOR", "ACTION", "DETAILS"], entries.Select(e => new[] { Time(e.AtUnixMs), e.Actor, e.Action, e.Details }));
        return 0;
    }
}
