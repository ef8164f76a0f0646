using Microsoft.AspNetCore.Http;

namespace Alpi.Collector.Api;

/// <summary>
/// JSON answers with an entity tag (RFC 9110 §8.8.3, §13.1.2): a strong ETag from a SHA-256 of the body, and 304 Not
/// Modified when the request's <c>If-None-Match</c> lists it (or is <c>*</c>), so that a page polling every second
/// receives the body only when it changed.
/// </summary>
internal static class ConditionalJson
{
    /// <summary>200 with <paramref name="body"/> (UTF-8 JSON) and its ETag, or 304 when the client has it.</summary>
    public static IResult Result(HttpContext http, byte[] body)
    {
        var etag = "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body).AsSpan(0, 12)) + "\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "no-cache";
        foreach (var value in http.Request.Headers.IfNoneMatch)
        {
            foreach (var candidate in (value ?? "").Split(','))
            {
                var tag = candidate.Trim();
                if (tag == "*" || tag == etag || tag == "W/" + etag)
                {
                    return Results.StatusCode(StatusCodes.Status304NotModified);
                }
            }
        }

        return Results.Bytes(body, "application/json; charset=utf-8");
    }
}
