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
