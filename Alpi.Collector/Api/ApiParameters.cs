using System.Globalization;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Http;

namespace Alpi.Collector.Api;

/// <summary>The query-string readings and the 400 answer shared by the collector's JSON endpoints.</summary>
internal static class ApiParameters
{
    /// <summary>
    /// A 400 answer as an RFC 9457 problem (<see cref="ApiProblems"/>: <c>application/problem+json</c>, written readably,
    /// <c>instance</c> the request's path) whose <c>detail</c> and <c>error</c> both hold <paramref name="error"/> and whose
    /// <c>parameter</c> names the parameter at fault (left out when it is the body or the whole request); so the
    /// documented <c>{"error","parameter"}</c> members stay as they were.
    /// </summary>
    public static IResult BadRequest(string error, string? parameter) => ApiProblems.Result(StatusCodes.Status400BadRequest, error, parameter);

    /// <summary>The 400 answer of <see cref="BadRequest(string, string?)"/> for <paramref name="refusal"/>, with its <c>code</c> and <c>args</c>.</summary>
    public static IResult BadRequest(Refusal refusal, string? parameter) => ApiProblems.Result(StatusCodes.Status400BadRequest, refusal, parameter);

    /// <summary>
    /// Reads a numeric route parameter (<c>/api/alerts/{id}</c>): digits only, within a 64-bit integer. Routes take such
    /// parameters as strings, without a <c>{id:long}</c> constraint: a constraint that fails makes the route not match, so
    /// <c>/api/alerts/abc</c> was answered 404 "nothing found", as if the endpoint did not exist, where the caller needs
    /// a 400 naming the parameter (ASP.NET Core documentation, "Routing": route constraints are not for input validation).
    /// </summary>
    /// <param name="text">The route value.</param>
    /// <param name="name">The parameter's name in the route (<c>id</c>).</param>
    /// <param name="what">What it identifies, for the message (<c>an alert id</c>).</param>
    /// <param name="value">The number, when the result is true.</param>
    /// <param name="problem">When the result is false: a 400 problem naming the parameter, its value and the shape
    /// expected (<c>id "abc" is not a valid id: an alert id is a whole number from 0 to 9223372036854775807</c>).</param>
    public static bool TryRouteNumber(string text, string name, string what, out long value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out IResult? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            problem = null;
            return true;
        }

        problem = BadRequest($"{name} \"{text}\" is not a valid id: {what} is a whole number from 0 to {long.MaxValue}", name);
        return false;
    }

    /// <summary>The value, or null when it is absent or empty (<c>?host=</c> means no filter).</summary>
    public static string? Optional(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// Reads an optional instant: ISO 8601 (RFC 3339), UTC unless it carries an offset. True with null when absent or
    /// empty; false when present and unreadable.
    /// </summary>
    public static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }
}
