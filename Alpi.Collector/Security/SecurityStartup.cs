using Alpi.Collector.Security.Accounts;
using Alpi.Collector.Security.Audit;
using Alpi.Collector.Security.Authorization;
using Alpi.Collector.Security.Storage;
using Alpi.Collector.Security.Tokens;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Security;

/// <summary>
/// At start, before the HTTP server listens: creates or migrates <c>security.db</c>; when it holds no account and
/// <see cref="SecurityOptions.BootstrapAdmin"/> is set, creates that administrator with a random password, writes it to
/// <see cref="InitialPassword"/> and records it in the audit log; leaves in <see cref="StartupNotice"/>, for the host to
/// print once it listens, how the person at the console logs in (the password itself only when the console is a
/// terminal, so it never reaches a journal), and again at each start while the initial password is unchanged. Then deletes audit entries older than
/// <see cref="SecurityOptions.AuditRetentionDays"/>, at start and every day.
/// </summary>
public sealed partial class SecurityStartup(
    SecurityDatabase database,
    AccountStore accounts,
    AuditLog audit,
    InitialPassword initialPassword,
    ApiTokenRegistry tokens,
    IOptions<SecurityOptions> options,
    IOptions<CollectorOptions> collectorOptions,
    TimeProvider time,
    StartupNotice notice,
    ILogger<SecurityStartup> logger) : BackgroundService
{
    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        // Printed by the host after its own start-up lines (Alpi dashboard: …), so that the person reads it last: a
        // callback on ApplicationStarted registered here ran before the host's, registered earlier (they run last first).
        notice.Set(await BootstrapAsync(cancellationToken));

        var count = await accounts.CountAsync(cancellationToken);
        Log.Ready(logger, database.Path, count, tokens.Count);
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1), time);
        do
        {
            try
            {
                var purged = await audit.PurgeAsync(options.Value.AuditRetentionDays, stoppingToken);
                if (purged > 0)
                {
                    Log.Purged(logger, purged, options.Value.AuditRetentionDays);
                    await audit.WriteAsync(new AuditEntry("system", null, AuditCategories.Administration, AuditActions.Purge, null, "ok",
                        $"{purged} entries older than {options.Value.AuditRetentionDays} days"), stoppingToken);
                }
            }
            catch (SqliteException e)
            {
                Log.PurgeFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Creates the first administrator when there is no account; returns what to tell the person at the console.</summary>
    private async Task<List<string>> BootstrapAsync(CancellationToken cancellationToken)
    {
        var name = options.Value.BootstrapAdmin;
        var url = collectorOptions.Value.Http.Url.TrimEnd('/') + "/login";
        if (await accounts.CountAsync(cancellationToken) > 0)
        {
            return initialPassword.Exists
                ? [$"Alpi: the first administrator's initial password is still in {initialPassword.Path}: " +
                    $"choose another with: dotnet run --project Alpi.Collector -- users passwd {initialPassword.AccountName}"]
                : [];
        }

        if (string.IsNullOrEmpty(name))
        {
            Log.NoAccount(logger);
            return ["Alpi: no account can log in yet: create one with: dotnet run --project Alpi.Collector -- users add NAME --role administrator"];
        }

        var password = InitialPassword.Generate();
        File.Delete(initialPassword.Path);
        initialPassword.Write(password);
        var result = await accounts.AddAsync(name, AlpiRoles.Administrator, password, cancellationToken);
        if (result.Account is null)
        {
            // Another process created an account in between: keep it, drop ours.
            File.Delete(initialPassword.Path);
            return [];
        }

        await audit.WriteAsync(new AuditEntry("system", null, AuditCategories.Administration, AuditActions.Bootstrap, name, "ok",
            $"role {AlpiRoles.Administrator}, initial password in {initialPassword.Path}"), cancellationToken);
        Log.Bootstrapped(logger, name, initialPassword.Path);
        List<string> lines = ["", $"Alpi: first start: administrator account \"{name}\" created."];
        lines.AddRange(!Console.IsOutputRedirected
            ? [$"  Its initial password (also in {initialPassword.Path}, readable by you only):", "", "      " + password, ""]
            : [$"  Its initial password is in {initialPassword.Path} (readable by this account only)."]);
        lines.AddRange([$"  Log in at {url} as {name}, then choose your own password:", $"      dotnet run --project Alpi.Collector -- users passwd {name}", ""]);
        return lines;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Access control ready: {Accounts} account(s) in {Path}, {Tokens} API token(s)")]
        public static partial void Ready(ILogger logger, string path, long accounts, int tokens);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "First start: administrator account {Account} created; its initial password is in {Path}")]
        public static partial void Bootstrapped(ILogger logger, string account, string path);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "No account exists and Collector:Security:BootstrapAdmin is empty: nobody can log in until one is added with 'users add'")]
        public static partial void NoAccount(ILogger logger);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Audit log: {Purged} entries older than {RetentionDays} days deleted")]
        public static partial void Purged(ILogger logger, int purged, int retentionDays);

        [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Audit log could not be purged: {Reason}; retried tomorrow")]
        public static partial void PurgeFailed(ILogger logger, string reason);
    }
}
