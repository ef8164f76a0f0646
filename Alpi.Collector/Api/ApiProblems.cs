using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Alpi.Collector.Api;

/// <summary>
/// The error answers of the collector's HTTP API as RFC 9457 problems (<c>application/problem+json</c>, written readably:
/// quotes as themselves, <see cref="ApiProblemContext.Readable"/>): <c>type</c> the status's section of RFC 9110
/// (§15.5.x for 4xx, §15.6.x for 5xx), <c>title</c> its reason phrase (<c>Not Found</c>), <c>status</c>, <c>detail</c>
/// what was wrong in plain words, <c>instance</c> the request's path; plus the collector's documented members
/// <c>error</c> (the same sentence as <c>detail</c>) and <c>parameter</c> (the parameter, member or header at fault;
/// left out when there is none); and for a refusal the dashboard words in French or English, <c>code</c> and <c>args</c>
/// (<see cref="Refusal"/>: its code from <see cref="RefusalCodes"/>, its values by name), the sentence staying the
/// English <c>detail</c>/<c>error</c>. The one place the collector's problems are built. Never cached (<c>Cache-Control: no-store</c>). Source: RFC 9457 §3, RFC 9110 §15.
/// </summary>
internal static class ApiProblems
{
    /// <summary>The problem of <paramref name="status"/> (4xx or 5xx) with <paramref name="error"/> as <c>detail</c> and <c>error</c>.</summary>
    /// <param name="status">The HTTP status code, 400 to 599.</param>
    /// <param name="error">What was wrong, naming it (<c>no alert 42</c>).</param>
    /// <param name="parameter">The parameter at fault (<c>id</c>, <c>body</c>, <c>Authorization</c>), or null.</param>
    /// <param name="instance">The request path, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not 400 to 599.</exception>
    public static ApiProblem Of(int status, string error, string? parameter, string? instance)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        return new ApiProblem(ApiProblem.TypeFor(status), TitleOf(status), status, error) { Instance = instance, Parameter = parameter, Error = error };
    }

    /// <summary>
    /// The problem of <paramref name="status"/> for <paramref name="refusal"/>: its sentence as <c>detail</c> and
    /// <c>error</c>, its <c>code</c> and <c>args</c>.
    /// </summary>
    /// <param name="status">The HTTP status code, 400 to 599.</param>
    /// <param name="refusal">What was refused.</param>
    /// <param name="parameter">The parameter at fault, or null.</param>
    public static ApiProblem Of(int status, Refusal refusal, string? parameter)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return Of(status, refusal.Sentence, parameter, null).With(refusal);
    }

    /// <summary>The reason phrase of <paramref name="status"/> (<c>Payload Too Large</c>), or <c>Error</c> for an unknown code.</summary>
    public static string TitleOf(int status) => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    /// <summary>
    /// The answer of an endpoint: the problem of <see cref="Of(int, string, string?, string?)"/>, its <c>instance</c> the request's path (read when the
    /// answer is written).
    /// </summary>
    public static IResult Result(int status, string error, string? parameter) => new ProblemResult(Of(status, error, parameter, null));

    /// <summary>The answer of an endpoint for <paramref name="refusal"/>: the problem of <see cref="Of(int, Refusal, string?)"/>.</summary>
    public static IResult Result(int status, Refusal refusal, string? parameter) => new ProblemResult(Of(status, refusal, parameter));

    /// <summary>
    /// The answer of an endpoint for a problem built elsewhere (a JSON body's, an unknown query parameter's): written as
    /// <see cref="Result(int, string, string?)"/> writes it, its <c>instance</c> the request's path when it has none.
    /// </summary>
    public static IResult Result(ApiProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new ProblemResult(problem);
    }

    /// <summary>
    /// Writes the problem of <see cref="Of(int, string, string?, string?)"/> on <paramref name="response"/> (status, <c>Cache-Control: no-store</c>,
    /// <c>application/problem+json</c>), unless the response has started; for middleware and authentication handlers.
    /// </summary>
    public static Task WriteAsync(HttpResponse response, int status, string error, string? parameter)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        return new ProblemResult(Of(status, error, parameter, null)).ExecuteAsync(response.HttpContext);
    }

    /// <summary>Writes the problem of <see cref="Of(int, Refusal, string?)"/> as <see cref="WriteAsync(HttpResponse, int, string, string?)"/> does.</summary>
    public static Task WriteAsync(HttpResponse response, int status, Refusal refusal, string? parameter)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.HasStarted ? Task.CompletedTask : new ProblemResult(Of(status, refusal, parameter)).ExecuteAsync(response.HttpContext);
    }

    /// <summary>Writes a problem with the request's path as its <c>instance</c>.</summary>
    private sealed class ProblemResult(ApiProblem problem) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => problem.Status;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var request = httpContext.Request;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Results.Json(problem with { Instance = problem.Instance ?? (request.PathBase + request.Path).Value },
                ApiProblemContext.Readable.ApiProblem, ApiProblem.ContentType, problem.Status).ExecuteAsync(httpContext);
        }
    }
}
