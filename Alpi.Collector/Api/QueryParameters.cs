using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Alpi.Collector.Api;

/// <summary>
/// Refuses unknown query parameters on the collector's GET endpoints whose parameters are a fixed set, so that a typo
/// (<c>?severty=critical</c>) is answered 400 <c>{"error","parameter"}</c> naming it and the known ones instead of being
/// silently ignored (and the answer unfiltered). Applied to <c>/api/hosts</c>, <c>/api/series</c>, <c>/api/query</c>,
/// <c>/api/latest</c>, <c>/api/events</c>, <c>/api/alerts</c>, <c>/api/oncall</c>, <c>/api/oncall/next</c>,
/// <c>/api/silences</c>, <c>/api/maintenance</c> and <c>/api/security/audit</c>; a name
/// ending with a dot (<c>tag.</c>) admits every parameter with that prefix (<c>tag.cpu</c>).
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
        {
            var unknown = Unknown(context.HttpContext.Request.Query, names);
            return unknown is null
                ? await next(context)
                : ApiParameters.BadRequest(
                    $"unknown query parameter \"{unknown}\"; this endpoint takes " + (names.Length == 0 ? "none" : string.Join(", ", names.Select(n => n.EndsWith('.') ? n + "<key>" : n))),
                    unknown);
        });
    }

    /// <summary>The first parameter of <paramref name="query"/> that is not among <paramref name="names"/>, or null.</summary>
    public static string? Unknown(IQueryCollection query, IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(names);
        foreach (var key in query.Keys)
        {
            if (!names.Any(n => n.EndsWith('.') ? key.StartsWith(n, StringComparison.Ordinal) && key.Length > n.Length : n == key))
            {
                return key;
            }
        }

        return null;
    }
}
