using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Api.Limits;

/// <summary>
/// Request body size limits of the collector's HTTP server. Kestrel refuses any body larger than
/// <see cref="CollectorHttpOptions.MaxRequestBodyBytes"/> (its <c>MaxRequestBodySize</c>, set in
/// <see cref="CollectorApplication"/>); this middleware lowers the limit to <see cref="CollectorHttpOptions.MaxSmallRequestBodyBytes"/>
/// for the endpoints whose bodies are small (<see cref="SmallBodyRoutes"/>: the login form, an alert acknowledgement, a
/// silence, a maintenance window), and turns a refusal into 413 Payload Too Large, an RFC 9457 problem
/// (<see cref="ApiProblems"/>, <c>application/problem+json</c>) whose <c>detail</c> and <c>error</c> say
/// <c>request body of N octets is larger than the limit of M octets for POST /login</c>, <c>parameter</c> <c>body</c> —
/// at once when the <c>Content-Length</c> says so, or when reading a chunked body passes the limit (Kestrel's
/// <c>BadHttpRequestException</c>, status 413). Each refusal is logged (method, path, limit; never the body) and counted
/// (<see cref="HttpLimitStatistics"/>). Added after authorization, so that an anonymous request to a protected route
/// still gets 401 without its body being read. Source: RFC 9110 §15.5.14; ASP.NET Core <c>IHttpMaxRequestBodySizeFeature</c>.
/// </summary>
public static partial class RequestBodyLimits
{
    /// <summary>
    /// The routes that get the small limit, as a method and a path template whose <c>*</c> segment matches any one
    /// segment (<c>/api/alerts/*/ack</c> is an acknowledgement, never <c>/api/alerts/rules/validate</c>).
    /// </summary>
    public static readonly IReadOnlyList<(string Method, string PathTemplate)> SmallBodyRoutes =
    [
        ("POST", "/login"),
        ("POST", "/logout"),
        ("POST", "/api/alerts/*/ack"),
        ("POST", "/api/silences"),
        ("POST", "/api/maintenance"),
    ];

    /// <summary>Adds the middleware.</summary>
    public static IApplicationBuilder UseAlpiRequestBodyLimits(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<IOptions<CollectorOptions>>();
        var statistics = app.ApplicationServices.GetRequiredService<HttpLimitStatistics>();
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestBodyLimits));
        return app.Use(async (http, next) =>
        {
            var limit = LimitFor(http.Request.Method, http.Request.Path, options.Value.Http);
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }

            if (http.Request.ContentLength is { } length && length > limit)
            {
                await RefuseAsync(http, length.ToString(System.Globalization.CultureInfo.InvariantCulture), limit, statistics, logger);
                return;
            }

            try
            {
                await next(http);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
            {
                await RefuseAsync(http, "more than " + limit.ToString(System.Globalization.CultureInfo.InvariantCulture), limit, statistics, logger);
            }
        });
    }

    /// <summary>The body limit, in octets, of a request.</summary>
    public static long LimitFor(string method, PathString path, CollectorHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (routeMethod, template) in SmallBodyRoutes)
        {
            if (string.Equals(method, routeMethod, StringComparison.OrdinalIgnoreCase) && Matches(template, path.Value ?? ""))
            {
                return options.MaxSmallRequestBodyBytes;
            }
        }

        return options.MaxRequestBodyBytes;
    }

    private static bool Matches(string template, string path)
    {
        var expected = template.Split('/');
        var actual = path.TrimEnd('/').Split('/');
        if (expected.Length != actual.Length)
        {
            return false;
        }

        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] != "*" && !string.Equals(expected[i], actual[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task RefuseAsync(HttpContext http, string length, long limit, HttpLimitStatistics statistics, ILogger logger)
    {
        statistics.CountTooLarge();
        var what = $"{http.Request.Method} {http.Request.Path}";
        Log.TooLarge(logger, what, length, limit);
        http.Response.Clear();
        http.Response.Headers.Connection = "close"; // the rest of the body is not read
        await ApiProblems.Result(StatusCodes.Status413PayloadTooLarge, Refusal.Of(RefusalCodes.BodyTooLarge,
                $"request body of {length} octets is larger than the limit of {limit} octets for {what}", ("length", length), ("limit", limit), ("what", what)), "body")
            .ExecuteAsync(http);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Request} refused: body of {Length} octets, limit {Limit} (413)")]
        public static partial void TooLarge(ILogger logger, string request, string length, long limit);
    }
}
