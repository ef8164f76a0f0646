using System.CommandLine;
using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Rules;
using Alpi.Collector.Security.Cli;
using Alpi.Protocols.Cli;
using Alpi.Protocols.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Alerting.Notifications.Cli;

/// <summary>
/// <c>Alpi.Collector notify test [--channel NAME]… [--to RECIPIENT]</c>: sends one test notification through each
/// notification channel the configuration sets up (e-mail, each webhook, SMS, MQTT), at once and without the queue, and
/// prints each channel's outcome, so that an administrator knows the paging path works before an alert needs it, and a
/// technician sees why it does not (the channel's own reason: <c>SMTP server mail.example.org:587 …, check
/// Collector:Alerting:Email:Host and Port</c>). It reads the daemon's configuration sources (<c>collector.json</c>,
/// <c>ALPI_</c> variables, <c>--Collector:Key=value</c> switches anywhere on the line) and touches no database: a running
/// collector is not needed, except for the MQTT channel, which publishes to the collector's broker. The message is a
/// FIRING of rule <c>notification-test</c>, severity info, on tenant <c>alpi</c> and this machine's name as host, its
/// summary saying who sent it; a webhook receiver sees it as such (label <c>test=true</c>).
/// Exit codes: 0 every channel tried delivered; 1 one did not (its reason printed), or no channel is configured;
/// 2 bad arguments or configuration.
/// </summary>
public static class NotifyCli
{
    /// <summary>The rule name of the test notification.</summary>
    public const string TestRule = "notification-test";

    /// <summary>True when the first argument, configuration switches aside, is <c>notify</c>.</summary>
    public static bool IsCommand(string[] args) => args is not null && Split(args).Command is ["notify", ..];

    /// <summary>Runs one command.</summary>
    /// <param name="args">The command line, e.g. <c>["notify", "test", "--channel", "email", "--to", "ops@example.org"]</c>.</param>
    /// <param name="console">Where results (standard output) and errors (standard error) are written.</param>
    /// <param name="configure">Extra configuration applied last (tests), or null.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <returns>The exit code: 0, 1 or 2 (see the type's remarks).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static async Task<int> RunAsync(string[] args, CliConsole console, Action<IConfigurationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var (commandArgs, configArgs) = Split(args);
        var channels = new Option<string[]>("--channel")
        {
            Description = "Only this channel (email, sms, mqtt, or a webhook's name); repeat for several. Default: every configured channel.",
            AllowMultipleArgumentsPerToken = false,
        };
        var to = new Option<string?>("--to")
        {
            Description = "The recipient instead of the channel's configured destination: an e-mail address for email, a phone number for sms.",
        };
        var test = new Command("test", "Send one test notification through each configured channel now, and print each outcome.");
        test.Options.Add(channels);
        test.Options.Add(to);
        test.SetAction((parse, ct) => TestAsync(configArgs, configure, console, parse.GetValue(channels) ?? [], parse.GetValue(to), ct));
        var notify = new Command("notify", "The alert notification channels (Collector:Alerting).");
        notify.Subcommands.Add(test);
        var root = new RootCommand("Alpi collector") { notify };

        var parse = root.Parse(commandArgs);
        if (parse.Errors.Count > 0 || commandArgs is ["notify"])
        {
            foreach (var problem in parse.Errors)
            {
                await console.Error.WriteLineAsync("error: " + problem.Message);
            }

            await root.Parse(["notify", .. commandArgs.Length > 1 && commandArgs[1] == "test" ? ["test"] : Array.Empty<string>(), "--help"])
                .InvokeAsync(new InvocationConfiguration { Output = console.Error, Error = console.Error }, cancellationToken);
            return 2;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Output, Error = console.Error }, cancellationToken);
    }

    /// <summary>The test notification: a FIRING of <see cref="TestRule"/>, severity info, saying who sent it and from where.</summary>
    /// <param name="at">When it is sent.</param>
    /// <param name="recipient">The recipient given with <c>--to</c>, or null for the channel's configured destination.</param>
    public static NotificationMessage TestMessage(DateTimeOffset at, string? recipient)
    {
        var host = Environment.MachineName;
        var summary = $"test notification sent by {Environment.UserName} with Alpi.Collector notify test: this channel reaches you";
        var alert = new AlertSnapshot(0, $"{TestRule}|alpi|{host}", TestRule, "test", "alpi", host, "", AlertState.Firing, Severity.Info, null, null,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["test"] = "true" },
            new Dictionary<string, string>(StringComparer.Ordinal) { ["summary"] = summary },
            at, at, null, at, null, null, null, false, null, false, true);
        return new NotificationMessage([new AlertNotification(AlertEventKind.Firing, alert, at)], recipient, "test");
    }

    private static async Task<int> TestAsync(string[] configArgs, Action<IConfigurationBuilder>? configure, CliConsole console, string[] only, string? to,
        CancellationToken cancellationToken)
    {
        var builder = new ConfigurationBuilder();
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "collector.json"), optional: true, reloadOnChange: false);
        builder.AddEnvironmentVariables("ALPI_");
        builder.AddCommandLine(configArgs);
        configure?.Invoke(builder);
        var configuration = builder.Build();
        var section = configuration.GetSection(CollectorOptions.SectionName);
        // As the daemon reads it: a value it cannot convert, or the alerting settings refused, stop here as they would stop it.
        var problems = ConfigurationConversion.Problems(section, typeof(CollectorOptions)).ToList();
        var collector = new CollectorOptions();
        ConfigurationConversion.BindConvertible(section, collector);
        if (new AlertingOptionsValidator().Validate(null, collector) is { Failed: true } refused)
        {
            problems.AddRange(refused.Failures ?? []);
        }

        if (problems.Count > 0)
        {
            await console.Error.WriteLineAsync("error: the configuration has these problems:");
            foreach (var problem in problems)
            {
                await console.Error.WriteLineAsync("  - " + problem);
            }

            return 2;
        }

        var alerting = collector.Alerting;
        var services = new ServiceCollection();
        services.AddSingleton(Options.Create(collector));
        AlertingServiceCollectionExtensions.AddAlertNotifiers(services, alerting);
        await using var provider = services.BuildServiceProvider();
        var notifiers = provider.GetServices<IAlertNotifier>().ToList();
        if (notifiers.Count == 0)
        {
            await console.Error.WriteLineAsync("no notification channel is configured: set Collector:Alerting:Email:Host, Collector:Alerting:Webhooks:NAME:Url, "
                + "Collector:Alerting:Sms:Url or Collector:Alerting:Mqtt:Enabled (README, Alerting)");
            return 1;
        }

        var unknown = only.Where(name => notifiers.All(n => !n.Name.Equals(name, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            await console.Error.WriteLineAsync($"error: {string.Join(", ", unknown.Select(u => $"\"{u}\""))} {(unknown.Count == 1 ? "is not a configured channel" : "are not configured channels")}; "
                + $"configured: {string.Join(", ", notifiers.Select(n => n.Name))}");
            return 2;
        }

        var chosen = only.Length == 0 ? notifiers : notifiers.Where(n => only.Contains(n.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        var message = TestMessage(TimeProvider.System.GetUtcNow(), string.IsNullOrWhiteSpace(to) ? null : to.Trim());
        var failed = 0;
        foreach (var notifier in chosen)
        {
            NotifyResult result;
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(alerting.Delivery.AttemptTimeout);
            try
            {
                result = await notifier.NotifyAsync(message, attempt.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                result = NotifyResult.Retry($"no answer within {alerting.Delivery.AttemptTimeout.TotalSeconds:0.#} s (Collector:Alerting:Delivery:AttemptTimeout)");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The dispatcher treats a channel's exception as retryable; here it is this channel's outcome, worded.
                result = NotifyResult.Retry($"{e.GetType().Name}: {e.Message}");
            }

            if (result.Outcome == NotifyOutcome.Delivered)
            {
                await console.Output.WriteLineAsync($"{notifier.Name}: delivered{(message.Recipient is null ? "" : " to " + message.Recipient)}");
            }
            else
            {
                failed++;
                var kind = result.Outcome == NotifyOutcome.Retryable ? "not delivered (the collector would retry)" : "not delivered (the collector would give up)";
                await console.Output.WriteLineAsync($"{notifier.Name}: {kind}: {result.Reason}");
            }
        }

        return failed == 0 ? 0 : 1;
    }

    /// <summary>Separates <c>--Collector:…</c> and <c>--Logging:…</c> configuration switches from the command.</summary>
    private static (string[] Command, string[] Configuration) Split(string[] args) => ConfigurationSwitches.Split(args, "Collector", "Logging");
}
