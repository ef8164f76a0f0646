using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Alpi.Collector.Api;

/// <summary>The query-string readings and the 400 answer shared by the collector's JSON endpoints.</summary>
internal static class ApiParameters
{
    /// <summary>A 400 answer <c>{"error","parameter"}</c> naming the parameter at fault (null when it is the body or the whole request).</summary>
    public static IResult BadRequest(string error, string? parameter) =>
        Results.Json(new ApiErrorDto(error, parameter), ApiJsonContext.Default.ApiErrorDto, statusCode: StatusCodes.Status400BadRequest);

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
