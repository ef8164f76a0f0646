using Alpi.Collector.Api;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Http;

namespace Alpi.Collector.Security;

/// <summary>
/// Error answers of access control (401 authentication required or token refused, 403 role or scope too low, 503 audit
/// log unwritable) as the API's RFC 9457 problems (<see cref="ApiProblems"/>: <c>application/problem+json</c> with
/// <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>, <c>instance</c>, and the documented <c>error</c> and
/// <c>parameter</c>), never cached.
/// </summary>
internal static class SecurityResponses
{
    /// <summary>Writes <paramref name="status"/> with the problem body, unless the response has started.</summary>
    /// <param name="response">The response to write.</param>
    /// <param name="status">401, 403 or 503.</param>
    /// <param name="error">What was refused and what to do, in plain words: the problem's <c>detail</c> and <c>error</c>.</param>
    /// <param name="parameter">The header at fault (<c>Authorization</c>), or null.</param>
    public static Task WriteErrorAsync(HttpResponse response, int status, string error, string? parameter) =>
        ApiProblems.WriteAsync(response, status, error, parameter);

    /// <summary>Writes <paramref name="status"/> with the problem of <paramref name="refusal"/> (its <c>code</c> and <c>args</c> too), unless the response has started.</summary>
    /// <param name="response">The response to write.</param>
    /// <param name="status">401, 403 or 503.</param>
    /// <param name="refusal">What was refused: its sentence is the problem's <c>detail</c> and <c>error</c>.</param>
    /// <param name="parameter">The header at fault (<c>Authorization</c>), or null.</param>
    public static Task WriteErrorAsync(HttpResponse response, int status, Refusal refusal, string? parameter) =>
        ApiProblems.WriteAsync(response, status, refusal, parameter);
}
