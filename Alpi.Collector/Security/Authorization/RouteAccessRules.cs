using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Security.Authorization;

/// <summary>
/// Who may call each route of the collector, in one table (method and route template → policy), applied as endpoint
/// metadata to every endpoint mapped through <see cref="WithAlpiAccessRules"/> whatever code mapped it, so that the
/// mapping code of the API stays free of security concerns and the whole access matrix is reviewed here. Only the
/// routes listed <see cref="Anonymous"/> (the health check and the login page) are reachable without login; any
/// other <c>AllowAnonymous</c> metadata is removed. A route missing from the table gets <see cref="AccessPolicies.Read"/>
/// for GET and HEAD and <see cref="AccessPolicies.Administer"/> for any other method, with a warning at start.
/// </summary>
public static partial class RouteAccessRules
{
    /// <summary>The rule value that lets anonymous callers in.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>
    /// The table: <c>"METHOD /route/template"</c> → <see cref="AccessPolicies"/> name or <see cref="Anonymous"/>. Routes
    /// whose answers hold personal data are also in <see cref="PersonalDataRoutes"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Rules { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GET /healthz"] = Anonymous,
        ["GET /login"] = Anonymous,
        ["POST /login"] = Anonymous,
        ["GET /login/assets/{file}"] = Anonymous,
        ["POST /logout"] = AccessPolicies.Read,
        ["GET /"] = AccessPolicies.Read,
        ["GET /assets/{file}"] = AccessPolicies.Read,
        ["GET /assets/{version}/{file}"] = AccessPolicies.Read,
        ["GET /api/hosts"] = AccessPolicies.Read,
        ["GET /api/series"] = AccessPolicies.Read,
        ["GET /api/query"] = AccessPolicies.Read,
        ["GET /api/latest"] = AccessPolicies.Read,
        ["GET /api/live"] = AccessPolicies.Read,
        ["GET /api/events"] = AccessPolicies.Read,
        ["GET /api/alerts"] = AccessPolicies.Read,
        ["GET /api/alerts/{id}"] = AccessPolicies.Read,
        ["GET /api/alerts/{id}/history"] = AccessPolicies.Read,
        ["POST /api/alerts/{id}/ack"] = AccessPolicies.Operate,
        ["GET /api/oncall"] = AccessPolicies.PersonalData,
        ["GET /api/oncall/next"] = AccessPolicies.PersonalData,
        ["GET /api/silences"] = AccessPolicies.Read,
        ["POST /api/silences"] = AccessPolicies.Operate,
        ["DELETE /api/silences/{id}"] = AccessPolicies.Operate,
        ["GET /api/maintenance"] = AccessPolicies.Read,
        ["POST /api/maintenance"] = AccessPolicies.Operate,
        ["DELETE /api/maintenance/{id}"] = AccessPolicies.Operate,
        ["GET /api/security/me"] = AccessPolicies.Read,
        ["GET /api/security/users"] = AccessPolicies.Administer,
        ["POST /api/security/users"] = AccessPolicies.Administer,
        ["PATCH /api/security/users/{name}"] = AccessPolicies.Administer,
        ["DELETE /api/security/users/{name}"] = AccessPolicies.Administer,
        ["GET /api/security/audit"] = AccessPolicies.Audit,
        // Administration (the dashboard's #/admin view): the loaded rules are readable by all; the rest is administrators'.
        ["GET /api/alerts/rules"] = AccessPolicies.Read,
        ["POST /api/alerts/rules/validate"] = AccessPolicies.Administer,
        ["GET /api/admin/snmp"] = AccessPolicies.Administer,
        ["GET /api/admin/nas"] = AccessPolicies.Administer,
        ["POST /api/admin/nas"] = AccessPolicies.Administer,
        ["PATCH /api/admin/nas/{name}"] = AccessPolicies.Administer,
        ["DELETE /api/admin/nas/{name}"] = AccessPolicies.Administer,
        // Wi-Fi view: the terminals' map for every role; the connection log (personal data) for the data-protection officer only.
        ["GET /api/wifi/map"] = AccessPolicies.Read,
        ["GET /api/wifi/sessions/search"] = AccessPolicies.ConnectionLog,
    };

    /// <summary>
    /// Routes whose answers hold personal data (people's names with their schedules and contacts; the audit log's actors
    /// and addresses; Wi-Fi users' sessions with their devices and addresses): each call is written to the audit log before it is served (<see cref="Audit.AuditMiddleware"/>).
    /// </summary>
    public static IReadOnlySet<string> PersonalDataRoutes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "GET /api/oncall",
        "GET /api/oncall/next",
        "GET /api/security/audit",
        "GET /api/wifi/sessions/search",
    };

    /// <summary>
    /// Applies the table to every endpoint mapped through <paramref name="group"/>, after the endpoint's own conventions.
    /// </summary>
    /// <param name="group">A route group (<c>app.MapGroup("")</c>) through which the API and the dashboard are mapped.</param>
    /// <param name="logger">Receives a warning per route missing from the table, and per <c>AllowAnonymous</c> removed.</param>
    /// <returns><paramref name="group"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static RouteGroupBuilder WithAlpiAccessRules(this RouteGroupBuilder group, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(logger);
        ((IEndpointConventionBuilder)group).Finally(endpoint => Apply(endpoint, logger));
        return group;
    }

    /// <summary>The table's keys for an endpoint: one <c>"METHOD /template"</c> per HTTP method it accepts (GET when it declares none).</summary>
    public static IReadOnlyList<string> KeysOf(RoutePatternText pattern, IEnumerable<string>? methods) =>
        (methods?.ToList() is { Count: > 0 } list ? list : ["GET"]).Select(m => $"{m.ToUpperInvariant()} {pattern.Text}").ToList();

    /// <summary>The policy for one key, or the default for a route missing from the table; and whether the table lists it.</summary>
    public static (string Policy, bool Listed) PolicyFor(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Rules.TryGetValue(key, out var policy))
        {
            return (policy, true);
        }

        return (key.StartsWith("GET ", StringComparison.Ordinal) || key.StartsWith("HEAD ", StringComparison.Ordinal) ? AccessPolicies.Read : AccessPolicies.Administer, false);
    }

    private static void Apply(EndpointBuilder endpoint, ILogger logger)
    {
        if (endpoint is not RouteEndpointBuilder route)
        {
            return;
        }

        var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods;
        var keys = KeysOf(new RoutePatternText(route.RoutePattern.RawText), methods);
        var policies = keys.Select(PolicyFor).ToList();
        foreach (var (key, (_, listed)) in keys.Zip(policies))
        {
            if (!listed)
            {
                Log.Unlisted(logger, key, PolicyFor(key).Policy);
            }
        }

        // One endpoint may serve several methods: the strictest rule of them wins (anonymous only if all are).
        var anonymous = policies.All(p => p.Policy == Anonymous);
        var removed = 0;
        for (var i = endpoint.Metadata.Count - 1; i >= 0; i--)
        {
            if (endpoint.Metadata[i] is IAllowAnonymous or IAuthorizeData)
            {
                endpoint.Metadata.RemoveAt(i);
                removed++;
            }
        }

        if (removed > 0 && !anonymous)
        {
            Log.MetadataReplaced(logger, keys[0]);
        }

        if (anonymous)
        {
            endpoint.Metadata.Add(new AllowAnonymousAttribute());
        }
        else
        {
            foreach (var policy in policies.Select(p => p.Policy).Where(p => p != Anonymous).Distinct(StringComparer.Ordinal))
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(policy));
            }
        }

        if (keys.Any(PersonalDataRoutes.Contains))
        {
            endpoint.Metadata.Add(PersonalDataMetadata.Instance);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
            Message = "Route {Route} has no access rule in Alpi.Collector/Security/Authorization/RouteAccessRules.cs: it requires {Policy}; add it to the table")]
        public static partial void Unlisted(ILogger logger, string route, string policy);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
            Message = "Route {Route} declared its own authorization metadata (AllowAnonymous or Authorize): replaced by the access table's rule")]
        public static partial void MetadataReplaced(ILogger logger, string route);
    }
}

/// <summary>A route template as written (<c>/api/alerts/{id}</c>), always starting with <c>/</c>.</summary>
/// <param name="Raw">The template as the endpoint's route pattern gives it, with or without its leading slash.</param>
public readonly record struct RoutePatternText(string? Raw)
{
    /// <summary>The template with exactly one leading <c>/</c>.</summary>
    public string Text => "/" + (Raw ?? "").TrimStart('/');
}

/// <summary>Endpoint metadata: the endpoint serves personal data, and each call is audited (<see cref="RouteAccessRules.PersonalDataRoutes"/>).</summary>
public sealed class PersonalDataMetadata
{
    /// <summary>The one instance.</summary>
    public static PersonalDataMetadata Instance { get; } = new();

    private PersonalDataMetadata()
    {
    }
}
