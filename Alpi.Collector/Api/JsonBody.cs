using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Http;

namespace Alpi.Collector.Api;

/// <summary>
/// Reads the JSON body of the collector's API requests, in one place: a body that is not JSON, a member of the wrong
/// type or an unknown member (the request contracts disallow them) is answered 400 <c>application/problem+json</c>
/// (RFC 9457) naming the member by its JSON path and what it should hold in plain words (<see cref="JsonBodyError"/>),
/// never the server's type names; <c>detail</c> and <c>parameter</c> are what the dashboard shows beside the field, and
/// <c>error</c> repeats <c>detail</c> for the collector's documented <c>{"error","parameter"}</c> shape.
/// </summary>
internal static class JsonBody
{
    /// <summary>Reads the body as <typeparamref name="T"/>.</summary>
    /// <param name="http">The request.</param>
    /// <param name="type">The request contract's metadata.</param>
    /// <returns>The body, or the 400 answer to return (also for an empty body or <c>null</c>).</returns>
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> type)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            return await JsonSerializer.DeserializeAsync(http.Request.Body, type, http.RequestAborted) is { } body
                ? (body, null)
                : (null, Problem(new JsonBodyError(JsonBodyErrorKind.WrongType, "$", "body", "a JSON object", "the body must be a JSON object")));
        }
        catch (JsonException e)
        {
            return (null, Problem(JsonBodyError.Describe(e, type)));
        }
    }

    /// <summary>Reads the body as any JSON object (its members checked afterwards by the caller).</summary>
    /// <param name="http">The request.</param>
    /// <returns>The object, or the 400 answer to return.</returns>
    public static async Task<(JsonObject? Body, IResult? Problem)> ReadObjectAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) is JsonObject body
                ? (body, null)
                : (null, Problem(new JsonBodyError(JsonBodyErrorKind.WrongType, "$", "body", "a JSON object", "the body must be a JSON object")));
        }
        catch (JsonException e)
        {
            return (null, Problem(JsonBodyError.Describe(e, null)));
        }
    }

    /// <summary>The 400 problem answer of <paramref name="error"/>.</summary>
    public static IResult Problem(JsonBodyError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Results.Json(error.ToProblem() with { Error = error.Detail }, ApiProblemContext.Default.ApiProblem, ApiProblem.ContentType, StatusCodes.Status400BadRequest);
    }
}
