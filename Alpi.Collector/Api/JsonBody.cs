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
/// <c>error</c> repeats <c>detail</c> for the collector's documented <c>{"error","parameter"}</c> shape. A body whose
/// <c>Content-Type</c> is not JSON is not read at all: every endpoint reading its body here answers it 415 Unsupported
/// Media Type (RFC 9110 §15.5.16) with a problem naming <c>body</c> (<see cref="UnsupportedMediaType"/>), as the hotspot
/// controller's admin API and ASP.NET Core's own body binding do. Each of these problems carries its <c>code</c> and
/// <c>args</c> (<see cref="RefusalCodes"/>: <c>body.type</c> with the member and the words expected, <c>body.mediaType</c>…),
/// from which the dashboard words it in French or English.
/// </summary>
internal static class JsonBody
{
    /// <summary>Reads the body as <typeparamref name="T"/>.</summary>
    /// <param name="http">The request.</param>
    /// <param name="type">The request contract's metadata.</param>
    /// <returns>The body, or the answer to return: 415 for a body that is not JSON, 400 for one that does not fit (also for an empty body or <c>null</c>).</returns>
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> type)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        if (UnsupportedMediaType(http) is { } unsupported)
        {
            return (null, unsupported);
        }

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

    /// <summary>
    /// The 415 Unsupported Media Type answer when the request's <c>Content-Type</c> is not JSON (<c>application/json</c>
    /// or a <c>+json</c> type, any charset), or null: a <c>text/plain</c> body is not read as JSON, as ASP.NET Core's
    /// own body binding refuses it (and so the hotspot controller's admin API). Checked by <see cref="ReadAsync"/> and
    /// <see cref="ReadObjectAsync"/> before reading.
    /// </summary>
    /// <param name="http">The request.</param>
    private static IResult? UnsupportedMediaType(HttpContext http)
    {
        return http.Request.HasJsonContentType()
            ? null
            : ApiProblems.Result(StatusCodes.Status415UnsupportedMediaType, Refusal.Of(RefusalCodes.BodyMediaType,
                "the body must be JSON (Content-Type: application/json)" + (string.IsNullOrEmpty(http.Request.ContentType) ? "; none was given" : $", not {http.Request.ContentType}"),
                ("contentType", http.Request.ContentType)), "body");
    }

    /// <summary>Reads the body as any JSON object (its members checked afterwards by the caller).</summary>
    /// <param name="http">The request.</param>
    /// <returns>The object, or the answer to return: 415 for a body that is not JSON, 400 for one that is no JSON object.</returns>
    public static async Task<(JsonObject? Body, IResult? Problem)> ReadObjectAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (UnsupportedMediaType(http) is { } unsupported)
        {
            return (null, unsupported);
        }

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

    /// <summary>
    /// Checks an object already read (<see cref="ReadObjectAsync"/>) against a request contract: each member's JSON
    /// type, and no unknown member when the contract disallows them; the members are then read by the caller.
    /// </summary>
    /// <param name="body">The body.</param>
    /// <param name="type">The request contract's metadata.</param>
    /// <param name="expected">Plainer words than the contract's types give for some members, by JSON path (<c>$.duration</c> → <c>a duration such as "2h"</c>), or null.</param>
    /// <returns>Null when the body fits the contract, else the 400 answer to return.</returns>
    public static IResult? Check<T>(JsonObject body, JsonTypeInfo<T> type, IReadOnlyDictionary<string, string>? expected = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(type);
        try
        {
            _ = JsonSerializer.Deserialize(body, type);
            return null;
        }
        catch (JsonException e)
        {
            var error = JsonBodyError.Describe(e, type);
            return Problem(error.Kind == JsonBodyErrorKind.WrongType && expected is not null && expected.TryGetValue(error.JsonPath, out var words)
                ? error with { Expected = words, Detail = $"{error.Parameter}: expected {words}" }
                : error);
        }
    }

    /// <summary>
    /// The 400 problem answer for a body of the right shape whose content is refused (a time that is not one, a
    /// missing member), with <c>parameter</c>, its JSON path and <c>error</c> = <c>detail</c>.
    /// </summary>
    /// <param name="detail">What is wrong, in plain words, naming the member.</param>
    /// <param name="parameter">The member at fault (<c>matchers</c>, <c>once.from</c>), or null for the whole body.</param>
    public static IResult Invalid(string detail, string? parameter) => Invalid(detail, null, parameter);

    /// <summary>
    /// The 400 problem answer of <see cref="Invalid(string, string?)"/> for <paramref name="refusal"/>: its sentence as
    /// <c>detail</c> and <c>error</c>, with its <c>code</c> and <c>args</c>.
    /// </summary>
    /// <param name="refusal">What is wrong.</param>
    /// <param name="parameter">The member at fault, or null for the whole body.</param>
    public static IResult Invalid(Refusal refusal, string? parameter)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return Invalid(refusal.Sentence, refusal, parameter);
    }

    private static IResult Invalid(string detail, Refusal? refusal, string? parameter)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var member = string.IsNullOrEmpty(parameter) || parameter == "body" ? null : parameter;
        return ApiProblems.Result(new ApiProblem(ApiProblem.BadRequestType, Title, StatusCodes.Status400BadRequest, detail)
        {
            Parameter = member ?? "body",
            Path = member is null ? "$" : "$." + member,
            Error = detail,
        }.With(refusal));
    }

    // The title of every body problem, as JsonBodyError.ToProblem gives it.
    private const string Title = "The request body is not what this endpoint accepts";

    /// <summary>The 400 problem answer of <paramref name="error"/>.</summary>
    public static IResult Problem(JsonBodyError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return ApiProblems.Result((error.ToProblem() with { Error = error.Detail }).With(error.ToRefusal()));
    }
}
