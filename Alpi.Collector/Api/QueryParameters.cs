using Alpi.Protocols.Http;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Alpi.Collector.Api;

/// <summary>
/// Refuses unknown query parameters on the collector's GET endpoints whose parameters are a fixed set
/// (<see cref="QueryParameterCheck"/>, shared with the hotspot controller), so that a typo (<c>?severty=critical</c>)
/// is answered 400 <c>application/problem+json</c> naming it in <c>parameter</c> and the known ones in <c>detail</c>
/// (repeated in <c>error</c>, the collector's documented <c>{"error","parameter"}</c> shape) instead of being silently
/// ignored (and the answer unfiltered); and a parameter given several times (<c>?host=a&amp;host=b</c>, which would be
/// read joined as <c>a,b</c> and match nothing) is answered 400 naming it, unless the endpoint takes several values of
/// it. Applied to <c>/api/hosts</c>, <c>/api/series</c>, <c>/api/query</c>,
/// <c>/api/latest</c>, <c>/api/events</c>, <c>/api/alerts</c>, <c>/api/oncall</c>, <c>/api/oncall/next</c>,
/// <c>/api/silences</c>, <c>/api/maintenance</c> and <c>/api/security/audit</c>; a name ending with a dot (<c>tag.</c>)
/// admits every parameter with that prefix (<c>tag.cpu</c>).
/// </summary>
internal static class QueryParameters
{
    /// <summary>Adds the check to an endpoint.</summary>
    /// <param name="builder">The endpoint.</param>
    /// <param name="names">The accepted parameter names (case-sensitive, as the endpoints read them), or prefixes ending with a dot.</param>
    /// <returns>The endpoint, for chaining.</returns>
    public static RouteHandlerBuilder WithQueryParameters(this RouteHandlerBuilder builder, params string[] names) =>
        builder.WithQueryParameters(names, repeatable: []);

    /// <summary>Adds the check to an endpoint some of whose parameters may be given several times.</summary>
    /// <param name="builder">The endpoint.</param>
    /// <param name="names">The accepted parameter names (case-sensitive, as the endpoints read them), or prefixes ending with a dot.</param>
    /// <param name="repeatable">The names of <paramref name="names"/> that may be given several times; every other name takes one value.</param>
    /// <returns>The endpoint, for chaining.</returns>
    public static RouteHandlerBuilder WithQueryParameters(this RouteHandlerBuilder builder, IReadOnlyCollection<string> names, IReadOnlyCollection<string> repeatable)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(repeatable);
        return builder.AddEndpointFilter(async (context, next) =>
            QueryParameterCheck.Problem(Counts(context.HttpContext.Request.Query), names, repeatable) is { } problem
                ? ApiProblems.Result(problem with { Error = problem.Detail })
                : await next(context));
    }

    private static KeyValuePair<string, int>[] Counts(IQueryCollection query) =>
        [.. query.Select(p => KeyValuePair.Create(p.Key, p.Value.Count))];
}
