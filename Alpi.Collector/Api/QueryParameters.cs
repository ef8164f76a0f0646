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
/// ignored (and the answer unfiltered). Applied to <c>/api/hosts</c>, <c>/api/series</c>, <c>/api/query</c>,
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
    public static RouteHandlerBuilder WithQueryParameters(this RouteHandlerBuilder builder, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(names);
        return builder.AddEndpointFilter(async (context, next) =>
            QueryParameterCheck.Problem(context.HttpContext.Request.Query.Keys, names) is { } problem
                ? ApiProblems.Result(problem with { Error = problem.Detail })
                : await next(context));
    }
}
