using Alpi.Protocols.Configuration;
using Alpi.Agent;
using Alpi.Collector.Api;
using Alpi.Collector.Api.Limits;
using Alpi.Collector.Broker.Authentication;
using Alpi.Collector.Security;
using Alpi.Protocols.Json;
using Alpi.Protocols.Mqtt;
using Alpi.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Alpi.Collector;

/// <summary>
/// Builds the collector process: collector services, the dashboard, the HTTP API and, unless
/// <c>Agent:Enabled</c> is false, a local agent for this machine that publishes to the collector's broker like
/// any other agent. Configuration, later sources winning: <c>collector.json</c> beside the binary, environment
/// variables prefixed <c>ALPI_</c> (<c>ALPI_Collector__Http__Url</c>), command-line switches
/// (<c>--Collector:Broker:Port=1884</c>), then the configure callback (tests).
/// </summary>
public static class CollectorApplication
{
    /// <summary>Creates the application, not yet started.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="configure">Extra configuration applied last, or null.</param>
    public static WebApplication Create(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddJsonFile("collector.json", optional: true, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables("ALPI_");
        builder.Configuration.AddCommandLine(args);
        configure?.Invoke(builder.Configuration);
        LocalAgentFollowsCollector(builder.Configuration);
        // The logger factory reads the levels while the application is built and throws at the first it cannot read:
        // such a level is left out here (the default level stands) and reported by ValidateConfiguration with the others.
        var logLevelProblems = new UnreadableLogLevels(LogLevels(builder.Configuration));
        builder.Configuration.AddInMemoryCollection(logLevelProblems.Problems.Select(p => new KeyValuePair<string, string?>(p.Key, "")));
        builder.Services.AddSingleton(logLevelProblems);

        var url = builder.Configuration[$"{CollectorOptions.SectionName}:Http:Url"] ?? new CollectorHttpOptions().Url;
        builder.WebHost.UseUrls(url);
        // An https:// URL is served with Kestrel's standard certificate settings (Kestrel:Certificates:Default:Path and
        // KeyPath, or Path and Password), which the slim builder reads only when asked to.
        builder.WebHost.UseKestrelHttpsConfiguration();
        // The global body limit; RequestBodyLimits lowers it per endpoint and answers 413 in JSON (a bad value is reported
        // by the options validator at start, so the default stands in for it here).
        var maxBody = long.TryParse(builder.Configuration[$"{CollectorOptions.SectionName}:Http:MaxRequestBodyBytes"], System.Globalization.NumberStyles.Integer,
            System.Globalization.CultureInfo.InvariantCulture, out var configured) && configured >= 1024 ? configured : new CollectorHttpOptions().MaxRequestBodyBytes;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxBody);
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService();
        builder.Services.AddAlpiCollector(builder.Configuration);
        builder.Services.AddAlpiSecurity(builder.Configuration);
        // The local agent registers after the collector so it starts after the broker and stops before it.
        builder.Services.AddAlpiAgent(builder.Configuration.GetSection(AgentOptions.SectionName));
        LocalAgentAuthenticates(builder.Services);
        builder.Services.AddAlpiDashboardCompression();

        var app = builder.Build();
        // HEAD on an API path is answered as its GET without a body; an API error answered without a body (routing's 405,
        // a bare 404) gets a problem body. Pages and assets keep the server's own answers.
        app.UseAlpiApiHead();
        app.UseResponseCompression();
        app.UseAlpiApiStatusProblems();
        // Every endpoint requires login unless Security/Authorization/RouteAccessRules.cs says otherwise.
        app.UseAlpiSecurity();
        app.UseAlpiRequestBodyLimits();
        // A path under /api/ that matches no endpoint answers a 404 problem naming it, not an empty 404 (the dashboard has
        // no client-side fallback route: its views live in the URL fragment). A known path with another method stays 405.
        app.Use((http, next) => http.GetEndpoint() is null && ApiProblem.ForUnmatched(http.Request.Method, http.Request.Path.Value) is { } problem
            ? Results.Json(problem, ApiProblemContext.Readable.ApiProblem, ApiProblem.ContentType, problem.Status).ExecuteAsync(http)
            : next(http));
        var routes = app.MapAlpiProtectedRoutes();
        routes.MapAlpiCollectorApi();
        routes.MapAlpiDashboard();
        return app;
    }

    /// <summary>
    /// Checks every section of the configuration at once (collector, its access control, local agent and its collectors, log
    /// levels), so that a technician sees all
    /// problems in one go rather than one section per attempt.
    /// </summary>
    /// <returns>Each problem, naming its configuration key; empty when the configuration is valid.</returns>
    public static IReadOnlyList<string> ValidateConfiguration(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var problems = new List<string>();
        Check<CollectorOptions>(CollectorOptions.SectionName);
        Check<AgentOptions>(AgentOptions.SectionName, boundByBinderAlone: true);
        Check<SecurityOptions>(SecurityOptions.SectionName);
        Check<Storage.Retention.RetentionOptions>(Storage.Retention.RetentionOptions.SectionName);
        // The local agent's collectors bind sections of their own, validated only once the host starts.
        Check<Alpi.Agent.Collectors.Snmp.SnmpPollingOptions>(ConfigurationPath.Combine(AgentOptions.SectionName, Alpi.Agent.Collectors.Snmp.SnmpPollingOptions.SectionName), boundByBinderAlone: true);
        Check<Alpi.Agent.Collectors.Wireless.WirelessOptions>(Alpi.Agent.Collectors.Wireless.WirelessOptions.SectionPath, boundByBinderAlone: true);
        Check<Alpi.Agent.Collectors.Gateway.HotspotGatewayOptions>(Alpi.Agent.Collectors.Gateway.HotspotGatewayOptions.SectionPath, boundByBinderAlone: true);
        problems.AddRange(app.Services.GetService<UnreadableLogLevels>()?.Problems.Select(p => p.Problem) ?? []);
        problems.AddRange(HttpsCertificate.Validate(app.Configuration));
        return problems;

        void Check<T>(string section, bool boundByBinderAlone = false)
            where T : class
        {
            try
            {
                _ = app.Services.GetRequiredService<IOptions<T>>().Value;
            }
            catch (OptionsValidationException e)
            {
                // A value the binder cannot convert is among them (ConfigurationConversion), naming its key and value.
                problems.AddRange(e.Failures);
            }
            catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
            {
                // Options bound by the binder alone (the local agent's): every value of the section it cannot convert,
                // each naming its key and value; the section's other checks wait for them to be fixed.
                var unconvertible = ConfigurationConversion.Problems(app.Configuration.GetSection(section), typeof(T));
                problems.AddRange(unconvertible.Count > 0 ? unconvertible : [e.Message]);
                return;
            }

            if (boundByBinderAlone)
            {
                // The binder took every value; what is left to report is a duration given as a bare number (Agent:Interval=30,
                // read as 30 days), which the options bound by ConfigurationConversion report themselves.
                problems.AddRange(ConfigurationConversion.Problems(app.Configuration.GetSection(section), typeof(T)));
            }
        }
    }

    /// <summary>
    /// The values under <c>Logging:LogLevel</c> and <c>Logging:&lt;provider&gt;:LogLevel</c> that Microsoft.Extensions.Logging
    /// cannot read (it throws "Configuration value '…' is not supported." once the host starts), one line each naming the key
    /// and the value. A level is read as that library does (<c>LoggerFilterConfigureOptions</c>: <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/>
    /// ignoring case, an empty value left out).
    /// </summary>
    private static List<(string Key, string Problem)> LogLevels(ConfigurationManager configuration)
    {
        var logging = configuration.GetSection("Logging");
        var sections = logging.GetChildren().Select(child => child.Key.Equals("LogLevel", StringComparison.OrdinalIgnoreCase) ? child : child.GetSection("LogLevel"));
        return sections.SelectMany(section => section.GetChildren())
            .Where(level => !string.IsNullOrEmpty(level.Value) && !Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(level.Value, ignoreCase: true, out _))
            .Select(level => (level.Path, $"{level.Path}: \"{level.Value}\" is not one of {string.Join(", ", Enum.GetNames<Microsoft.Extensions.Logging.LogLevel>())}"))
            .ToList();
    }

    /// <summary>The log levels found unreadable while the application was created (key, problem line), for <see cref="ValidateConfiguration"/>.</summary>
    private sealed record UnreadableLogLevels(IReadOnlyList<(string Key, string Problem)> Problems);

    /// <summary>
    /// When the embedded broker requires authentication and the local agent publishes to it without a user name of its
    /// own, the agent gets the generated user <see cref="InternalBrokerUsers.LocalAgent"/>, confined to its own
    /// <c>alpi/&lt;tenant&gt;/&lt;host&gt;/#</c>.
    /// </summary>
    private static void LocalAgentAuthenticates(IServiceCollection services)
    {
        services.AddOptions<AgentOptions>().PostConfigure<InternalBrokerUsers, IOptions<CollectorOptions>>((agent, users, collector) =>
        {
            CollectorBrokerOptions broker;
            try
            {
                broker = collector.Value.Broker;
            }
            catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
            {
                // The collector's own check reports it; the agent's problems must still be reported beside it.
                return;
            }

            var toEmbedded = agent.Broker.Port == broker.Port && !agent.Broker.UseTls
                && (agent.Broker.Host == broker.Host || agent.Broker.Host is "127.0.0.1" or "::1" or "localhost");
            if (!broker.Embedded || !broker.Authentication.Enabled || !toEmbedded || agent.Broker.Username is not null
                || !AlpiTopic.IsValidLevel(agent.Tenant) || !AlpiTopic.IsValidLevel(agent.Host))
            {
                return;
            }

            agent.Broker.Username = InternalBrokerUsers.LocalAgent;
            agent.Broker.Password = users.Issue(InternalBrokerUsers.LocalAgent, AlpiAgentConvention.ForAgent(agent.Tenant, agent.Host));
        });
    }

    /// <summary>
    /// Unless <c>Agent:Broker:Host</c> or <c>Agent:Broker:Port</c> is set, the local agent publishes to the collector's
    /// own broker, so that <c>--Collector:Broker:Port=1884</c> moves both; unless <c>Agent:DataDirectory</c> is set, the
    /// local agent keeps its disk buffer under <c>Collector:DataDirectory</c> (the one writable folder of the service).
    /// </summary>
    private static void LocalAgentFollowsCollector(ConfigurationManager configuration)
    {
        var defaults = new Dictionary<string, string?>();
        if (configuration["Agent:DataDirectory"] is null && configuration["Collector:DataDirectory"] is { } dataDirectory)
        {
            defaults["Agent:DataDirectory"] = dataDirectory;
        }

        if (configuration["Agent:Broker:Host"] is null)
        {
            var host = configuration["Collector:Broker:Host"] ?? new CollectorBrokerOptions().Host;
            defaults["Agent:Broker:Host"] = host is "0.0.0.0" or "::" ? "127.0.0.1" : host;
        }

        if (configuration["Agent:Broker:Port"] is null)
        {
            defaults["Agent:Broker:Port"] = configuration["Collector:Broker:Port"] ?? new CollectorBrokerOptions().Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        configuration.AddInMemoryCollection(defaults);
    }
}
