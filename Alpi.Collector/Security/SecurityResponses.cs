using Alpi.Collector.Api;
using Microsoft.AspNetCore.Http;

namespace Alpi.Collector.Security;

/// <summary>Error answers of access control, in the API's shape <c>{"error": "…", "parameter": …}</c> (<see cref="ApiErrorDto"/>), never cached.</summary>
internal static class SecurityResponses
{
    /// <summary>Writes <paramref name="status"/> with the error body, unless the response has started.</summary>
    public static Task WriteErrorAsync(HttpResponse response, int status, string error, string? parameter)
    {
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        return response.WriteAsJsonAsync(new ApiErrorDto(error, parameter), ApiJsonContext.Default.ApiErrorDto);
    }
}
