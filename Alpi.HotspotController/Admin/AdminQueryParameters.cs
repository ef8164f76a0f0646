using Alpi.Protocols.Http;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.HotspotController.Admin;

/// <summary>
/// Refuses unknown query parameters on the administration API's GET endpoints (<see cref="QueryParameterCheck"/>,
/// shared with the collector): a typo (<c>/api/admin/devices?usr=alice</c>) is answered 400
/// <c>application/problem+json</c> with <c>parameter</c> the unknown name and <c>detail</c> naming the accepted ones,
/// instead of an unfiltered list of personal data; a parameter given twice (<c>?user=alice&amp;user=bob</c>, read joined
/// as <c>alice,bob</c>) is answered 400 naming it, as every parameter here takes one value. Runs after authorization: an unauthenticated caller still gets 401.
/// </summary>
internal static class AdminQueryParameters
{
    /// <summary>Adds the check to an endpoint.</summary>
    /// <param name="builder">The endpoint.</param>
    /// <param name="names">The accepted parameter names (case-sensitive), none for an endpoint without parameters.</param>
    /// <returns>The endpoint, for chaining.</returns>
    public static RouteHandlerBuilder WithQueryParameters(this RouteHandlerBuilder builder, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(names);
        return builder.AddEndpointFilter(async (context, next) => Problem(context.HttpContext.Request.Query, names) ?? await next(context));
    }

    /// <summary>
    /// Adds the check to an endpoint serving personal data: a refusal is also written to the audit log as a refused read
    /// of <paramref name="auditAction"/> (<see cref="PersonalDataAudit.RefusedAsync"/>), with the query as sent and the
    /// refusal's status and sentence (<c>400: unknown query parameter "usr"; …</c>).
    /// </summary>
    /// <param name="builder">The endpoint.</param>
    /// <param name="auditAction">The action of the endpoint's audit entries (<see cref="Audit.AuditActions"/>).</param>
    /// <param name="names">The accepted parameter names (case-sensitive), none for an endpoint without parameters.</param>
    /// <returns>The endpoint, for chaining.</returns>
    public static RouteHandlerBuilder WithAuditedQueryParameters(this RouteHandlerBuilder builder, string auditAction, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(auditAction);
        ArgumentNullException.ThrowIfNull(names);
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (Unknown(http.Request.Query, names) is not { } problem)
            {
                return await next(context);
            }

            await http.RequestServices.GetRequiredService<PersonalDataAudit>().RefusedAsync(http, auditAction, problem);
            return Answer(problem);
        });
    }

    /// <summary>The 400 problem answer for the first unknown or repeated parameter of <paramref name="query"/>, or null.</summary>
    public static IResult? Problem(IQueryCollection query, IReadOnlyCollection<string> names) =>
        Unknown(query, names) is { } problem ? Answer(problem) : null;

    /// <summary>
    /// The RFC 9457 problem (400, <c>parameter</c> the name) for the first parameter of <paramref name="query"/> not in
    /// <paramref name="names"/> or given twice (<see cref="QueryParameterCheck"/>), or null when every one is accepted.
    /// </summary>
    public static ApiProblem? Unknown(IQueryCollection query, IReadOnlyCollection<string> names) =>
        QueryParameterCheck.Problem([.. query.Select(p => KeyValuePair.Create(p.Key, p.Value.Count))], names, repeatable: []);

    /// <summary>The answer carrying <paramref name="problem"/>: <c>application/problem+json</c> with its status.</summary>
    public static IResult Answer(ApiProblem problem) =>
        Results.Json(problem, ApiProblemContext.Readable.ApiProblem, ApiProblem.ContentType, problem.Status);
}
